"""A webhook receiver for the tests: a real HTTP server on loopback, and a signature verifier.

The verifier is written from api.md's words alone, as an integrator would write it: the header
`X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`,
and a receiver that rejects old timestamps. It imports nothing of the server.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: How old a signature's timestamp may be (a receiver's choice; api.md: it rejects old ones).
TOLERANCE_SECONDS = 300


def verify(secret: str, header: str, body: bytes, now: float | None = None) -> bool:
    """True when `header` signs `body` with `secret`, at a time within TOLERANCE_SECONDS of now."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if not parts.get("t", "").isdigit() or "v1" not in parts:
        return False
    timestamp = int(parts["t"])
    if abs((time.time() if now is None else now) - timestamp) > TOLERANCE_SECONDS:
        return False
    signed = f"{timestamp}.".encode() + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


@dataclass(frozen=True)
class Received:
    """One request the receiver got, and what it answered."""

    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.time() on arrival
    status: int

    @property
    def event_id(self) -> int:
        return int(json.loads(self.body)["eventId"])

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Route:
    """How the receiver answers at one path: `failures` answers from `failing` for each event
    first (cycled), then `status`; `delay` seconds of silence before each answer."""

    failures: int = 0
    failing: tuple[int, ...] = (500,)
    status: int = 204
    delay: float = 0.0
    seen: dict[int, int] = field(default_factory=dict)  # event id -> requests so far

    def answer(self, event_id: int) -> int:
        count = self.seen.get(event_id, 0)
        self.seen[event_id] = count + 1
        return self.failing[count % len(self.failing)] if count < self.failures else self.status


class Receiver:
    """`with Receiver() as receiver:` a server on 127.0.0.1 answering POSTs as its routes say."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.received: list[Received] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                at = time.time()
                route = receiver.routes.get(self.path, Route(status=404))
                with receiver._lock:
                    try:
                        status = route.answer(int(json.loads(body)["eventId"]))
                    except (ValueError, KeyError):
                        status = 400
                if route.delay:
                    time.sleep(route.delay)
                with receiver._lock:
                    receiver.received.append(Received(self.path, dict(self.headers), body, at, status))
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_port}{path}"

    @property
    def port(self) -> int:
        return int(self._server.server_port)

    def at(self, path: str) -> list[Received]:
        with self._lock:
            return [request for request in self.received if request.path == path]

    def delivered(self, path: str) -> dict[int, list[Received]]:
        """The requests at `path` by event id, of the events that were answered 2xx."""
        by_event: dict[int, list[Received]] = {}
        for request in self.at(path):
            by_event.setdefault(request.event_id, []).append(request)
        return {
            event: requests
            for event, requests in by_event.items()
            if any(200 <= request.status < 300 for request in requests)
        }

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def wait_until(condition: Callable[[], object], timeout: float = 30.0, what: str = "") -> None:
    """Polls `condition` until it holds; fails naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.05)
