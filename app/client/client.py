"""`SwitchboardClient`: the one typed async client of the Switchboard API that the desktop uses.

    async with SwitchboardClient("http://127.0.0.1:8700") as client:
        await client.sign_in("agent", "demo")
        page = await client.search_customers("müller")

One method per operation of api.md, each returning contract models and raising the exceptions of
`app.client.errors`. The methods live in one module per area; this class puts them together.
"""

from __future__ import annotations

from app.client.approvals import ApprovalsApi
from app.client.customers import CustomersApi
from app.client.events import EventsApi
from app.client.identity import IdentityApi
from app.client.preferences import PreferencesApi
from app.client.reports import ReportsApi
from app.client.session import SessionApi
from app.client.threads import ThreadsApi

__all__ = ["SwitchboardClient"]


class SwitchboardClient(
    SessionApi, CustomersApi, PreferencesApi, ThreadsApi, IdentityApi, ApprovalsApi, ReportsApi, EventsApi
):
    """Async client of the Switchboard API; use it as an async context manager (or call `aclose`).

    Construct with `SwitchboardClient(base_url, token=..., api_key=..., transport=..., timeout=...,
    deadline=..., retry=RetryPolicy(...), language="de")`; see `ClientCore` for every argument.
    """
