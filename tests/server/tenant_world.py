"""Both demo tenants' small world for the tenant-isolation matrix: ids, valid bodies, and how to make it.

Each tenant gets, through the API, a customer (with a phone number) with a thread whose first
message went out by email, a one-time code, a change request, a marketing preference, a status
label, an API key and a webhook, with the world's tag in every text (the webhook's secret too), so an
answer that shows any of it is found.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel

from app.contract import approvals as ap
from app.contract import auth as au
from app.contract import communications as cc
from app.contract import customers as cu
from app.contract import events as ce
from app.contract import otp as co
from app.contract import preferences as cp
from app.contract.enums import Role
from app.server.store import models as m
from tests.server.route_table import Operation

#: The ids each tenant's world has; a path or filter parameter is one of these (`…UserId` a userId).
WORLD_KEYS = (
    "customerId",
    "threadId",
    "communicationId",
    "otpId",
    "approvalRequestId",
    "marketingPreferenceId",
    "statusLabelId",
    "apiKeyId",
    "userId",
    "webhookId",
)
#: Query parameters that are a search text: they get the world's tag.
TEXT_FILTERS = ("query",)


def world_key(parameter: str) -> str | None:
    """The world id a path or query parameter names, None if it names no id, else fails."""
    key = "userId" if parameter.endswith("UserId") else parameter
    if key in WORLD_KEYS:
        return key
    assert not parameter.endswith("Id"), f"no rule for the id parameter {parameter!r}: add it to WORLD_KEYS"
    return None


def path_key(parameter: str) -> str:
    key = world_key(parameter)
    assert key is not None, f"no rule for the path parameter {parameter!r}: add it to WORLD_KEYS"
    return key


class Ids(dict[str, Any]):
    """A world's ids, noting which of them a body takes (those are the body's tenant-owned ids)."""

    def __init__(self, values: dict[str, Any], tag: str) -> None:
        super().__init__(values)
        self.tag = tag
        self.used: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.used.add(key)
        return super().__getitem__(key)


def _now() -> str:
    return datetime.now(UTC).isoformat()


#: A valid body of each body model, from the caller's world (its ids and tag).
BODIES: dict[type[BaseModel], Callable[[Ids], dict[str, Any]]] = {
    au.ApiKeyCreate: lambda ids: {"name": f"Key {ids.tag}", "role": "AGENT"},
    cu.CustomerCreate: lambda ids: {"firstName": "Isa", "lastName": f"Probe {ids.tag}"},
    cu.CustomerStatusUpdate: lambda ids: {"statusLabelId": ids["statusLabelId"], "reason": "matrix"},
    cu.StatusLabelCreate: lambda ids: {"name": f"Label {uuid.uuid4().hex[:8]}", "blockCommunication": False},
    cu.StatusLabelUpdate: lambda ids: {"blockCommunication": False},
    cp.CommunicationPreferencesUpdate: lambda ids: {
        "preferences": [
            {"messageCategory": "GENERAL", "channels": [{"communicationChannel": "EMAIL", "active": True}]}
        ]
    },
    cp.MessageCategoryCreate: lambda ids: {
        "messageCategory": f"MATRIX_{uuid.uuid4().hex[:8].upper()}",
        "kind": "SERVICE",
        "channels": [{"communicationChannel": "EMAIL"}],
    },
    cp.MarketingPreferenceCreate: lambda ids: {"text": f"Preference {ids.tag}"},
    cp.MarketingOptIn: lambda ids: {},
    cc.ThreadCreate: lambda ids: {
        "communicationThreadStatus": "ONGOING",
        "subject": f"Matrix {ids.tag}",
        "content": f"Called about {ids.tag}",
        "communicationDirection": "INCOMING",
        "communicationChannel": "PHONE",
    },
    cc.CommunicationAdd: lambda ids: {
        "communicationThreadStatus": "ONGOING",
        "content": f"Called again about {ids.tag}",
        "communicationDirection": "INCOMING",
        "communicationChannel": "PHONE",
    },
    cc.ThreadUpdate: lambda ids: {"assigneeUserId": ids["userId"]},
    cc.CommunicationLogCreate: lambda ids: {
        "customerId": ids["customerId"],
        "communicationDirection": "INCOMING",
        "communicationChannel": "PHONE",
        "content": f"Logged {ids.tag}",
    },
    cc.DeliveryEventCreate: lambda ids: {"deliveryStatus": "DELIVERED", "at": _now()},
    co.OtpSend: lambda ids: {"communicationChannel": "EMAIL"},
    co.OtpValidate: lambda ids: {"code": "000000"},
    ap.ChangeRequestCreate: lambda ids: {
        "field": "EMAIL",
        "newValue": f"changed.{ids.tag}@example.com",
        "reason": f"Moved {ids.tag}",
    },
    ap.GoodwillRequestCreate: lambda ids: {"points": 5, "reason": f"Goodwill {ids.tag}"},
    ap.ApprovalDecision: lambda ids: {"comment": "matrix"},
    # A name that never resolves (RFC 2606): accepted without --allow-private-webhooks, delivered nowhere.
    ce.WebhookCreate: lambda ids: {
        "url": f"https://hooks.example.invalid/{ids.tag}",
        "eventTypes": ["thread.created"],
        "secret": f"secret of {ids.tag}",
    },
}


def takes_request_id(operation: Operation) -> bool:
    return operation.body is not None and "request_id" in operation.body.model_fields


def body_for(operation: Operation, ids: Ids, request_id: str | None = None) -> dict[str, Any] | None:
    """A valid body from the world `ids`, with a fresh requestId where the model takes one."""
    if operation.body is None:
        return None
    assert operation.body in BODIES, f"no body for {operation.body.__name__}: add one to BODIES"
    body = BODIES[operation.body](ids)
    if takes_request_id(operation):
        body["requestId"] = request_id or str(uuid.uuid4())
    return body


def sample_ids() -> Ids:
    return Ids({key: uuid.uuid4() if key == "otpId" else 1 for key in WORLD_KEYS}, "sample")


def body_ids(operation: Operation) -> list[str]:
    """The world ids the operation's body carries."""
    ids = sample_ids()
    body_for(operation, ids)
    return sorted(ids.used)


