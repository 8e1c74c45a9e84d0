"""The server's route table as the route matrices read it, and one call to a route of it.

Every operation of `create_app(...)` (each method of each route) with its path parameters, query
and header parameters, body model and the scopes its `require(...)` dependency asks for
(`required_scopes`, kept on the dependency by app/server/security.py). The matrices are generated
from this, so a new route is covered the day it is added, without anyone listing it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

from app.contract.enums import Scope
from app.server.app import create_app
from app.server.config import ServerSettings

#: The routes anyone may call: signing in and the health check (and any under /v1/public/).
PUBLIC = frozenset({"POST /v1/auth/token", "GET /healthz"})
PUBLIC_PREFIX = "/v1/public/"


@dataclass(frozen=True)
class Operation:
    """One method of one route, as its dependencies and signature declare it."""

    method: str
    path: str
    path_params: Mapping[str, Any]  # name -> annotation, in the order of the path
    query_params: tuple[str, ...]
    header_params: tuple[str, ...]
    body: type[BaseModel] | None
    body_required: bool
    scopes: frozenset[Scope] | None  # None: no require(...) at all

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def public(self) -> bool:
        return self.name in PUBLIC or self.path.startswith(PUBLIC_PREFIX)

    def url(self, path_values: Mapping[str, object]) -> str:
        return self.path.format(**{name: path_values[name] for name in self.path_params})


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _dependants(sub)


def _scopes(dependant: Dependant) -> frozenset[Scope] | None:
    """Every scope any `require(...)` among the route's dependencies asks for; None without one."""
    found: frozenset[Scope] | None = None
    for sub in _dependants(dependant):
        scopes = getattr(sub.call, "required_scopes", None)
        if scopes is not None:
            found = (found or frozenset()) | frozenset(scopes)
    return found


def _body_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a body annotated `Model` or `Model | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        models = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(models) == 1:
            return _body_model(models[0])
    raise AssertionError(f"a body the matrices cannot read: {annotation!r}")


def _unique(names: Iterator[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def operations() -> list[Operation]:
    """Every operation the demo server answers (the demo-only routes included)."""
    app = create_app(ServerSettings(demo=True))
    found = []
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute):
            continue  # /openapi.json and the documentation pages
        dependant: Dependant = route.dependant
        path_params = {
            field.alias: field.field_info.annotation
            for sub in _dependants(dependant)
            for field in sub.path_params
        }
        query = _unique(field.alias for sub in _dependants(dependant) for field in sub.query_params)
        headers = _unique(field.alias for sub in _dependants(dependant) for field in sub.header_params)
        body = route.body_field
        for method in sorted(route.methods or ()):
            if method in ("HEAD", "OPTIONS"):
                continue
            found.append(
                Operation(
                    method=method,
                    path=str(route.path),
                    path_params=path_params,
                    query_params=query,
                    header_params=headers,
                    body=_body_model(body.field_info.annotation) if body is not None else None,
                    body_required=body is not None and body.field_info.is_required(),
                    scopes=_scopes(dependant),
                )
            )
    return found


@dataclass(frozen=True)
class Answer:
    status: int
    text: str
    json: Any
    streamed: bool
    headers: httpx.Headers

    @property
    def error_code(self) -> str | None:
        return self.json.get("errorCode") if isinstance(self.json, dict) else None


def call(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    body: object = None,
    params: Mapping[str, Any] | None = None,
    stream_until: str | None = None,
) -> Answer:
    """One request. An event stream (which never ends by itself) is read until `stream_until`
    appears in it, or the client's read timeout passes in silence; without `stream_until`, not at all."""
    content = None if body is None else httpx.Request("POST", "/", json=body).content
    sent_headers = {**(headers or {}), **({"Content-Type": "application/json"} if content else {})}
    with client.stream(method, url, headers=sent_headers, content=content, params=params) as response:
        streamed = response.headers.get("content-type", "").startswith("text/event-stream")
        if not streamed:
            text = response.read().decode()
        else:
            text = ""
            if stream_until is not None:
                try:
                    for chunk in response.iter_text():
                        text += chunk
                        if stream_until in text:
                            break
                except httpx.ReadTimeout:
                    pass  # the caller's assertion on what arrived says what was missing
    try:
        parsed = None if streamed or not text else response.json()
    except ValueError:
        parsed = None
    return Answer(
        status=response.status_code, text=text, json=parsed, streamed=streamed, headers=response.headers
    )
