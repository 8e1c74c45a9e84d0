"""What the load benchmarks share: the demo's users and customers, the requests a client of the demo
data makes, sign-in, percentiles and a process's CPU time."""

from __future__ import annotations

import os
import random
import re
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

USERS = ("agent", "agent2", "supervisor", "admin")
DEMO_CUSTOMERS = range(2, 301)  # customer 1's long thread is bench_threads.py's business
SEARCHES = ("mül", "schm", "wei", "anna", "0151", "meyer", "fisch", "@example", "ber", "kl")
SHARES = (0.5, 0.95, 0.99)
#: The server's access line: "... switchboard.server.access: GET /v1/customers 200 3.1ms trace=..."
ACCESS_LINE = re.compile(r"switchboard\.server\.access: \S+ \S+ (\d{3}) ([\d.]+)ms")

Request = Callable[[], Awaitable[httpx.Response]]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def latency_figures(values: list[float]) -> str:
    """p50, p95, p99 and max of latencies in seconds, in milliseconds."""
    shares = "  ".join(
        f"p{round(share * 100)} {percentile(values, share) * 1000:7.1f} ms" for share in SHARES
    )
    return f"{shares}  max {max(values, default=0) * 1000:7.1f} ms"


def sign_in(url: str, username: str) -> str:
    answer = httpx.post(f"{url}/v1/auth/token", json={"username": username, "password": "demo"}, timeout=30)
    answer.raise_for_status()
    return str(answer.json()["accessToken"])


def cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class DemoRequests:
    """One client of the demo data: a user's token, its own connection, and the threads it created to
    write into. Each write carries its own requestId."""

    def __init__(self, http: httpx.AsyncClient, rng: random.Random, marketing_ids: list[int]) -> None:
        self.http, self.rng, self.marketing_ids = http, rng, marketing_ids
        self.threads: list[tuple[int, int]] = []

    def customer(self) -> int:
        return self.rng.choice(DEMO_CUSTOMERS)

    # -- reads -------------------------------------------------------------------------------------

    async def search(self) -> httpx.Response:
        return await self.http.get("/v1/customers", params={"query": self.rng.choice(SEARCHES), "limit": 20})

    async def profile(self) -> httpx.Response:
        return await self.http.get(f"/v1/customers/{self.customer()}")

    async def thread_list(self) -> httpx.Response:
        return await self.http.get(f"/v1/communications/{self.customer()}/threads", params={"limit": 20})

    async def log(self) -> httpx.Response:
        return await self.http.get(
            "/v1/customer-communications", params={"customerId": self.customer(), "limit": 20}
        )

    async def preferences(self) -> httpx.Response:
        return await self.http.get(f"/v1/communications/{self.customer()}/communication-preferences")

    async def messages(self) -> httpx.Response:
        if not self.threads:
            return await self.thread_list()
        customer_id, thread_id = self.rng.choice(self.threads)
        path = f"/v1/communications/{customer_id}/threads/{thread_id}/communications"
        return await self.http.get(path, params={"limit": 50})

    # -- writes ------------------------------------------------------------------------------------

    def message_body(self, text: str, direction: str = "INCOMING") -> dict[str, object]:
        """A communication in the tenant's first SERVICE category, which the demo never opts out of."""
        return {
            "content": text,
            "communicationDirection": direction,
            "communicationChannel": self.rng.choice(("EMAIL", "PHONE", "TEXT_MESSAGE")),
            "requestId": str(uuid.uuid4()),
        }

    def new_thread_request(self, direction: str = "INCOMING") -> tuple[int, str, dict[str, object]]:
        """The customer, path and body of a new thread."""
        customer_id = self.customer()
        body = {**self.message_body("Question about my contract", direction), "subject": "Contract question"}
        body["communicationThreadStatus"] = "CREATED"
        return customer_id, f"/v1/communications/{customer_id}/threads", body

    def reply_request(self, direction: str = "INCOMING") -> tuple[int, str, dict[str, object]] | None:
        """The customer, path and body of a message in one of this client's threads; None before it
        has one."""
        if not self.threads:
            return None
        customer_id, thread_id = self.rng.choice(self.threads)
        body = {**self.message_body("And one more thing", direction), "communicationThreadStatus": "ONGOING"}
        return customer_id, f"/v1/communications/{customer_id}/threads/{thread_id}", body

    def thread_created(self, customer_id: int, answer: httpx.Response) -> None:
        if answer.status_code == 201:
            self.threads.append((customer_id, answer.json()["threadId"]))

    async def new_thread(self) -> httpx.Response:
        customer_id, path, body = self.new_thread_request()
        answer = await self.http.post(path, json=body)
        self.thread_created(customer_id, answer)
        return answer

    async def reply(self) -> httpx.Response:
        request = self.reply_request()
        if request is None:
            return await self.new_thread()
        _, path, body = request
        return await self.http.post(path, json=body)

    async def logged(self) -> httpx.Response:
        body = {**self.message_body("Called about an invoice"), "customerId": self.customer()}
        return await self.http.post("/v1/customer-communications", json=body)

    async def preference_change(self) -> httpx.Response:
        category = self.rng.choice(("NEWSLETTER", "LOYALTY_PROGRAM"))
        pair = {
            "communicationChannel": self.rng.choice(("EMAIL", "TEXT_MESSAGE")),
            "active": self.rng.random() < 0.5,
        }
        body = {
            "preferences": [{"messageCategory": category, "channels": [pair]}],
            "requestId": str(uuid.uuid4()),
        }
        return await self.http.put(
            f"/v1/communications/{self.customer()}/communication-preferences", json=body
        )

    async def marketing(self) -> httpx.Response:
        path = f"/v1/customers/{self.customer()}/marketing-preferences/{self.rng.choice(self.marketing_ids)}"
        if self.rng.random() < 0.5:
            return await self.http.put(path, json={"requestId": str(uuid.uuid4())})
        return await self.http.delete(path)

    def reads(self) -> list[Request]:
        return [self.search, self.profile, self.thread_list, self.log, self.preferences, self.messages]

    def writes(self) -> list[Request]:
        return [self.new_thread, self.reply, self.logged, self.preference_change, self.marketing]
