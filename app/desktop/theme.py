"""The desktop's colours, named by what they mean: one `Palette`, which every widget reads its colours from.

No other module writes a colour: a widget asks `palette()` for a role (the blocked banner, a suppressed
message, the online dot) when it draws or styles itself. There are two looks, `LIGHT` and `DARK`,
with the same roles; `app.desktop.appearance` chooses one (`use`) and tells the widgets when it
changes. Colours are "#rrggbb" strings, which both Qt style sheets and `QColor` take.

Every text is readable on what it is drawn on: `readable_pairs` names each text role with its
background, and a test holds each pair to WCAG AA (a contrast of 4.5:1) in both looks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.contract.enums import Channel, ThreadStatus
from app.desktop.events import ConnectionState


@dataclass(frozen=True)
class Chip:
    """A rounded label: its fill and the colour of its text."""

    background: str
    text: str


@dataclass(frozen=True)
class StatusChips:
    """The customer's status label as a chip: one that blocks communication, any other, none."""

    blocked: Chip
    label: Chip
    no_label: Chip


@dataclass(frozen=True)
class StandardColours:
    """The colours of Qt's standard widgets (windows, lists, edits, buttons, menus): the application's
    QPalette in this look."""

    window: str
    window_text: str
    base: str
    """The background of lists, tables and edits."""
    alternate_base: str
    text: str
    """Text on `base`."""
    button: str
    button_text: str
    highlight: str
    """A selected row."""
    highlighted_text: str
    placeholder_text: str
    link: str
    tooltip_base: str
    tooltip_text: str
    mid: str
    """Frames and separators (`palette(mid)` in style sheets)."""
    disabled_text: str


@dataclass(frozen=True)
class Palette:
    """Every colour the desktop draws with, by role."""

    is_dark: bool
    """Light text on dark backgrounds: the standard widgets are drawn dark too."""
    standard: StandardColours

    # -- what went wrong --------------------------------------------------------------------------
    error_text: str
    """A problem with what was typed into a form (Settings)."""
    error_pane: Chip
    """The box with the server's message and trace id."""
    error_pane_border: str

    # -- communication blocked, and what it suppressed -------------------------------------------
    blocked_banner: Chip
    """The banner above the customer's tabs while communication is blocked."""
    suppressed: str
    """A suppressed message: its bubble's border and label, its delivery status in the Activity tab."""
    suppressed_background: str
    """The fill of a suppressed message's bubble."""
    failed: str
    """A communication whose delivery failed: its mark in the bubble and its status in the Activity tab."""
    failed_background: str
    """The fill of a failed message's bubble."""
    conflict_background: str
    """The panel after someone else changed the preferences first."""
    staged_background: str
    """A preference cell toggled but not saved yet."""

    # -- the customer's status label -------------------------------------------------------------
    header_chips: StatusChips
    """Next to the name at the top of the customer pane."""
    result_chips: StatusChips
    """In a row of the search results."""
    verified_badge: Chip
    """"Verified" next to the name once the caller passed the identity check (and that outcome)."""

    # -- a conversation --------------------------------------------------------------------------
    bubble_incoming: str
    bubble_outgoing: str
    bubble_text: str
    bubble_meta: str
    """Channel, agent, time and status under a message's text."""
    channel_badges: Mapping[Channel, str]
    """A channel's colour: its icon's disc, its bar on the dashboard."""
    other_channel_badge: str
    thread_statuses: Mapping[ThreadStatus, str]
    """The square in front of a thread's status in the thread list."""

    # -- the supervisor's dashboard --------------------------------------------------------------
    chart_incoming: str
    """Communications from customers, per day."""
    chart_outgoing: str
    """Communications to customers, per day."""
    chart_suppressed: str
    """Communications recorded but not delivered (blocked, opted out), per day."""
    chart_label: str
    """A count written on its bar (every bar colour is a dark one)."""
    pending_requests: Chip
    """The tile with the number of requests waiting for a decision."""

    # -- the window ------------------------------------------------------------------------------
    demo_banner: Chip
    demo_banner_border: str
    connection_states: Mapping[ConnectionState, str]
    """The dot in front of the connection state in the status bar."""


WHITE = "#ffffff"

