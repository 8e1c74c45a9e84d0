"""The OpenAPI document as the server really answers: each operation's statuses with the error body,
the two ways to authenticate, and the scopes each operation needs.

FastAPI documents the success answer and a `{detail: [...]}` 422 body the server never sends. This
module rewrites every operation from what its route declares: the `require(...)` dependency (401,
429, and 403 when it names scopes), path ids (404), a body (413; 409 when it carries a `requestId`),
and 422 and 500, which every operation can answer (each takes the `language` query parameter, and
refuses any other it does not declare). What only a route's own code knows it declares next to the
route with `responses=answers(ErrorCode.THREAD_CLOSED, ...)`. Each error status lists its error
codes in `x-error-codes`; the documented-answer check of the tests (`documented`) holds the server
to them.
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from types import UnionType
from typing import Any, Union, get_args, get_origin

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.types import Scope as AsgiScope

from app.contract.base import IdempotentRequest
from app.contract.errors import ErrorBody, ErrorCode
from app.server.errors.status import STATUS_OF

ERROR_BODY = "ErrorBody"
BEARER = "bearerToken"
API_KEY = "apiKey"
#: The extension of a response that lists the error codes it may carry.
ERROR_CODES = "x-error-codes"
#: The extension of an operation that lists the scopes it needs.
REQUIRED_SCOPES = "x-required-scopes"

_SECURITY_SCHEMES = {
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "description": "An access token from `POST /v1/auth/token`: `Authorization: Bearer <token>`.",
    },
    API_KEY: {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-KEY",
        "description": "An API key an admin issued (`POST /v1/api-keys`); it acts with the key's role.",
    },
}
_HEADERS = {
    "X-Trace-Id": {
        "description": "The request's trace id: an error body's `traceId`, and in the server's log line.",
        "schema": {"type": "string"},
    },
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}},
    "WWW-Authenticate": {"description": "`Bearer`: how to authenticate.", "schema": {"type": "string"}},
}
#: The headers an error answer with this code carries (besides `X-Trace-Id`, which every answer has).
_HEADERS_OF: Mapping[ErrorCode, tuple[str, ...]] = {
    ErrorCode.RATE_LIMITED: ("Retry-After",),
    ErrorCode.SIGN_IN_THROTTLED: ("Retry-After",),
    ErrorCode.UNAUTHENTICATED: ("WWW-Authenticate",),
    ErrorCode.UNAVAILABLE: ("Retry-After",),
}
#: Answered by every operation: a query parameter that is invalid or not declared (and `language` is
#: everywhere), an unexpected failure, and the database not available (`server.unavailable`).
_EVERY_OPERATION = (ErrorCode.INVALID, ErrorCode.INTERNAL, ErrorCode.UNAVAILABLE)


def answers(*codes: ErrorCode) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route that answers these error codes as well as those its declaration
    tells (see the module's docstring): `@router.put(..., responses=answers(ErrorCode.THREAD_CLOSED))`."""
    responses: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        responses.setdefault(STATUS_OF[code], {ERROR_CODES: []})[ERROR_CODES].append(code.value)
    return responses


@dataclass(frozen=True)
class Operation:
    """One method of one route: its path as the document names it, and the query parameters it takes."""

    path: str
    method: str
    query_parameters: frozenset[str]


