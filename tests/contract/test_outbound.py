"""Property tests of the one outbound rule (api.md "Outbound rules") over random preference sets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.contract import preferences as cp
from app.contract.enums import Channel, CommunicationKind, DeliveryStatus, Direction, SuppressionReason
from app.contract.outbound import Outcome, decide_outbound, pair_active

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


def listed_pairs(preferences: cp.CommunicationPreferences) -> dict[tuple[str, Channel], bool]:
    return {
        (c.message_category, p.communication_channel): p.active
        for c in preferences.preferences
        for p in c.channels
    }


categories = st.one_of(st.none(), st.sampled_from(CATEGORY_NAMES))
kinds = st.sampled_from(list(CommunicationKind))
channels = st.sampled_from(list(Channel))
#: Kinds an opt-out refuses: everything but a one-time code and the server's own notifications.
refusable_kinds = kinds.filter(lambda k: k not in (CommunicationKind.OTP, CommunicationKind.NOTIFICATION))


@given(kinds, st.booleans(), categories, channels, st.one_of(st.none(), preference_sets()))
def test_incoming_is_always_recorded_as_received(kind, blocked, category, channel, preferences):
    decision = decide_outbound(Direction.INCOMING, kind, blocked, category, channel, preferences)
    assert decision.outcome is Outcome.RECEIVED
    assert decision.delivery_status is DeliveryStatus.RECEIVED
    assert decision.recorded and not decision.dispatched


@given(kinds, categories, channels, st.one_of(st.none(), preference_sets()))
def test_a_block_suppresses_every_outgoing_kind_even_an_otp(kind, category, channel, preferences):
    decision = decide_outbound(Direction.OUTGOING, kind, True, category, channel, preferences)
    assert decision.outcome is Outcome.SUPPRESSED
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


@given(refusable_kinds, st.sampled_from(CATEGORY_NAMES), channels, preference_sets())
def test_outgoing_is_refused_exactly_when_the_listed_pair_is_inactive(kind, category, channel, preferences):
    decision = decide_outbound(Direction.OUTGOING, kind, False, category, channel, preferences)
    listed = listed_pairs(preferences)
    if listed.get((category, channel)) is False:
        assert decision.outcome is Outcome.OPTED_OUT
        assert not decision.recorded and decision.delivery_status is None
    else:
        # Active, or absent from the category's channel list: not restricted.
        assert decision.dispatched
        assert decision.delivery_status is DeliveryStatus.QUEUED
    assert pair_active(preferences, category, channel) == listed.get((category, channel))


@given(kinds, st.sampled_from(CATEGORY_NAMES), channels, preference_sets())
def test_a_pair_absent_from_its_category_is_never_refused(kind, category, channel, preferences):
    absent = preferences.model_copy(
        update={
            "preferences": [
                c.model_copy(
                    update={"channels": [p for p in c.channels if p.communication_channel != channel]}
                )
                for c in preferences.preferences
            ]
        }
    )
    decision = decide_outbound(Direction.OUTGOING, kind, False, category, channel, absent)
    assert decision.recorded
    assert decision.dispatched


@given(st.sampled_from(CATEGORY_NAMES), channels, preference_sets())
def test_a_notification_on_an_opted_out_pair_is_suppressed_never_refused(category, channel, preferences):
    decision = decide_outbound(
        Direction.OUTGOING, CommunicationKind.NOTIFICATION, False, category, channel, preferences
    )
    assert decision.recorded
    if listed_pairs(preferences).get((category, channel)) is False:
        assert decision.outcome is Outcome.SUPPRESSED
        assert decision.delivery_status is DeliveryStatus.SUPPRESSED
        assert decision.suppression_reason is SuppressionReason.OPTED_OUT
    else:
        assert decision.dispatched


@given(kinds, st.booleans(), channels, preference_sets())
def test_without_a_category_nothing_is_refused(kind, blocked, channel, preferences):
    decision = decide_outbound(Direction.OUTGOING, kind, blocked, None, channel, preferences)
    assert decision.recorded
    assert decision.dispatched is not blocked
