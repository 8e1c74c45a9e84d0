"""Property tests of the outbound rules and the delivery-status ladder, over random preference sets."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from app.contract import preferences as cp
from app.contract.enums import Channel, CommunicationKind, DeliveryStatus, Direction, SuppressionReason
from app.server.rules import Outcome, advance_delivery, decide_outbound, pair_active
from app.server.serialise.customers import customer_view
from app.server.store import models as m

CATEGORY_NAMES = ("CONTRACT", "APPOINTMENT", "GENERAL", "NEWSLETTER", "LOYALTY_PROGRAM", "OTHER_ONE")


@st.composite
def preference_sets(draw: st.DrawFn) -> cp.CommunicationPreferences:
    """A customer's preferences: some categories, each listing some channels, each on or off."""
    names = draw(st.lists(st.sampled_from(CATEGORY_NAMES), unique=True, max_size=len(CATEGORY_NAMES)))
    return cp.CommunicationPreferences(
        customer_id=1,
        version=draw(st.integers(1, 50)),
        updated_at=None,
        preferences=[
            cp.CategoryPreferences(
                message_category=name,
                channels=[
                    cp.ChannelPreference(
                        communication_channel=channel, customer_overridable=draw(st.booleans()), active=active
                    )
                    for channel, active in draw(
                        st.dictionaries(st.sampled_from(list(Channel)), st.booleans(), max_size=8)
                    ).items()
                ],
            )
            for name in names
        ],
    )


@st.composite
def blocked_flags(draw: st.DrawFn) -> bool:
    """Whether the customer is blocked, as the server derives it from a random status label (or none)."""
    label = draw(
        st.one_of(
            st.none(),
            st.builds(
                lambda name, block: m.StatusLabel(id=7, tenant_id=1, name=name, block_communication=block),
                st.text(min_size=1, max_size=20),
                st.booleans(),
            ),
        )
    )
    customer = m.Customer(
        id=1, first_name="A", last_name="B", email=None, phone=None, language="de",
        status_label_id=label.id if label else None, created_at=datetime.now(UTC),
    )  # fmt: skip
    return customer_view(customer, label).communication_blocked


categories = st.one_of(st.none(), st.sampled_from(CATEGORY_NAMES))
kinds = st.sampled_from(list(CommunicationKind))
channels = st.sampled_from(list(Channel))


@given(kinds, blocked_flags(), categories, channels, preference_sets())
def test_incoming_is_always_recorded_as_received(kind, blocked, category, channel, preferences):
    decision = decide_outbound(Direction.INCOMING, kind, blocked, category, channel, preferences)
    assert decision.outcome is Outcome.RECEIVED
    assert decision.delivery_status is DeliveryStatus.RECEIVED
    assert decision.recorded and not decision.dispatched


@given(kinds, categories, channels, preference_sets())
def test_a_block_suppresses_every_outgoing_kind_even_an_otp(kind, category, channel, preferences):
    decision = decide_outbound(Direction.OUTGOING, kind, True, category, channel, preferences)
    assert decision.delivery_status is DeliveryStatus.SUPPRESSED
    assert decision.suppression_reason is SuppressionReason.CUSTOMER_BLOCKED
    assert decision.recorded and not decision.dispatched


@given(categories, channels, preference_sets())
def test_an_otp_ignores_opt_outs_when_not_blocked(category, channel, preferences):
    decision = decide_outbound(
        Direction.OUTGOING, CommunicationKind.OTP, False, category, channel, preferences
    )
    assert decision.dispatched
    assert decision.delivery_status is DeliveryStatus.QUEUED


@given(kinds.filter(lambda k: k is not CommunicationKind.OTP), st.sampled_from(CATEGORY_NAMES), channels,
       preference_sets())  # fmt: skip
def test_outgoing_is_refused_exactly_when_the_listed_pair_is_inactive(kind, category, channel, preferences):
    decision = decide_outbound(Direction.OUTGOING, kind, False, category, channel, preferences)
    listed = {
        (c.message_category, p.communication_channel): p.active
        for c in preferences.preferences
        for p in c.channels
    }
    if listed.get((category, channel)) is False:
        assert decision.outcome is Outcome.OPTED_OUT
        assert not decision.recorded and decision.delivery_status is None
    else:
        # Active, or absent from the category's channel list: not restricted.
        assert decision.dispatched
        assert decision.delivery_status is DeliveryStatus.QUEUED
    assert pair_active(preferences, category, channel) == listed.get((category, channel))


@given(kinds, blocked_flags(), channels, preference_sets())
def test_without_a_category_nothing_is_refused(kind, blocked, channel, preferences):
    decision = decide_outbound(Direction.OUTGOING, kind, blocked, None, channel, preferences)
    assert decision.recorded
    assert decision.dispatched is not blocked


LADDER = [DeliveryStatus.QUEUED, DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ]
REPORTS = [DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.FAILED]


@given(st.sampled_from(list(DeliveryStatus)), st.lists(st.sampled_from(REPORTS), max_size=10))
def test_delivery_status_only_moves_forward(start, reports):
    status = start
    for reported in reports:
        after = advance_delivery(status, reported)
        if status in LADDER and after in LADDER:
            assert LADDER.index(after) >= LADDER.index(status)
        if status in (DeliveryStatus.SUPPRESSED, DeliveryStatus.RECEIVED, DeliveryStatus.FAILED):
            assert after is status  # never dispatched, or already given up: no callback changes it
        if after is DeliveryStatus.FAILED and status is not DeliveryStatus.FAILED:
            assert status in (DeliveryStatus.QUEUED, DeliveryStatus.SENT)
        status = after


def test_delivery_examples():
    assert advance_delivery(DeliveryStatus.SENT, DeliveryStatus.DELIVERED) is DeliveryStatus.DELIVERED
    assert advance_delivery(DeliveryStatus.DELIVERED, DeliveryStatus.READ) is DeliveryStatus.READ
    assert advance_delivery(DeliveryStatus.READ, DeliveryStatus.DELIVERED) is DeliveryStatus.READ
    assert advance_delivery(DeliveryStatus.SENT, DeliveryStatus.FAILED) is DeliveryStatus.FAILED
    assert advance_delivery(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED) is DeliveryStatus.DELIVERED
