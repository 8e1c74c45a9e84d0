"""The team load proof's checks (bench_team_load.py): what the agents were told was saved, and what the
event streams received, against what PostgreSQL holds, read straight from the database."""

from __future__ import annotations

import asyncio
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from tests.server.postgres import stored


@dataclass(frozen=True)
class Message:
    """An acknowledged thread message."""

    request_id: str
    thread_id: int
    customer_id: int
    new_thread: bool


@dataclass(frozen=True)
class PreferenceWrite:
    """An acknowledged If-Match change of one pair: from `previous` to its opposite."""

    request_id: str
    customer_id: int
    category: str
    channel: str
    previous: bool
    base_version: int
    version: int
    trace: str


@dataclass
class Stream:
    """One client of /v1/events: the (id, type, data) of each event it received."""

    number: int
    url: str
    received: list[tuple[int, str, str]] = field(default_factory=list)
    connected: asyncio.Event = field(default_factory=asyncio.Event)

    def last_id(self) -> int:
        return self.received[-1][0] if self.received else 0


@dataclass
class Acked:
    """What the run was told, and the database's newest ids before it."""

    messages: dict[int, Message] = field(default_factory=dict)
    preferences: list[PreferenceWrite] = field(default_factory=list)
    refused_preferences: list[str] = field(default_factory=list)
    hot: list[int] = field(default_factory=list)
    versions_before: dict[int, int] = field(default_factory=dict)
    communications_before: int = 0
    threads_before: int = 0
    consent_before: int = 0
    events_before: int = 0
    events_after: int = 0
    streams: list[Stream] = field(default_factory=list)


def _few(ids: object, most: int = 10) -> str:
    listed = sorted(ids)  # type: ignore[call-overload]
    return ", ".join(map(str, listed[:most])) + (
        f" (+{len(listed) - most} more)" if len(listed) > most else ""
    )


def check_messages(database: str, tenant: int, acked: Acked) -> list[str]:
    rows = stored(
        database,
        "SELECT id, thread_id, customer_id FROM communications WHERE tenant_id = {} AND id > {}",
        tenant,
        acked.communications_before,
    )
    found = {int(row[0]): (int(row[1]), int(row[2])) for row in rows}
    problems = []
    if missing := acked.messages.keys() - found.keys():
        problems.append(f"acknowledged but not stored: communications {_few(missing)}")
    if extra := found.keys() - acked.messages.keys():
        problems.append(f"stored but never acknowledged (a duplicate?): communications {_few(extra)}")
    misplaced = [
        cid
        for cid, message in acked.messages.items()
        if cid in found and found[cid] != (message.thread_id, message.customer_id)
    ]
    if misplaced:
        problems.append(f"stored in another thread or customer: communications {_few(misplaced)}")
    keys = stored(
        database,
        "SELECT key FROM idempotency_keys WHERE tenant_id = {} AND key = ANY({})",
        tenant,
        [message.request_id for message in acked.messages.values()],
    )
    if len(keys) != len(acked.messages):
        problems.append(f"{len(acked.messages)} requestIds acknowledged, {len(keys)} idempotency keys stored")
    return problems


def check_threads(database: str, tenant: int, acked: Acked) -> list[str]:
    rows = stored(
        database,
        "SELECT t.id, t.communication_count, "
        "(SELECT count(*) FROM communications c WHERE c.thread_id = t.id) "
        "FROM threads t WHERE t.tenant_id = {} AND t.id > {}",
        tenant,
        acked.threads_before,
    )
    counted = {int(row[0]): (int(row[1]), int(row[2])) for row in rows}
    messages = Counter(message.thread_id for message in acked.messages.values())
    created = {message.thread_id for message in acked.messages.values() if message.new_thread}
    problems = []
    if created != counted.keys():
        problems.append(
            f"threads acknowledged but not stored: {_few(created - counted.keys())}; "
            f"stored but not acknowledged: {_few(counted.keys() - created)}"
        )
    wrong = [
        f"{thread}: {count} counted, {held} held, {messages[thread]} acknowledged"
        for thread, (count, held) in counted.items()
        if not count == held == messages[thread]
    ]
    if wrong:
        problems.append("threads whose message count is off: " + "; ".join(wrong[:10]))
    return problems


