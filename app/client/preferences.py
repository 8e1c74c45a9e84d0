"""API methods of consent: communication preferences, message categories, the consent history and
marketing preferences."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from uuid import UUID

import httpx
from pydantic import TypeAdapter

from app.client.core import ClientCore, keyed, parse_model, request_key
from app.client.paging import paginate
from app.contract.base import DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, Page
from app.contract.customers import ConsentChange
from app.contract.display import LocalisedText, LocalisedTextInput
from app.contract.enums import CategoryKind, Channel, ConsentSource
from app.contract.preferences import (
    CategoryChannel,
    CategoryChannelInput,
    CategoryPreferencesChange,
    ChannelPreferenceChange,
    CommunicationPreferences,
    CommunicationPreferencesUpdate,
    CustomerMarketingPreference,
    MarketingOptIn,
    MarketingPreference,
    MarketingPreferenceCreate,
    MessageCategory,
    MessageCategoryCreate,
)

__all__ = ["PreferenceChanges", "PreferencesApi"]

_CATEGORIES = TypeAdapter(list[MessageCategory])
_MARKETING = TypeAdapter(list[MarketingPreference])
_CONSENT_PAGE = TypeAdapter(Page[ConsentChange])
_CUSTOMER_MARKETING_PAGE = TypeAdapter(Page[CustomerMarketingPreference])

#: Changes as the contract lists them, or simply {(messageCategory, channel): active}.
PreferenceChanges = Sequence[CategoryPreferencesChange] | Mapping[tuple[str, Channel], bool]


def _as_category_changes(changes: PreferenceChanges) -> list[CategoryPreferencesChange]:
    if not isinstance(changes, Mapping):
        return list(changes)
    grouped: dict[str, list[ChannelPreferenceChange]] = {}
    for (category, channel), active in changes.items():
        grouped.setdefault(category, []).append(
            ChannelPreferenceChange(communication_channel=channel, active=active)
        )
    return [CategoryPreferencesChange(message_category=c, channels=chs) for c, chs in grouped.items()]


def _preferences_path(customer_id: int) -> str:
    return f"/v1/communications/{customer_id}/communication-preferences"


def _marketing_path(customer_id: int, marketing_preference_id: int) -> str:
    return f"/v1/customers/{customer_id}/marketing-preferences/{marketing_preference_id}"


class PreferencesApi(ClientCore):
    # -- communication preferences ------------------------------------------------------------

    def preferences_etag(self, customer_id: int) -> str | None:
        """The `ETag` of the customer's preferences as last read or written by this client."""
        return self._etags.get(customer_id)

    def _remember_etag(self, customer_id: int, response: httpx.Response) -> None:
        etag = response.headers.get("etag")
        if etag is not None:
            self._etags[customer_id] = etag

    async def get_communication_preferences(self, customer_id: int) -> CommunicationPreferences:
        """Every category/channel pair with its state; `version` (also the ETag) guards an update."""
        response = await self._send("GET", _preferences_path(customer_id))
        self._remember_etag(customer_id, response)
        return parse_model(response, CommunicationPreferences)

    async def update_communication_preferences(
        self,
        customer_id: int,
        changes: PreferenceChanges,
        *,
        if_match_version: int | None = None,
        source: ConsentSource | None = None,
        request_id: UUID | None = None,
    ) -> CommunicationPreferences:
        """Change only the listed pairs; answers the whole new set.

        With `if_match_version`, a newer stored version raises `PreconditionFailed` and changes
        nothing. A pair that is not customer-overridable raises `ValidationFailed`.
        """
        update = CommunicationPreferencesUpdate(preferences=_as_category_changes(changes))
        if source is not None:
            update.source = source
        headers = {"If-Match": f'"{if_match_version}"'} if if_match_version is not None else None
        response = await self._send(
            "PUT", _preferences_path(customer_id), body=keyed(update, request_id), headers=headers
        )
        self._remember_etag(customer_id, response)
        return parse_model(response, CommunicationPreferences)

    # -- message categories -------------------------------------------------------------------

    async def list_message_categories(self) -> list[MessageCategory]:
        return await self._adapted(_CATEGORIES, "GET", "/v1/message-categories")

    async def create_message_category(
        self,
        message_category: str,
        kind: CategoryKind,
        channels: Sequence[CategoryChannel | Channel],
        *,
        display_name: LocalisedText | None = None,
        request_id: UUID | None = None,
    ) -> MessageCategory:
        """A new message category of the tenant (CATEGORY_WRITE); a bare Channel is customer-overridable.
        Without a `display_name` the server names it by the identifier's readable form."""
        listed = [
            CategoryChannelInput.of(c)
            if isinstance(c, CategoryChannel)
            else CategoryChannelInput(communication_channel=c)
            for c in channels
        ]
        create = MessageCategoryCreate(
            message_category=message_category,
            display_name=None if display_name is None else LocalisedTextInput.of(display_name),
            kind=kind,
            channels=listed,
        )
        body = keyed(create, request_id)
        return await self._model(MessageCategory, "POST", "/v1/message-categories", body=body)

    # -- consent history ----------------------------------------------------------------------

    async def get_consent_history(
        self, customer_id: int, *, page: int = 1, limit: int = DEFAULT_PAGE_LIMIT
    ) -> Page[ConsentChange]:
        """Every change of a preference or marketing preference of the customer, newest first."""
        return await self._adapted(
            _CONSENT_PAGE,
            "GET",
            f"/v1/customers/{customer_id}/consent-history",
            params={"page": page, "limit": limit},
        )

    def iter_consent_history(
        self, customer_id: int, *, limit: int = MAX_PAGE_LIMIT
    ) -> AsyncIterator[ConsentChange]:
        async def fetch(page: int, size: int) -> Page[ConsentChange]:
            return await self.get_consent_history(customer_id, page=page, limit=size)

        return paginate(fetch, limit=limit)

    # -- marketing preferences ----------------------------------------------------------------

    async def list_marketing_preferences(self) -> list[MarketingPreference]:
        """The tenant's marketing preferences."""
        return await self._adapted(_MARKETING, "GET", "/v1/marketing-preferences")

    async def create_marketing_preference(
        self, text: str, *, request_id: UUID | None = None
    ) -> MarketingPreference:
        """A new marketing preference of the tenant (CATEGORY_WRITE)."""
        body = keyed(MarketingPreferenceCreate(text=text), request_id)
        return await self._model(MarketingPreference, "POST", "/v1/marketing-preferences", body=body)

    async def list_customer_marketing_preferences(
        self, customer_id: int, *, page: int = 1, limit: int = DEFAULT_PAGE_LIMIT
    ) -> Page[CustomerMarketingPreference]:
        """Every marketing preference of the tenant with this customer's state."""
        return await self._adapted(
            _CUSTOMER_MARKETING_PAGE,
            "GET",
            f"/v1/customers/{customer_id}/marketing-preferences",
            params={"page": page, "limit": limit},
        )

    def iter_customer_marketing_preferences(
        self, customer_id: int, *, limit: int = MAX_PAGE_LIMIT
    ) -> AsyncIterator[CustomerMarketingPreference]:
        async def fetch(page: int, size: int) -> Page[CustomerMarketingPreference]:
            return await self.list_customer_marketing_preferences(customer_id, page=page, limit=size)

        return paginate(fetch, limit=limit)

    async def get_customer_marketing_preference(
        self, customer_id: int, marketing_preference_id: int
    ) -> CustomerMarketingPreference:
        """The customer's state; one never presented reads as opted out (not 404)."""
        return await self._model(
            CustomerMarketingPreference, "GET", _marketing_path(customer_id, marketing_preference_id)
        )

    async def opt_in(
        self,
        customer_id: int,
        marketing_preference_id: int,
        *,
        source: ConsentSource | None = None,
        request_id: UUID | None = None,
    ) -> CustomerMarketingPreference:
        """Opt the customer in (idempotent); recorded in the consent history."""
        body = MarketingOptIn(source=source) if source is not None else MarketingOptIn()
        return await self._model(
            CustomerMarketingPreference,
            "PUT",
            _marketing_path(customer_id, marketing_preference_id),
            body=keyed(body, request_id),
        )

    async def opt_out(
        self, customer_id: int, marketing_preference_id: int, *, request_id: UUID | None = None
    ) -> None:
        """Opt the customer out (idempotent); recorded in the consent history."""
        await self._send(
            "DELETE",
            _marketing_path(customer_id, marketing_preference_id),
            idempotency_key=request_key(request_id),
        )