#: A channel's colour, the same in both looks: the channel icons (resources/icons/channel-*.svg) are
#: discs of it with a white glyph, and the dashboard's bars by channel carry white counts on it.
CHANNEL_COLOURS: Mapping[Channel, str] = {
    Channel.EMAIL: "#1565c0",
    Channel.TEXT_MESSAGE: "#2e7d32",
    Channel.PHONE: "#6a1b9a",
    Channel.LETTER: "#795548",
    Channel.FAX: "#00796b",
    Channel.CHAT: "#ad1457",
    Channel.CONVERSATION: "#3949ab",
    Channel.OTHER: "#616161",
}
#: A thread status's colour in both looks (the status icons are discs of it with a white glyph).
THREAD_STATUS_COLOURS: Mapping[ThreadStatus, str] = {
    ThreadStatus.CREATED: "#1565c0",
    ThreadStatus.ONGOING: "#2e7d32",
    ThreadStatus.CLOSED: "#757575",
}
#: The connection dot's colour in both looks (resources/icons/connection-*.svg): mid tones that stand
#: out from a light and a dark status bar alike.
CONNECTION_COLOURS: Mapping[ConnectionState, str] = {
    ConnectionState.CONNECTING: "#787e84",
    ConnectionState.ONLINE: "#1e8e3e",
    ConnectionState.RECONNECTING: "#c86400",
    ConnectionState.OFFLINE: "#e53935",
}

LIGHT = Palette(
    is_dark=False,
    standard=StandardColours(
        window="#efefef",
        window_text="#000000",
        base=WHITE,
        alternate_base="#f7f7f7",
        text="#000000",
        button="#efefef",
        button_text="#000000",
        highlight="#1f6fc5",
        highlighted_text=WHITE,
        placeholder_text="#6b6b6b",
        link="#1a5fb4",
        tooltip_base="#ffffdc",
        tooltip_text="#000000",
        mid="#b8b8b8",
        disabled_text="#8c8c8c",
    ),
    error_text="#c5221f",
    error_pane=Chip("#fdecea", "#5f2120"),
    error_pane_border="#d93025",
    blocked_banner=Chip("#c62828", WHITE),
    suppressed="#c62828",
    suppressed_background="#fdecea",
    failed="#bf360c",
    failed_background="#fff0e6",
    conflict_background="#fdecea",
    staged_background="#fff3c4",
    header_chips=StatusChips(
        blocked=Chip("#c62828", WHITE), label=Chip("#2e7d32", WHITE), no_label=Chip("#757575", WHITE)
    ),
    result_chips=StatusChips(
        blocked=Chip("#d93025", WHITE), label=Chip("#e6f4ea", "#137333"), no_label=Chip("#eceff1", "#5f6368")
    ),
    verified_badge=Chip("#188038", WHITE),
    bubble_incoming="#eeeeee",
    bubble_outgoing="#d7ecff",
    bubble_text="#111111",
    bubble_meta="#555555",
    channel_badges=CHANNEL_COLOURS,
    other_channel_badge="#616161",
    thread_statuses=THREAD_STATUS_COLOURS,
    chart_incoming="#1565c0",
    chart_outgoing="#2e7d32",
    chart_suppressed="#c62828",
    chart_label=WHITE,
    pending_requests=Chip("#fef7e0", "#7a4f01"),
    demo_banner=Chip("#fef7e0", "#7a4f01"),
    demo_banner_border="#f9d67a",
    connection_states=CONNECTION_COLOURS,
)
"""The light look the app has always had."""

