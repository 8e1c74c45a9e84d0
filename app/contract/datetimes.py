"""The API's date-time type: accepts RFC 3339 and the RFC 9557 zoned form, holds and answers UTC.

api.md, Conventions: requests may carry `2022-06-22T08:00:00.000+02:00` (RFC 3339) or the zoned form of
RFC 9557 / Java `ZonedDateTime`, `2022-06-22T08:00:00.000+02:00[Europe/Berlin]`; an offset that
contradicts the bracketed zone is refused (422). Responses are RFC 3339 in UTC: `2022-06-22T06:00:00Z`.

Details of what is accepted:

* `T`/`t` and `Z`/`z` in either case; any number of fraction digits (kept to the microsecond,
  further digits are truncated, never rounded); offsets `±hh:mm`, or `±hh:mm:ss` as Java writes the
  local mean time offsets of old dates.
* `Z` and `-00:00` say "the UTC instant is known, the local offset is not" (RFC 9557, section 2),
  so they never contradict a bracketed zone.
* A zone without an offset, `2022-06-22T08:00:00[Europe/Berlin]`, is resolved like Java and
  Temporal do: a repeated local time takes the earlier offset, a skipped one is moved forward by the
  length of the gap.
* The zone annotation may carry the critical flag (`[!Europe/Berlin]`) and may be a numeric offset
  (`[+02:00]`). Elective suffix tags after it (`[u-ca=gregory]`) are ignored; a critical one
  (`[!u-ca=...]`) is refused, as RFC 9557 requires of a tag the reader does not act on.
* Refused: no offset and no zone (a local time means nothing to the server), an unknown zone,
  values out of range (month 13, 24:00, leap second 60, an instant outside the years 1..9999 in
  UTC), anything else that is not the grammar above (space instead of `T`, `+0200`, week dates...).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Annotated, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = [
    "ZonedDateTime",
    "ZonedDateTimeError",
    "format_utc",
    "parse_zoned_datetime",
    "time_zone",
]

#: Longer input is refused before any parsing (a real value is well under 100 characters).
MAX_LENGTH: Final = 256

_OFFSET = r"[+-]\d{2}:\d{2}(?::\d{2})?"

# RFC 3339 date-time, offset optional, followed by RFC 9557 bracketed annotations (checked below).
_DATE = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
_TIME = r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:\.(?P<fraction>\d+))?"
_DATE_TIME: Final = re.compile(
    _DATE + "[Tt]" + _TIME + "(?P<offset>[Zz]|" + _OFFSET + ")?" + r"(?P<annotations>(?:\[[^\[\]]*\])*)",
    re.ASCII,
)
_ANNOTATION: Final = re.compile(r"\[(?P<critical>!?)(?P<body>[^\[\]]*)\]")
_OFFSET_PARTS: Final = re.compile(
    r"(?P<sign>[+-])(?P<hours>\d{2}):(?P<minutes>\d{2})(?::(?P<seconds>\d{2}))?", re.ASCII
)
# RFC 9557 time-zone-name: parts of ALPHA . _ (first) then also DIGIT - + ; "." and ".." are excluded below.
_ZONE_NAME: Final = re.compile(r"[A-Za-z._][A-Za-z0-9._+-]*(?:/[A-Za-z._][A-Za-z0-9._+-]*)*", re.ASCII)
_ZONE_OFFSET: Final = re.compile(_OFFSET, re.ASCII)
# RFC 9557 suffix: key = lcalpha/_ then lcalpha/DIGIT/_/- ; values: alphanumeric runs joined by "-".
_SUFFIX_TAG: Final = re.compile(r"[a-z_][a-z0-9_-]*=[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*", re.ASCII)

# Files zoneinfo can open that are no IANA zone: the host's own zone, and the posix/right variants.
_NOT_ZONES: Final = frozenset({"localtime", "posixrules"})
_NOT_ZONE_PREFIXES: Final = ("posix/", "right/")

_EXAMPLES = "e.g. 2022-06-22T08:00:00+02:00, 2022-06-22T06:00:00Z or 2022-06-22T08:00:00+02:00[Europe/Berlin]"


class ZonedDateTimeError(ValueError):
    """A date-time that is refused; `kind` is the stable reason (also the pydantic error type)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def _syntax_error(value: str) -> ZonedDateTimeError:
    message = f"Not an RFC 3339 date-time ({_EXAMPLES})"
    # An unencoded "+" in a URL query arrives as a space: 08:00:00 02:00.
    if " " in value and _DATE_TIME.fullmatch(value.replace(" ", "+")):
        message += "; a '+' in a URL query must be sent as %2B"
    return ZonedDateTimeError("datetime_parsing", message)


def _out_of_range(detail: str) -> ZonedDateTimeError:
    return ZonedDateTimeError("datetime_out_of_range", f"Date-time out of range: {detail}")


