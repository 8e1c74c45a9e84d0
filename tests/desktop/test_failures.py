"""What the user reads when something failed: one text per kind of error, for every error pane."""

from __future__ import annotations

from app.client.errors import (
    ConnectionFailed,
    DeadlineExceeded,
    InvalidResponse,
    NotFound,
    NotSent,
    ServerUnavailable,
)
from app.desktop.failures import Failure, failure_of


def test_an_error_answer_shows_the_servers_message_and_trace_id() -> None:
    error = NotFound(404, "customer.not_found", "Customer 99 was not found.", trace_id="abc123")
    assert failure_of(error) == Failure(
        "Customer 99 was not found.", "abc123", offline=False, error_code="customer.not_found"
    )


def test_a_failing_server_or_no_connection_is_worth_trying_again_later() -> None:
    unavailable = failure_of(ServerUnavailable(503, "server.unavailable", "Try again later.", trace_id="t1"))
    assert unavailable.offline and unavailable.message == "Try again later." and unavailable.trace_id == "t1"
    raw = "cannot connect to http://127.0.0.1:9: ConnectError('All connection attempts failed')"
    for error, why in (
        (NotSent(raw), "No connection to it could be made"),
        (ConnectionFailed("connection to http://127.0.0.1:9 failed: ReadError('')"), "broke off"),
        (DeadlineExceeded(15), "did not answer within 15 s"),
    ):
        failure = failure_of(error)
        assert failure.offline and failure.trace_id is None
        assert failure.message.startswith("The server cannot be reached.")
        assert why in failure.message, "the words say why"
        assert str(error) not in failure.message and "Error" not in failure.message, "never the raw text"
        assert failure.detail is not None and str(error) in failure.detail, "which server, why: for the log"


def test_any_other_exception_is_said_in_words_and_its_own_text_goes_to_the_log_only() -> None:
    problem = "embedded server did not start"
    words = "Something went wrong in Switchboard. Try again; the details are in the log."
    for error in (RuntimeError(problem), RuntimeError(), KeyError("customerId")):
        failure = failure_of(error)
        assert failure.message == words
        assert not failure.offline
        assert failure.detail is not None and type(error).__name__ in failure.detail
        assert not str(error) or str(error) not in failure.message
    assert failure_of(RuntimeError(problem)).detail == f"RuntimeError: {problem}"
    garbled = failure_of(InvalidResponse(200, "ValidationError('1 validation error for Customer')"))
    assert garbled.message.startswith("The server's answer could not be read.")
    assert "ValidationError" not in garbled.message
    assert failure_of(NotFound(404, "x.y", "", trace_id="")).message.startswith("404 x.y")


def test_an_error_body_that_is_not_the_servers_is_not_shown() -> None:
    proxy_page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    failure = failure_of(ServerUnavailable(502, "", proxy_page, trace_id=""))
    assert failure.message == "The server answered with an error (HTTP 502)."
    assert failure.offline, "a failing server is worth trying again later"
    assert failure.detail is not None and proxy_page in failure.detail
