"""Text cut to fit a table cell or a notification: on one line, "…" where it was cut."""

from __future__ import annotations

from app.desktop.text import one_line, shorten


def test_text_that_fits_is_only_put_on_one_line() -> None:
    assert one_line("  Hi\n\nthere\t you ") == "Hi there you"
    assert shorten("Your account statement\nis attached.", 160) == "Your account statement is attached."
    assert shorten("exactly ten", 11) == "exactly ten"


def test_longer_text_is_cut_to_the_limit_with_an_ellipsis_and_no_space_before_it() -> None:
    cut = shorten("word " * 100, 100)
    assert len(cut) <= 100 and cut.endswith("word…")
    assert shorten("abcdefghij", 5) == "abcd…"
    assert shorten("abc defghij", 5) == "abc…", "a space where it was cut is not left before the …"
    assert len(shorten("x" * 500, 160)) == 160