def install_openapi(app: FastAPI) -> None:
    """Serves `app`'s document (at `/openapi.json` and to `app.openapi()`) as this module makes it."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            # Made once per process for each set of routes: every app create_app makes has the same
            # document, and a test makes hundreds of apps. The routes are kept with it, so that
            # none of their ids in the key can be another route's later.
            routes, key = _route_table(app)
            if key not in _documents:
                _documents[key] = (routes, _describe(app, FastAPI.openapi(app)))
            app.openapi_schema = copy.deepcopy(_documents[key][1])
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


_documents: dict[tuple[object, ...], tuple[list[APIRoute], dict[str, Any]]] = {}


def _route_table(app: FastAPI) -> tuple[list[APIRoute], tuple[object, ...]]:
    contexts = list(_api_contexts(app))
    routes = [context.original_route for context in contexts]
    key = (
        app.title,
        app.version,
        app.description,
        tuple(
            (id(context.original_route), context.path_format, *sorted(context.methods))
            for context in contexts
        ),
        tuple(id(depends.dependency) for depends in app.router.dependencies),
    )
    return routes, key


def operation_of(scope: AsgiScope) -> Operation | None:
    """The operation a request reached, once routing matched it; None before, for a path no route
    has, and for a method the matched path lacks (405)."""
    route = scope.get("route")
    app = scope.get("app")
    if not isinstance(route, APIRoute) or not isinstance(app, FastAPI):
        return None
    operations = _operations.get(app)
    if operations is None:
        operations = _operations[app] = {}
    of_route = operations.get(id(route))
    if of_route is None:
        # Only the router that holds the route: the first request after start-up (the desktop's
        # sign-in) would otherwise wait for FastAPI to build the context of every route in the app.
        for (route_id, method), operation in _operations_of(app, holding=route).items():
            operations.setdefault(route_id, {})[method] = operation
        of_route = operations.setdefault(id(route), {})
    return of_route.get(scope["method"])


def documented_answers(app: FastAPI, operation: Operation) -> dict[int, frozenset[str]] | None:
    """Each status the document gives `operation`, with the error codes it may carry (none for a
    success); None when the document leaves the operation out."""
    documented = app.openapi()["paths"].get(operation.path, {}).get(operation.method.lower())
    if documented is None:
        return None
    return {
        int(status): frozenset(response.get(ERROR_CODES, ()))
        for status, response in documented["responses"].items()
    }


#: Each app's operations by the route's identity (routes are not hashable; the app keeps each of its
#: routes alive), then by method; filled a router at a time, as requests reach them.
_operations: weakref.WeakKeyDictionary[FastAPI, dict[int, dict[str, Operation]]] = weakref.WeakKeyDictionary()


def _holds(candidate: object, route: APIRoute) -> bool:
    """Whether `candidate`, one of an app's routes or included routers, is or includes `route`."""
    if candidate is route:
        return True
    included = getattr(candidate, "original_router", None)  # FastAPI's included router
    return included is not None and any(_holds(each, route) for each in included.routes)


def _operations_of(app: FastAPI, holding: APIRoute) -> dict[tuple[int, str], Operation]:
    """The operations of the app's routes that `holding` shares a router with, by route and method."""
    found: dict[tuple[int, str], Operation] = {}
    for context in iter_route_contexts([each for each in app.routes if _holds(each, holding)]):
        if not isinstance(context.original_route, APIRoute):
            continue
        for method in context.methods or ():
            found[(id(context.original_route), method)] = Operation(
                path=str(context.path_format),
                method=method,
                query_parameters=frozenset(_query_names(context.dependant)),
            )
    return found


def _api_contexts(app: FastAPI) -> Iterator[Any]:
    """The context of each API route as the app includes it: its effective path, dependant and body."""
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            yield context


def _documented(app: FastAPI, paths: Mapping[str, Any]) -> Iterator[tuple[Any, str, dict[str, Any]]]:
    """Each API route's context, method and operation in the document."""
    for context in _api_contexts(app):
        for method in sorted(context.methods):
            operation = paths.get(str(context.path_format), {}).get(method.lower())
            if operation is not None:
                yield context, method, operation


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _dependants(sub)


def _query_names(dependant: Dependant) -> Iterator[str]:
    for each in _dependants(dependant):
        for field in each.query_params:
            yield field.alias