DARK = Palette(
    is_dark=True,
    standard=StandardColours(
        window="#1f2023",
        window_text="#e8eaed",
        base="#18191c",
        alternate_base="#222327",
        text="#e8eaed",
        button="#2d2e32",
        button_text="#e8eaed",
        highlight="#3d6fb6",
        highlighted_text=WHITE,
        placeholder_text="#9aa0a6",
        link="#8ab4f8",
        tooltip_base="#303134",
        tooltip_text="#e8eaed",
        mid="#5f6368",
        disabled_text="#80868b",
    ),
    error_text="#f28b82",
    error_pane=Chip("#3c1f1e", "#f6c7c3"),
    error_pane_border="#e46962",
    blocked_banner=Chip("#b3261e", WHITE),
    suppressed="#f28b82",
    suppressed_background="#3b2121",
    failed="#ffab70",
    failed_background="#3a2618",
    conflict_background="#3b2121",
    staged_background="#4a3f12",
    header_chips=StatusChips(
        blocked=Chip("#b3261e", WHITE), label=Chip("#2e7d32", WHITE), no_label=Chip("#5f6368", WHITE)
    ),
    result_chips=StatusChips(
        blocked=Chip("#b3261e", WHITE), label=Chip("#1e3a2a", "#81c995"), no_label=Chip("#303134", "#bdc1c6")
    ),
    verified_badge=Chip("#188038", WHITE),
    bubble_incoming="#2d2f33",
    bubble_outgoing="#1d3b5c",
    bubble_text="#e8eaed",
    bubble_meta="#aab0b6",
    channel_badges=CHANNEL_COLOURS,
    other_channel_badge="#616161",
    thread_statuses=THREAD_STATUS_COLOURS,
    chart_incoming="#1565c0",
    chart_outgoing="#2e7d32",
    chart_suppressed="#c62828",
    chart_label=WHITE,
    pending_requests=Chip("#3a3218", "#fdd663"),
    demo_banner=Chip("#3a3218", "#fdd663"),
    demo_banner_border="#7a5c00",
    connection_states=CONNECTION_COLOURS,
)
"""The dark look: light text on dark surfaces, for dark desktops."""

_in_use = LIGHT


def palette() -> Palette:
    """The palette in use: `LIGHT` until the appearance chooses another (`use`)."""
    return _in_use


def use(colours: Palette) -> None:
    """Draw with these colours from now on (`app.desktop.appearance` calls it, then tells the widgets)."""
    global _in_use
    _in_use = colours


def readable_pairs(colours: Palette) -> dict[str, tuple[str, str]]:
    """Every text role with the background it is drawn on, by where it shows: (text, background).

    A role added for a text belongs here with its background, so that the contrast test checks it.
    """
    standard = colours.standard
    pairs = {
        "window text": (standard.window_text, standard.window),
        "list text": (standard.text, standard.base),
        "list text, alternate row": (standard.text, standard.alternate_base),
        "button text": (standard.button_text, standard.button),
        "selected row": (standard.highlighted_text, standard.highlight),
        "placeholder": (standard.placeholder_text, standard.base),
        "hint on the window": (standard.placeholder_text, standard.window),
        "link": (standard.link, standard.base),
        "tooltip": (standard.tooltip_text, standard.tooltip_base),
        "form problem": (colours.error_text, standard.window),
        "error pane": (colours.error_pane.text, colours.error_pane.background),
        "blocked banner": (colours.blocked_banner.text, colours.blocked_banner.background),
        "conflict panel": (standard.window_text, colours.conflict_background),
        "staged preference": (standard.text, colours.staged_background),
        "verified badge": (colours.verified_badge.text, colours.verified_badge.background),
        "pending requests tile": (colours.pending_requests.text, colours.pending_requests.background),
        "demo banner": (colours.demo_banner.text, colours.demo_banner.background),
        "suppressed status in the Activity tab": (colours.suppressed, standard.base),
        "suppressed status, alternate row": (colours.suppressed, standard.alternate_base),
        "failed status in the Activity tab": (colours.failed, standard.base),
        "failed status, alternate row": (colours.failed, standard.alternate_base),
    }
    for where, chips in (("header", colours.header_chips), ("search result", colours.result_chips)):
        for kind in ("blocked", "label", "no_label"):
            chip: Chip = getattr(chips, kind)
            pairs[f"{where} chip {kind}"] = (chip.text, chip.background)
    bubbles = {
        "incoming bubble": colours.bubble_incoming,
        "outgoing bubble": colours.bubble_outgoing,
        "suppressed bubble": colours.suppressed_background,
        "failed bubble": colours.failed_background,
    }
    for bubble, fill in bubbles.items():
        pairs[f"{bubble}: text"] = (colours.bubble_text, fill)
        pairs[f"{bubble}: meta line"] = (colours.bubble_meta, fill)
    pairs["suppressed bubble: mark"] = (colours.suppressed, colours.suppressed_background)
    pairs["failed bubble: mark"] = (colours.failed, colours.failed_background)
    for status, fill in colours.thread_statuses.items():
        pairs[f"count on the {status.value} bar"] = (colours.chart_label, fill)
    for channel, fill in colours.channel_badges.items():
        pairs[f"count on the {channel.value} bar"] = (colours.chart_label, fill)
    pairs["count on the other channel bar"] = (colours.chart_label, colours.other_channel_badge)
    return pairs


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two "#rrggbb" colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
