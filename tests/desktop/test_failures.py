"""What the user reads when something failed: one text per kind of error, for every error pane."""

from __future__ import annotations

from app.client.errors import ConnectionFailed, DeadlineExceeded, NotFound, ServerUnavailable
from app.desktop.failures import Failure, failure_of


def test_an_error_answer_shows_the_servers_message_and_trace_id() -> None:
    error = NotFound(404, "customer.not_found", "Customer 99 was not found.", trace_id="abc123")
    assert failure_of(error) == Failure(
        "Customer 99 was not found.", "abc123", offline=False, error_code="customer.not_found"
    )


def test_a_failing_server_or_no_connection_is_worth_trying_again_later() -> None:
    unavailable = failure_of(ServerUnavailable(503, "server.unavailable", "Try again later.", trace_id="t1"))
    assert unavailable.offline and unavailable.message == "Try again later." and unavailable.trace_id == "t1"
    for error in (ConnectionFailed("cannot connect to http://127.0.0.1:9"), DeadlineExceeded(15)):
        failure = failure_of(error)
        assert failure.offline and failure.trace_id is None
        assert failure.message.startswith("The server cannot be reached.")
        assert str(error) in failure.message, "the detail says which server and why"


def test_any_other_exception_shows_its_text_or_at_least_its_kind() -> None:
    problem = "embedded server did not start"
    assert failure_of(RuntimeError(problem)) == Failure(problem)
    assert failure_of(RuntimeError()) == Failure("RuntimeError")
    assert failure_of(NotFound(404, "x.y", "", trace_id="")).message.startswith("404 x.y")
