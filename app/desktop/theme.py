"""The desktop's colours, named by what they mean: one `Palette`, which every widget reads its colours from.

No other module writes a colour: a widget asks `palette()` for a role (the blocked banner, a suppressed
message, the online dot) when it draws or styles itself. Another look (a dark palette) is then
another `Palette` with the same roles. Colours are "#rrggbb" strings, which both Qt style sheets and
`QColor` take.
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
class Palette:
    """Every colour the desktop draws with, by role."""

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
    """A communication whose delivery failed."""
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
    """The dot with the channel's initial in front of the meta line."""
    other_channel_badge: str
    channel_badge_text: str
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

LIGHT = Palette(
    error_text="#d93025",
    error_pane=Chip("#fdecea", "#5f2120"),
    error_pane_border="#d93025",
    blocked_banner=Chip("#c62828", WHITE),
    suppressed="#c62828",
    suppressed_background="#fdecea",
    failed="#e65100",
    conflict_background="#fdecea",
    staged_background="#fff3c4",
    header_chips=StatusChips(
        blocked=Chip("#c62828", WHITE), label=Chip("#2e7d32", WHITE), no_label=Chip("#757575", WHITE)
    ),
    result_chips=StatusChips(
        blocked=Chip("#d93025", WHITE), label=Chip("#e6f4ea", "#137333"), no_label=Chip("#eceff1", "#5f6368")
    ),
    verified_badge=Chip("#1e8e3e", WHITE),
    bubble_incoming="#eeeeee",
    bubble_outgoing="#d7ecff",
    bubble_text="#111111",
    bubble_meta="#555555",
    channel_badges={
        Channel.EMAIL: "#1565c0",
        Channel.TEXT_MESSAGE: "#2e7d32",
        Channel.PHONE: "#6a1b9a",
        Channel.LETTER: "#795548",
    },
    other_channel_badge="#616161",
    channel_badge_text=WHITE,
    thread_statuses={
        ThreadStatus.CREATED: "#1565c0",
        ThreadStatus.ONGOING: "#2e7d32",
        ThreadStatus.CLOSED: "#9e9e9e",
    },
    chart_incoming="#1565c0",
    chart_outgoing="#2e7d32",
    chart_suppressed="#c62828",
    chart_label=WHITE,
    pending_requests=Chip("#fef7e0", "#7a4f01"),
    demo_banner=Chip("#fef7e0", "#7a4f01"),
    demo_banner_border="#f9d67a",
    connection_states={
        ConnectionState.CONNECTING: "#9aa0a6",
        ConnectionState.ONLINE: "#188038",
        ConnectionState.RECONNECTING: "#e37400",
        ConnectionState.OFFLINE: "#d93025",
    },
)
"""The light look the app has always had."""


def palette() -> Palette:
    """The palette in use. There is one today; the appearance setting will choose between several."""
    return LIGHT
