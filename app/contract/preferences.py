"""Communication preferences (category x channel), message categories and marketing preferences."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from app.contract.base import ApiModel, IdempotentRequest, MessageCategoryName, RequestModel
from app.contract.datetimes import ZonedDateTime
from app.contract.display import LocalisedText, LocalisedTextInput
from app.contract.enums import CategoryKind, Channel, ConsentSource


class ChannelPreference(ApiModel):
    communication_channel: Channel
    customer_overridable: bool
    active: bool


class CategoryPreferences(ApiModel):
    message_category: str
    channels: list[ChannelPreference]


class CommunicationPreferences(ApiModel):
    """A customer's whole preference set; `version` is also sent as the `ETag`."""

    customer_id: int
    version: int
    updated_at: ZonedDateTime | None
    preferences: list[CategoryPreferences]


class ChannelPreferenceChange(RequestModel):
    communication_channel: Channel
    active: bool
    customer_overridable: bool | None = Field(
        default=None, description="Accepted for Magicline compatibility; the server decides it."
    )


class CategoryPreferencesChange(RequestModel):
    message_category: MessageCategoryName
    channels: Annotated[list[ChannelPreferenceChange], Field(min_length=1, max_length=8)]


class CommunicationPreferencesUpdate(IdempotentRequest):
    """A partial merge: only the listed category/channel pairs change."""

    preferences: Annotated[list[CategoryPreferencesChange], Field(min_length=1, max_length=50)]
    source: ConsentSource | None = Field(
        default=None,
        description="Who asked for the change; defaults to AGENT for a user and API for an API key.",
    )


class CategoryChannel(ApiModel):
    communication_channel: Channel
    customer_overridable: bool = True


class CategoryChannelInput(CategoryChannel):
    """A `CategoryChannel` in a request body: an unknown field is refused (422), as at its top level."""

    model_config = ConfigDict(extra="forbid")

    @classmethod
    def of(cls, channel: CategoryChannel) -> CategoryChannelInput:
        return cls(
            communication_channel=channel.communication_channel,
            customer_overridable=channel.customer_overridable,
        )


class MessageCategory(ApiModel):
    """A tenant's message category: `messageCategory` is the identifier for integrations,
    `displayName` the name for people (an older server sends none: then it is the identifier's
    readable form)."""

    message_category: str
    display_name: LocalisedText = Field(
        default_factory=lambda fields: LocalisedText.of_identifier(fields["message_category"])
    )
    kind: CategoryKind
    channels: list[CategoryChannel]

    def name_in(self, language: str | None) -> str:
        """The category's name for people in `language` ("de", "de-DE"; English for any other)."""
        return self.display_name.in_language(language)


class MessageCategoryCreate(IdempotentRequest):
    message_category: MessageCategoryName
    display_name: LocalisedTextInput | None = Field(
        default=None, description="The name for people; without it, the identifier's readable form."
    )
    kind: CategoryKind
    channels: Annotated[list[CategoryChannelInput], Field(min_length=1, max_length=8)]

    def display_name_or_readable(self) -> LocalisedText:
        return self.display_name or LocalisedText.of_identifier(self.message_category)


class MarketingPreference(ApiModel):
    marketing_preference_id: int
    text: str


class MarketingPreferenceCreate(IdempotentRequest):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class CustomerMarketingPreference(ApiModel):
    """A customer's state for one marketing preference; never presented reads as opted out."""

    marketing_preference_id: int
    customer_id: int | None = None
    text: str | None = None
    opted_in: bool
    opted_in_at: ZonedDateTime | None


class MarketingOptIn(IdempotentRequest):
    source: ConsentSource | None = None
