"""The client's plumbing: credentials, one HTTP exchange with retries and a deadline, typed parsing.

Every API method of `SwitchboardClient` goes through `ClientCore._send`, so errors, retries,
idempotency keys and the deadline behave the same for all of them.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from app.client.errors import (
    ClientError,
    DeadlineExceeded,
    InvalidResponse,
    error_from_response,
    translated_httpx_errors,
)
from app.client.retry import RetryPolicy, retry_decision
from app.contract.base import IdempotentRequest

__all__ = ["ClientCore", "QueryValue", "keyed", "parse_adapted", "parse_model", "request_key"]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
B = TypeVar("B", bound=IdempotentRequest)

QueryValue = str | int | float | bool | None

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
IDEMPOTENCY_HEADER = "Idempotency-Key"

# A per-task override of the call deadline (see `ClientCore.deadline`).
_deadline_override: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "switchboard_deadline", default=None
)


class ClientCore:
    """Connection, credentials and the request engine shared by every API method."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        api_key: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 10.0,
        deadline: float | None = 30.0,
        retry: RetryPolicy | None = None,
        language: str | None = None,
        max_connections: int = 100,
        event_retry: RetryPolicy | None = None,
        event_read_timeout: float = 45.0,
    ) -> None:
        """`timeout` bounds each attempt's connect/read/write; `deadline` bounds a whole call,
        retries and waits included (None: no total bound). `language` is sent as Accept-Language.
        The event stream reconnects with `event_retry`'s waits (its attempts are unlimited) and
        takes a connection as dead after `event_read_timeout` s without data or heartbeat."""
        headers = {"Accept": "application/json", "User-Agent": "switchboard-client"}
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.default_deadline = deadline
        self.retry_policy = retry or RetryPolicy()
        self.event_retry = event_retry or RetryPolicy(wait_initial=0.5, wait_max=15.0, wait_jitter=1.0)
        self.event_read_timeout = event_read_timeout
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout,
            headers=headers,
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        )
        self.set_language(language)
        self._token: str | None = None
        self._api_key: str | None = None
        # Last ETag seen per customer's preference set (see PreferencesApi.preferences_etag).
        self._etags: dict[int, str] = {}
        if api_key is not None:
            self.set_api_key(api_key)
        if token is not None:
            self.set_token(token)

    # -- lifecycle ----------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self._http.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._http.__aexit__(exc_type, exc, traceback)

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def closed(self) -> bool:
        return self._http.is_closed

    # -- address ------------------------------------------------------------------------------

    def set_base_url(self, base_url: str) -> None:
        """Talk to the server at this address from now on: the same server moved, e.g. the desktop's
        embedded server restarted on another port. Requests already on their way (and retrying, the
        event stream's reconnection too) go to the new address with their next attempt."""
        self.base_url = base_url.rstrip("/")
        self._http.base_url = httpx.URL(self.base_url)

    def _at_current_address(self, request: httpx.Request) -> None:
        """Point a request built before `set_base_url` at the server's address now (path and query
        stay: only the server moved)."""
        base, url = self._http.base_url, request.url
        if (url.scheme, url.host, url.port) != (base.scheme, base.host, base.port):
            request.url = url.copy_with(scheme=base.scheme, host=base.host, port=base.port)
            request.headers["Host"] = base.netloc.decode("ascii")

    # -- credentials --------------------------------------------------------------------------

    @property
    def token(self) -> str | None:
        """The bearer token sent with every request, if any."""
        return self._token

    @property
    def api_key(self) -> str | None:
        """The API key sent as `X-API-KEY`, if any (a token, when both are set, is what counts)."""
        return self._api_key

    @property
    def authenticated(self) -> bool:
        return self._token is not None or self._api_key is not None

    def set_token(self, token: str | None) -> None:
        """Use this bearer token from now on (None: send none); requests already sent are unaffected."""
        self._token = token
        if token is None:
            self._http.headers.pop("Authorization", None)
        else:
            self._http.headers["Authorization"] = f"Bearer {token}"

    def set_api_key(self, api_key: str | None) -> None:
        """Use this API key from now on (None: send none)."""
        self._api_key = api_key
        if api_key is None:
            self._http.headers.pop("X-API-KEY", None)
        else:
            self._http.headers["X-API-KEY"] = api_key

    @property
    def language(self) -> str | None:
        """The app's language as every request sends it in `Accept-Language` ("de", "de-DE"), if any."""
        language: str | None = self._http.headers.get("Accept-Language")
        return language

    def set_language(self, language: str | None) -> None:
        """Send the app's language with every request from now on (`Accept-Language`): the server
        answers its messages in it. A locale name such as "de_DE" is sent as the tag "de-DE"; None
        or "": no header, and the server speaks English."""
        if language:
            self._http.headers["Accept-Language"] = language.replace("_", "-")
        else:
            self._http.headers.pop("Accept-Language", None)

    def clear_credentials(self) -> None:
        """Sign out locally: neither token nor API key is sent any more."""
        self.set_token(None)
        self.set_api_key(None)

    # -- deadline -----------------------------------------------------------------------------

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Calls made inside this block (in this task) get `seconds` as their total deadline."""
        reset = _deadline_override.set(seconds)
        try:
            yield
        finally:
            _deadline_override.reset(reset)

    def _current_deadline(self) -> float | None:
        override = _deadline_override.get()
        return override if override is not None else self.default_deadline

    # -- the request engine -------------------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, QueryValue] | None = None,
        body: BaseModel | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: uuid.UUID | None = None,
    ) -> httpx.Response:
        """One call: attempts with backoff until a 2xx (returned) or a final error (raised).

        A request is retried when it is a read, or when it carries an idempotency key (in the body
        as `requestId`, or as `idempotency_key`, sent in the Idempotency-Key header).
        """
        request_headers = dict(headers or {})
        content: bytes | None = None
        if body is not None:
            content = body.model_dump_json(by_alias=True, exclude_unset=True).encode()
            request_headers["Content-Type"] = "application/json"
        if idempotency_key is not None:
            request_headers[IDEMPOTENCY_HEADER] = str(idempotency_key)
        has_key = idempotency_key is not None or (
            isinstance(body, IdempotentRequest) and body.request_id is not None
        )
        query = {k: _query_value(v) for k, v in (params or {}).items() if v is not None}
        request = self._http.build_request(
            method, path, params=query, content=content, headers=request_headers
        )
        deadline = self._current_deadline()
        try:
            async with asyncio.timeout(deadline):
                return await self._attempts(request, method in _SAFE_METHODS or has_key, deadline)
        except TimeoutError:
            raise DeadlineExceeded(deadline or 0.0) from None

    async def _attempts(
        self, request: httpx.Request, retryable: bool, deadline: float | None
    ) -> httpx.Response:
        deadline_at = None if deadline is None else time.monotonic() + deadline
        try:
            return await self._attempt(request)
        except ClientError as exc:
            # Most calls succeed at once; stamina's machinery is set up only for one that failed.
            first_failure: ClientError | None = exc
        hook = retry_decision(self.retry_policy, retryable=retryable, deadline_at=deadline_at)
        async for attempt in self.retry_policy.attempts_of(hook):
            with attempt:
                if first_failure is not None:
                    # Counted as stamina's first attempt, so it decides on and waits for the retry.
                    failure, first_failure = first_failure, None
                    raise failure
                return await self._attempt(request)
        raise AssertionError("stamina ends with a result or the last error")  # pragma: no cover

    async def _attempt(self, request: httpx.Request) -> httpx.Response:
        response = await self._exchange(request)
        if response.is_success:
            return response
        raise error_from_response(response)

    async def _exchange(self, request: httpx.Request) -> httpx.Response:
        """One attempt; httpx's exceptions become the client's own."""
        self._at_current_address(request)
        with translated_httpx_errors(self.base_url):
            return await self._http.send(request)

    # -- typed helpers ------------------------------------------------------------------------

    async def _model(self, model: type[M], method: str, path: str, **kwargs: Any) -> M:
        response = await self._send(method, path, **kwargs)
        return parse_model(response, model)

    async def _adapted(self, adapter: TypeAdapter[T], method: str, path: str, **kwargs: Any) -> T:
        response = await self._send(method, path, **kwargs)
        return parse_adapted(response, adapter)


def request_key(request_id: uuid.UUID | None) -> uuid.UUID:
    """The idempotency key of a call: the caller's, or a new one kept for all of the call's attempts."""
    return request_id or uuid.uuid4()


def keyed(body: B, request_id: uuid.UUID | None) -> B:
    """The body with a requestId: the body's own, else `request_id`, else a new one.

    Made once per call, so every retry of the call sends the same id.
    """
    if body.request_id is not None:
        return body
    return body.model_copy(update={"request_id": request_key(request_id)})


def parse_model(response: httpx.Response, model: type[M]) -> M:
    try:
        return model.model_validate_json(response.content)
    except ValidationError as exc:
        raise InvalidResponse(response.status_code, _first_problem(exc)) from exc


def parse_adapted(response: httpx.Response, adapter: TypeAdapter[T]) -> T:
    try:
        return adapter.validate_json(response.content)
    except ValidationError as exc:
        raise InvalidResponse(response.status_code, _first_problem(exc)) from exc


def _first_problem(exc: ValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return str(exc)
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid"))


def _query_value(value: QueryValue) -> str | int | float:
    if isinstance(value, bool):
        return "true" if value else "false"
    assert value is not None
    return value