def _required_scopes(dependant: Dependant) -> list[str] | None:
    """The scopes the operation's `require(...)` dependencies name; None when it needs no credentials."""
    needed: list[str] | None = None
    for each in _dependants(dependant):
        scopes = getattr(each.call, "required_scopes", None)
        if scopes is not None:
            needed = sorted({*(needed or ()), *(scope.value for scope in scopes)})
    return needed


def _derived_codes(context: Any, scopes: list[str] | None) -> list[ErrorCode]:
    codes = list(_EVERY_OPERATION)
    if scopes is not None:
        codes += [ErrorCode.UNAUTHENTICATED, ErrorCode.RATE_LIMITED]
        if scopes:
            codes.append(ErrorCode.FORBIDDEN)
    if context.dependant.path_params:
        codes.append(ErrorCode.NOT_FOUND)
    body = context.body_field
    if body is not None:
        codes.append(ErrorCode.PAYLOAD_TOO_LARGE)
        annotation = body.field_info.annotation
        # The body's model, or each of a union's (an optional body is `Model | None`).
        models = get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)
        if any(isinstance(model, type) and issubclass(model, IdempotentRequest) for model in models):
            codes.append(ErrorCode.ID_REUSED)
    return codes


def _describe(app: FastAPI, document: dict[str, Any]) -> dict[str, Any]:
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for unsent in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unsent, None)
    error_body = ErrorBody.model_json_schema(
        by_alias=True, ref_template="#/components/schemas/{model}", mode="serialization"
    )
    error_body["required"] = list(error_body["properties"])  # every error answer has all five
    schemas[ERROR_BODY] = error_body
    components["securitySchemes"] = _SECURITY_SCHEMES
    components["headers"] = _HEADERS
    for context, _method, operation in _documented(app, document["paths"]):
        scopes = _required_scopes(context.dependant)
        codes: dict[int, list[str]] = {}
        for code in _derived_codes(context, scopes):
            codes.setdefault(STATUS_OF[code], []).append(code.value)
        for status, response in operation["responses"].items():
            codes.setdefault(int(status), []).extend(response.get(ERROR_CODES, ()))
        operation["responses"] = {
            str(status): _response(status, operation["responses"].get(str(status), {}), codes[status])
            for status in sorted(codes)
        }
        if scopes is not None:
            _secure(operation, scopes)
    return document


def _response(status: int, documented: dict[str, Any], codes: list[str]) -> dict[str, Any]:
    response = dict(documented)
    for media in response.get("content", {}).values():
        # FastAPI describes an event stream's events with OpenAPI 3.2's `itemSchema`, which the
        # 3.1 document it makes may not hold: there, the stream is text, its events an extension.
        if "itemSchema" in media:
            media["x-itemSchema"] = media.pop("itemSchema")
            media.setdefault("schema", {"type": "string", "description": "Server-Sent Events"})
    names = ["X-Trace-Id"]
    if status >= 400:
        unique = sorted(set(codes))
        response["description"] = f"{HTTPStatus(status).phrase}: " + ", ".join(f"`{code}`" for code in unique)
        response["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_BODY}"}}}
        response[ERROR_CODES] = unique
        for code in unique:
            names += [name for name in _HEADERS_OF.get(ErrorCode(code), ()) if name not in names]
    response["headers"] = {name: {"$ref": f"#/components/headers/{name}"} for name in names}
    return response


def _secure(operation: dict[str, Any], scopes: list[str]) -> None:
    # OpenAPI 3.1 lets a requirement of a non-OAuth scheme name the roles it needs: here, the scopes.
    operation["security"] = [{BEARER: scopes}, {API_KEY: scopes}]
    operation[REQUIRED_SCOPES] = scopes
    needs = (
        ("Needs the scope " if len(scopes) == 1 else "Needs the scopes ")
        + ", ".join(f"`{scope}`" for scope in scopes)
        + "."
        if scopes
        else "Needs a signed-in caller (a token or an API key), with no particular scope."
    )
    description = operation.get("description", "")
    operation["description"] = f"{description}\n\n{needs}" if description else needs
