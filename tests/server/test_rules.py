"""Property tests of the server's block derivation and the delivery-status ladder.

The outbound rule itself is tested in tests/contract/test_outbound.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from app.contract.enums import DeliveryStatus
from app.server.rules import advance_delivery
from app.server.serialise.customers import customer_view
from app.server.store import models as m


@st.composite
def blocked_flags(draw: st.DrawFn) -> tuple[bool, m.StatusLabel | None]:
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
    return customer_view(customer, label).communication_blocked, label


@given(blocked_flags())
def test_the_server_derives_a_block_only_from_a_blocking_label(case):
    blocked, label = case
    assert blocked is bool(label is not None and label.block_communication)


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