def _parse_offset(text: str) -> timedelta:
    parts = _OFFSET_PARTS.fullmatch(text)
    if parts is None:  # pragma: no cover - the callers only pass text matching _OFFSET
        raise ZonedDateTimeError("datetime_parsing", f"Not a UTC offset: {text}")
    hours, minutes = int(parts["hours"]), int(parts["minutes"])
    seconds = int(parts["seconds"] or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise _out_of_range(f"UTC offset {text} (at most ±23:59)")
    offset = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    return -offset if parts["sign"] == "-" else offset


def _format_offset(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{seconds:02d}" if seconds else text


def _unknown_zone(name: str) -> ZonedDateTimeError:
    return ZonedDateTimeError(
        "datetime_unknown_zone", f"Unknown time zone [{name}]: use an IANA name such as Europe/Berlin"
    )


def _load_zone(name: str) -> tzinfo:
    unknown = _unknown_zone(name)
    parts = name.split("/")
    if name in _NOT_ZONES or name.startswith(_NOT_ZONE_PREFIXES) or "." in parts or ".." in parts:
        raise unknown
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # missing; not a TZif file; a directory
        raise unknown from None


def time_zone(name: str) -> tzinfo:
    """The IANA time zone of that name (`Europe/Berlin`); anything else raises `ZonedDateTimeError`
    (kind `datetime_unknown_zone`), by the same rules as a zone annotation."""
    if not _ZONE_NAME.fullmatch(name):
        raise _unknown_zone(name)
    return _load_zone(name)


def _parse_annotations(text: str) -> tuple[str | None, tzinfo | None]:
    """The zone annotation (its text and tzinfo) of `[zone][key=value]...`; elective tags are ignored."""
    zone_text: str | None = None
    zone: tzinfo | None = None
    for index, annotation in enumerate(_ANNOTATION.finditer(text)):
        critical, body = annotation["critical"] == "!", annotation["body"]
        if _SUFFIX_TAG.fullmatch(body):
            if critical:
                raise ZonedDateTimeError(
                    "datetime_critical_tag",
                    f"Unsupported critical suffix tag [!{body}]: drop it or send it without '!'",
                )
            continue
        if index > 0:
            raise ZonedDateTimeError(
                "datetime_parsing",
                f"Annotation {annotation.group(0)} is not a suffix tag (key=value); "
                "the time zone must be the first annotation, and only one is allowed",
            )
        zone_text = body
        if _ZONE_OFFSET.fullmatch(body):
            zone = timezone(_parse_offset(body))
        elif _ZONE_NAME.fullmatch(body):
            zone = _load_zone(body)
        else:
            raise ZonedDateTimeError(
                "datetime_parsing",
                f"Not a time zone annotation: [{body}] (expected e.g. [Europe/Berlin] or [+02:00])",
            )
    return zone_text, zone


def parse_zoned_datetime(value: str) -> datetime:
    """Parse an RFC 3339 or RFC 9557 zoned date-time into an aware datetime in UTC.

    Raises `ZonedDateTimeError` (a `ValueError`) with a message fit for an API client.
    """
    if len(value) > MAX_LENGTH:
        raise ZonedDateTimeError("datetime_parsing", f"Date-time longer than {MAX_LENGTH} characters")
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        raise _syntax_error(value)
    offset_text = match["offset"]
    zone_text, zone = _parse_annotations(match["annotations"])
    if offset_text is None and zone is None:
        raise ZonedDateTimeError(
            "timezone_aware",
            "Date-time without UTC offset or time zone: add Z, an offset such as +02:00, "
            "or a zone such as [Europe/Berlin]",
        )
    if match["second"] == "60":
        raise _out_of_range("leap second :60 is not supported, use :59")
    fraction = match["fraction"] or ""
    try:
        local = datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"]),
            int(fraction[:6].ljust(6, "0")),
        )
    except ValueError as exc:  # month 13, day 31 of June, hour 24, year 0000...
        raise _out_of_range(str(exc)) from None

    try:
        if offset_text is None:
            assert zone is not None
            # fold=0: the earlier offset of a repeated hour; a skipped time moves forward by the gap.
            return local.replace(tzinfo=zone).astimezone(UTC)
        if offset_text in ("Z", "z", "-00:00"):
            # UTC known, local offset unknown: consistent with any zone (RFC 9557, section 2).
            return local.replace(tzinfo=UTC)
        offset = _parse_offset(offset_text)
        instant = local.replace(tzinfo=timezone(offset)).astimezone(UTC)
        if zone is not None:
            actual = instant.astimezone(zone).utcoffset()
            if actual != offset:
                actual_text = "unknown" if actual is None else _format_offset(actual)
                raise ZonedDateTimeError(
                    "datetime_offset_mismatch",
                    f"Offset {offset_text} contradicts time zone [{zone_text}], "
                    f"which is at {actual_text} at that instant",
                )
        return instant
    except OverflowError:
        raise _out_of_range("the instant is outside the years 0001..9999 in UTC") from None


def _from_datetime(value: datetime) -> datetime:
    if value.utcoffset() is None:
        raise ZonedDateTimeError(
            "timezone_aware", "Naive datetime: give it a tzinfo (e.g. datetime.UTC or a ZoneInfo)"
        )
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise _out_of_range("the instant is outside the years 0001..9999 in UTC") from None


def _validate(value: object) -> datetime:
    try:
        if isinstance(value, datetime):
            return _from_datetime(value)
        if isinstance(value, str):
            return parse_zoned_datetime(value)
    except ZonedDateTimeError as exc:
        raise PydanticCustomError(exc.kind, exc.message) from None
    raise PydanticCustomError("datetime_type", f"Input should be a date-time string ({_EXAMPLES})")


def format_utc(value: datetime) -> str:
    """RFC 3339 in UTC with a `Z`, as every response carries it: `2022-06-22T06:00:00.123000Z`."""
    if value.utcoffset() is None:
        raise ValueError("Cannot serialise a naive datetime: its instant is unknown")
    return value.astimezone(UTC).isoformat().removesuffix("+00:00") + "Z"


#: A date-time of the API: validates RFC 3339 and RFC 9557 zoned strings (and aware datetimes),
#: holds an aware UTC datetime, serialises to JSON as RFC 3339 UTC with `Z`.
ZonedDateTime = Annotated[
    datetime,
    PlainValidator(_validate, json_schema_input_type=str),
    PlainSerializer(format_utc, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": (
                "RFC 3339 date-time; the RFC 9557 zoned form 2022-06-22T08:00:00+02:00[Europe/Berlin] "
                "is accepted too (the offset must match the zone). Answered in UTC: 2022-06-22T06:00:00Z."
            ),
        }
    ),
]