def filter_ids(operation: Operation) -> list[str]:
    if operation.method != "GET":
        return []
    return [name for name in operation.query_params if name in TEXT_FILTERS or world_key(name)]


@dataclass
class World:
    """One tenant's ids and tag, and the callers that made them."""

    tag: str
    ids: dict[str, Any] = field(default_factory=dict)
    #: What finds the world's customer in a search: a name, the customer id, the phone number.
    searches: list[str] = field(default_factory=list)

    def for_body(self) -> Ids:
        return Ids(self.ids, self.tag)


def add_admin(database: Path, like: str, username: str) -> None:
    """A copy of the user `like` (same tenant and password) with role ADMIN."""
    columns = [column.name for column in m.User.__table__.columns if column.name != "id"]
    table = m.User.__tablename__
    with sqlite3.connect(database, timeout=30) as connection:
        row = connection.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE username = ?", (like,)
        ).fetchone()
        values = dict(zip(columns, row, strict=True)) | {
            "username": username,
            "display_name": "Olga Other",
            "role": Role.ADMIN.value,
        }
        connection.execute(
            f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
            tuple(values.values()),
        )


class Tenant:
    def __init__(self, client: httpx.Client, agent: dict[str, str], admin: dict[str, str], tag: str) -> None:
        self.client = client
        self.agent = agent
        self.admin = admin
        self.world = World(tag)

    def post(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        answer = self.client.post(path, json={**body, "requestId": str(uuid.uuid4())}, headers=headers)
        assert answer.status_code in (200, 201), answer.text
        result: dict[str, Any] = answer.json()
        return result

    def build(self) -> World:
        tag = self.world.tag
        ids = self.world.ids
        ids["userId"] = self.client.get("/v1/me", headers=self.agent).json()["userId"]
        phone = f"+49 151 {random.randint(1_000_000, 9_999_999)}"
        customer = self.post(
            "/v1/customers",
            {
                "firstName": f"Lea {tag}",
                "lastName": f"Tenant {tag}",
                "email": f"lea.{tag}@example.com",
                "phone": phone,
            },
            self.agent,
        )
        ids["customerId"] = customer["customerId"]
        self.world.searches = [tag, str(customer["customerId"]), phone]
        thread = self.post(
            f"/v1/communications/{ids['customerId']}/threads",
            {
                "communicationThreadStatus": "ONGOING",
                "subject": f"Contract of {tag}",
                "content": f"Dear Lea {tag}, your contract.",
                "communicationDirection": "OUTGOING",
                "communicationChannel": "EMAIL",
            },
            self.agent,
        )
        ids["threadId"] = thread["threadId"]
        ids["communicationId"] = thread["communicationId"]
        otp = self.post(
            f"/v1/customers/{ids['customerId']}/otp", {"communicationChannel": "EMAIL"}, self.agent
        )
        ids["otpId"] = otp["otpId"]
        request = self.post(
            f"/v1/customers/{ids['customerId']}/change-requests",
            {"field": "EMAIL", "newValue": f"lea.new.{tag}@example.com", "reason": f"Moved house {tag}"},
            self.agent,
        )
        ids["approvalRequestId"] = request["approvalRequestId"]
        preference = self.post("/v1/marketing-preferences", {"text": f"Offers of {tag}"}, self.admin)
        ids["marketingPreferenceId"] = preference["marketingPreferenceId"]
        label = self.post(
            "/v1/status-labels", {"name": f"Label {tag}", "blockCommunication": False}, self.admin
        )
        ids["statusLabelId"] = label["statusLabelId"]
        key = self.post("/v1/api-keys", {"name": f"Key {tag}", "role": "AGENT"}, self.admin)
        ids["apiKeyId"] = key["apiKeyId"]
        webhook = self.post("/v1/webhooks", BODIES[ce.WebhookCreate](Ids(ids, tag)), self.admin)
        ids["webhookId"] = webhook["webhookId"]
        assert set(ids) == set(WORLD_KEYS)
        return self.world