def check_preferences(database: str, tenant: int, acked: Acked) -> list[str]:
    request_ids = [write.request_id for write in acked.preferences] + acked.refused_preferences
    rows = stored(
        database,
        "SELECT request_id, customer_id, message_category, channel, previous, current FROM consent_changes "
        "WHERE request_id = ANY({})",
        request_ids,
    )
    by_request: defaultdict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by_request[row[0]].append(tuple(row[1:]))
    problems = []
    wrong = [
        write.request_id
        for write in acked.preferences
        if by_request[write.request_id]
        != [(write.customer_id, write.category, write.channel, write.previous, not write.previous)]
    ]
    if wrong:
        problems.append(f"acknowledged changes not stored as exactly one consent change: {_few(wrong)}")
    if left := [request_id for request_id in acked.refused_preferences if by_request[request_id]]:
        problems.append(f"412 answers that changed something anyway: {_few(left)}")
    total = stored(
        database,
        "SELECT count(*) FROM consent_changes WHERE tenant_id = {} AND id > {}",
        tenant,
        acked.consent_before,
    )[0][0]
    if total != len(acked.preferences):
        problems.append(
            f"{total} consent changes stored since the start, {len(acked.preferences)} acknowledged"
        )
    after = dict(stored(database, "SELECT id, prefs_version FROM customers WHERE id = ANY({})", acked.hot))
    for customer in acked.hot:
        writes = [write for write in acked.preferences if write.customer_id == customer]
        bases: defaultdict[int, list[PreferenceWrite]] = defaultdict(list)
        for write in writes:
            bases[write.base_version].append(write)
        if same := {base: alike for base, alike in bases.items() if len(alike) > 1}:
            base, alike = min(same.items())
            problems.append(
                f"customer {customer}: several changes acknowledged from each of the versions {_few(same)} "
                f"(lost updates); from version {base}: "
                + ", ".join(
                    f"{w.category}/{w.channel} requestId {w.request_id} trace {w.trace}" for w in alike
                )
            )
        if stepped := [write for write in writes if write.version != write.base_version + 1]:
            problems.append(
                f"customer {customer}: changes whose answer is not the next version: "
                + ", ".join(
                    f"{w.base_version} -> {w.version} requestId {w.request_id} trace {w.trace}"
                    for w in stepped
                )
            )
        if after[customer] != acked.versions_before[customer] + len(writes):
            problems.append(
                f"customer {customer}: version {acked.versions_before[customer]} before, {after[customer]} "
                f"after, {len(writes)} changes acknowledged"
            )
    return problems


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def check_streams(database: str, tenant: int, acked: Acked) -> list[str]:
    rows = stored(
        database,
        "SELECT id, type, data FROM events WHERE tenant_id = {} AND id > {} AND id <= {} ORDER BY id",
        tenant,
        acked.events_before,
        acked.events_after,
    )
    expected = [(int(row[0]), row[1], _json(row[2])) for row in rows]
    if not expected and acked.messages:
        return ["no event was stored during the run, though messages were acknowledged"]
    problems = []
    for stream in acked.streams:
        got = [(event_id, type_, json.loads(data)) for event_id, type_, data in stream.received]
        got = [event for event in got if event[0] <= acked.events_after]
        if got == expected:
            continue
        ids = [event[0] for event in got]
        missing = {event[0] for event in expected} - set(ids)
        repeated = [event_id for event_id, count in Counter(ids).items() if count > 1]
        backwards = [ids[i + 1] for i in range(len(ids) - 1) if ids[i + 1] <= ids[i]]
        unlike = [a[0] for a, b in zip(got, expected, strict=False) if a[0] == b[0] and a != b]
        problems.append(
            f"stream {stream.number} at {stream.url}: {len(got)} events, {len(expected)} stored; "
            f"missing {_few(missing) or 'none'}; repeated {_few(repeated) or 'none'}; "
            f"out of order {_few(backwards) or 'none'}; "
            f"type or data unlike the table {_few(unlike) or 'none'}"
        )
    return problems


def check_all(database: str, tenant: int, acked: Acked) -> bool:
    """Prints each check's verdict; True when all passed."""
    figures = {
        "messages stored exactly once": (check_messages, f"{len(acked.messages)} acknowledged"),
        "threads and their counts": (
            check_threads,
            f"{sum(message.new_thread for message in acked.messages.values())} new threads",
        ),
        "preference changes (If-Match)": (
            check_preferences,
            f"{len(acked.preferences)} acknowledged, {len(acked.refused_preferences)} refused with 412",
        ),
        "event streams complete, in order": (
            check_streams,
            f"{len(acked.streams)} streams, events {acked.events_before + 1}..{acked.events_after}",
        ),
    }
    passed = True
    for name, (check, figure) in figures.items():
        problems = check(database, tenant, acked)
        passed = passed and not problems
        print(f"check {name} ({figure}): " + ("ok" if not problems else "FAILED"))
        for problem in problems:
            print(f"  {problem}")
    return passed
