"""The customer pane's "every part loaded" countdown: it tells once, when the last expected part is in."""

from __future__ import annotations

from app.desktop.customer.loading import LoadingParts


def test_it_tells_once_when_the_last_part_is_in_and_later_answers_count_for_nothing() -> None:
    told: list[str] = []
    parts = LoadingParts(lambda: told.append("all loaded"))
    parts.expect("threads", "categories")
    parts.loaded("threads")
    parts.loaded("threads")
    assert told == []
    parts.loaded("unexpected")
    assert told == []
    parts.loaded("categories")
    assert told == ["all loaded"]
    parts.loaded("categories")
    parts.loaded("threads")
    assert told == ["all loaded"]


def test_a_part_found_while_loading_is_waited_for_and_opening_again_starts_over() -> None:
    told: list[str] = []
    parts = LoadingParts(lambda: told.append("all loaded"))
    parts.expect("threads", "categories")
    parts.loaded("categories")
    parts.also_expect("messages")
    parts.loaded("threads")
    assert told == []
    parts.loaded("messages")
    assert told == ["all loaded"]
    # Another customer: the previous customer's late answers do not end the new countdown.
    parts.expect("threads", "categories")
    parts.loaded("threads")
    assert told == ["all loaded"]
    parts.loaded("categories")
    assert told == ["all loaded", "all loaded"]
