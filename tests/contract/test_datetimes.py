"""ZonedDateTime: RFC 3339 and RFC 9557 zoned input, UTC output, clear refusals (api.md, Conventions)."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from app.contract.datetimes import (
    MAX_LENGTH,
    ZonedDateTime,
    ZonedDateTimeError,
    format_utc,
    parse_zoned_datetime,
)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# 08:00 in Berlin on 22 June 2022 (CEST, +02:00).
JUNE_0600Z = datetime(2022, 6, 22, 6, 0, tzinfo=UTC)

# "localtime" is a host file zoneinfo lists on some systems, not an IANA zone; it is refused on purpose.
ZONES = sorted(zoneinfo.available_timezones() - {"localtime"})


class Event(BaseModel):
    at: ZonedDateTime


class StrictEvent(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    at: ZonedDateTime
    until: ZonedDateTime | None = None


def validate(value: Any) -> datetime:
    return Event(at=value).at


def error_of(value: Any) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        Event(at=value)
    errors = caught.value.errors()
    assert len(errors) == 1
    return dict(errors[0])


# --- accepted forms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # RFC 3339
        ("2022-06-22T08:00:00.000+02:00", JUNE_0600Z),
        ("2022-06-22T08:00:00+02:00", JUNE_0600Z),
        ("2022-06-22T06:00:00Z", JUNE_0600Z),
        ("2022-06-22T06:00:00.000Z", JUNE_0600Z),
        ("2022-06-22t06:00:00z", JUNE_0600Z),
        ("2022-06-22T01:30:00-04:30", JUNE_0600Z),
        ("2022-06-22T06:00:00+00:00", JUNE_0600Z),
        ("2022-06-22T06:00:00-00:00", JUNE_0600Z),
        ("2022-06-22T06:00:00.1Z", JUNE_0600Z.replace(microsecond=100_000)),
        ("2022-06-22T06:00:00.123Z", JUNE_0600Z.replace(microsecond=123_000)),
        ("2022-06-22T06:00:00.123456Z", JUNE_0600Z.replace(microsecond=123_456)),
        # more than microseconds: truncated, never rounded (so never into the next second)
        ("2022-06-22T06:00:00.123456789Z", JUNE_0600Z.replace(microsecond=123_456)),
        ("2022-06-22T06:00:00.9999999999Z", JUNE_0600Z.replace(microsecond=999_999)),
        # RFC 9557 / Java ZonedDateTime zoned form
        ("2022-06-22T08:00:00.000+02:00[Europe/Berlin]", JUNE_0600Z),
        ("2022-06-22T08:00:00+02:00[Europe/Berlin]", JUNE_0600Z),
        ("2022-06-22T08:00:00+02:00[!Europe/Berlin]", JUNE_0600Z),
        ("2022-06-22T08:00:00+02:00[Europe/Berlin][u-ca=gregory]", JUNE_0600Z),
        ("2022-06-22T08:00:00+02:00[!Europe/Berlin][u-ca=iso8601][_foo=bar-baz]", JUNE_0600Z),
        ("2022-06-22T02:00:00-04:00[America/New_York]", JUNE_0600Z),
        ("2022-06-22T06:00:00+00:00[UTC]", JUNE_0600Z),
        ("2022-06-22T01:00:00-05:00[Etc/GMT+5]", JUNE_0600Z),
        # a numeric zone annotation
        ("2022-06-22T08:00:00+02:00[+02:00]", JUNE_0600Z),
        ("2022-06-22T08:00:00[+02:00]", JUNE_0600Z),
        # Z (and -00:00): the UTC instant is known, the local offset is not; never contradicts a zone
        ("2022-06-22T06:00:00Z[Europe/Berlin]", JUNE_0600Z),
        ("2022-06-22T06:00:00-00:00[Europe/Berlin]", JUNE_0600Z),
        # suffix tags without a zone
        ("2022-06-22T06:00:00Z[u-ca=gregory]", JUNE_0600Z),
        # no offset: the local time in that zone
        ("2022-06-22T08:00:00[Europe/Berlin]", JUNE_0600Z),
        ("2022-06-22T08:00:00.000[Europe/Berlin]", JUNE_0600Z),
        ("2022-01-22T08:00:00[Europe/Berlin]", datetime(2022, 1, 22, 7, 0, tzinfo=UTC)),
        # Java writes the local mean time offsets of old dates with seconds
        ("1900-01-01T00:19:32+00:19:32[Europe/Amsterdam]", datetime(1900, 1, 1, tzinfo=UTC)),
        ("1900-01-01T00:19:32+00:19:32", datetime(1900, 1, 1, tzinfo=UTC)),
        # the edges of the range
        ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
        ("9999-12-31T23:59:59.999999Z", datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)),
        ("2024-02-29T12:00:00Z", datetime(2024, 2, 29, 12, tzinfo=UTC)),
    ],
)
def test_accepts(text: str, expected: datetime) -> None:
    parsed = validate(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC
    assert parse_zoned_datetime(text) == expected


def test_no_offset_in_the_autumn_overlap_takes_the_earlier_offset() -> None:
    # 2022-10-30 02:30 happens twice in Berlin: first at +02:00 (00:30Z), then at +01:00 (01:30Z).
    assert validate("2022-10-30T02:30:00[Europe/Berlin]") == datetime(2022, 10, 30, 0, 30, tzinfo=UTC)


def test_either_offset_of_the_autumn_overlap_matches_the_zone() -> None:
    assert validate("2022-10-30T02:30:00+02:00[Europe/Berlin]") == datetime(2022, 10, 30, 0, 30, tzinfo=UTC)
    assert validate("2022-10-30T02:30:00+01:00[Europe/Berlin]") == datetime(2022, 10, 30, 1, 30, tzinfo=UTC)


def test_no_offset_in_the_spring_gap_moves_forward_by_the_gap() -> None:
    # 2022-03-27 02:30 does not exist in Berlin; like Java and Temporal it becomes 03:30 CEST = 01:30Z.
    assert validate("2022-03-27T02:30:00[Europe/Berlin]") == datetime(2022, 3, 27, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        datetime(2022, 6, 22, 8, 0, tzinfo=BERLIN),
        datetime(2022, 6, 22, 8, 0, tzinfo=timezone(timedelta(hours=2))),
        datetime(2022, 6, 22, 6, 0, tzinfo=UTC),
        datetime(2022, 6, 22, 6, 0, tzinfo=timezone.utc),  # noqa: UP017 - the other UTC object
    ],
)
def test_accepts_aware_datetime_objects(value: datetime) -> None:
    parsed = validate(value)
    assert parsed == JUNE_0600Z
    assert parsed.tzinfo is UTC


def test_json_input_and_strict_models() -> None:
    event = StrictEvent.model_validate_json(
        '{"at": "2022-06-22T08:00:00+02:00[Europe/Berlin]", "until": null}'
    )
    assert event.at == JUNE_0600Z
    assert event.until is None
    assert StrictEvent(at="2022-06-22T06:00:00Z", until=JUNE_0600Z).until == JUNE_0600Z


def test_type_adapter() -> None:
    assert TypeAdapter(ZonedDateTime).validate_python("2022-06-22T08:00:00+02:00") == JUNE_0600Z


# --- refused forms --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2022-06-22T08:00:00+01:00[Europe/Berlin]", "which is at +02:00"),  # Berlin is +02:00 in June
        ("2022-01-22T08:00:00+02:00[Europe/Berlin]", "which is at +01:00"),  # and +01:00 in January
        ("2022-06-22T06:00:00+00:00[Europe/Berlin]", "which is at +02:00"),  # +00:00 is an offset, not Z
        ("2022-06-22T08:00:00+02:00[!Europe/Berlin]", None),
        ("2022-06-22T08:00:00-04:00[America/Los_Angeles]", "which is at -07:00"),
        ("2022-06-22T08:00:00+01:00[+02:00]", "which is at +02:00"),
        ("1900-01-01T00:20:00+00:20[Europe/Amsterdam]", "which is at +00:19:32"),
    ],
)
def test_refuses_an_offset_that_contradicts_the_zone(text: str, shown: str | None) -> None:
    if shown is None:  # the consistent control case
        assert validate(text) == JUNE_0600Z
        return
    error = error_of(text)
    assert error["type"] == "datetime_offset_mismatch"
    assert "contradicts time zone" in error["msg"]
    assert shown in error["msg"]


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/Berln",
        "Mars/Olympus_Mons",
        "europe/berlin",  # zone names are looked up as spelled
        "Europe",  # a directory of the zone database
        "localtime",  # the host's zone: not an IANA name
        "posixrules",
        "posix/Europe/Berlin",
        "right/UTC",  # counts leap seconds
        "zone.tab",  # a data file next to the zones
        "../../../../etc/passwd",
        "Europe/../Europe/Berlin",
        "CEST",
    ],
)
def test_refuses_an_unknown_zone(zone: str) -> None:
    error = error_of(f"2022-06-22T08:00:00+02:00[{zone}]")
    assert error["type"] == "datetime_unknown_zone"
    assert f"Unknown time zone [{zone}]" in error["msg"]


@pytest.mark.parametrize(
    "text", ["2022-06-22T08:00:00", "2022-06-22T08:00:00.000", "2022-06-22T08:00:00[u-ca=gregory]"]
)
def test_refuses_a_naive_string(text: str) -> None:
    error = error_of(text)
    assert error["type"] == "timezone_aware"
    assert "without UTC offset or time zone" in error["msg"]


def test_refuses_a_naive_datetime_object() -> None:
    error = error_of(datetime(2022, 6, 22, 8, 0))
    assert error["type"] == "timezone_aware"
    assert "Naive datetime" in error["msg"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "now",
        "2022-06-22",
        "08:00:00Z",
        "2022-06-22 08:00:00Z",  # space instead of T
        "2022-06-22_08:00:00Z",
        "2022-06-22T08:00Z",  # seconds are required
        "2022-06-22T08:00:00.Z",  # a dot needs digits
        "2022-06-22T08:00:00+0200",
        "2022-06-22T08:00:00+02",
        "2022-06-22T08:00:00 +02:00",
        "20220622T080000Z",  # ISO 8601 basic format
        "2022-W25-3T08:00:00Z",  # week date
        "2022-173T08:00:00Z",  # ordinal date
        "22-06-22T08:00:00Z",
        "+002022-06-22T08:00:00Z",  # expanded years
        "2022-6-22T08:00:00Z",
        " 2022-06-22T08:00:00Z",
        "2022-06-22T08:00:00Z ",
        "2022-06-22T08:00:00Z\n",
        "\u0662\u0660\u0662\u0662-06-22T08:00:00Z",  # Arabic-Indic digits
        "２０２２-06-22T08:00:00Z",  # fullwidth digits
        "2022-06-22T08:00:00+02:00[Europe/Berlin",
        "2022-06-22T08:00:00+02:00Europe/Berlin]",
        "2022-06-22T08:00:00+02:00[Europe/Berlin]x",
        "2022-06-22T08:00:00+02:00[]",
        "2022-06-22T08:00:00+02:00[!]",
        "2022-06-22T08:00:00+02:00[Europe/Berlin][Europe/Berlin]",  # one zone only
        "2022-06-22T08:00:00+02:00[u-ca=gregory][Europe/Berlin]",  # the zone comes first
        "2022-06-22T08:00:00+02:00[Europe Berlin]",
        "2022-06-22T08:00:00+02:00[/Europe/Berlin]",
        "2022-06-22T08:00:00+02:00[Europe/Berlin/]",
        "2022-06-22T08:00:00+02:00[1Europe/Berlin]",
        "2022-06-22T08:00:00+02:00[+0200]",
        "2022-06-22T08:00:00+02:00[Europe/Berlin][U-CA=gregory]",  # keys are lowercase
        "2022-06-22T08:00:00+02:00[Europe/Berlin][u-ca=]",
        "2022-06-22T08:00:00+02:00[[Europe/Berlin]]",
        "2022-06-22T08:00:00+02:00(Europe/Berlin)",
    ],
)
def test_refuses_garbage(text: str) -> None:
    error = error_of(text)
    assert error["type"] == "datetime_parsing"
    assert error["msg"]


def test_a_plus_lost_in_a_url_query_gets_a_hint() -> None:
    error = error_of("2022-06-22T08:00:00 02:00")
    assert error["type"] == "datetime_parsing"
    assert "%2B" in error["msg"]
    assert "%2B" not in error_of("2022-06-22 08:00:00Z")["msg"]


def test_refuses_overlong_input() -> None:
    text = "2022-06-22T08:00:00Z" + "[u-ca=gregory]" * 20
    assert len(text) > MAX_LENGTH
    error = error_of(text)
    assert error["type"] == "datetime_parsing"
    assert str(MAX_LENGTH) in error["msg"]
    assert error_of("2" * 100_000)["type"] == "datetime_parsing"


@pytest.mark.parametrize(
    "text",
    [
        "2022-13-22T08:00:00Z",
        "2022-00-22T08:00:00Z",
        "2022-06-00T08:00:00Z",
        "2022-06-31T08:00:00Z",
        "2023-02-29T08:00:00Z",  # not a leap year
        "2022-06-22T24:00:00Z",
        "2022-06-22T08:60:00Z",
        "2022-06-22T08:00:61Z",
        "2016-12-31T23:59:60Z",  # a real leap second, but not representable
        "0000-01-01T00:00:00Z",
        "2022-06-22T08:00:00+24:00",
        "2022-06-22T08:00:00+02:60",
        "2022-06-22T08:00:00+02:00:60",
        "2022-06-22T08:00:00Z[+24:00]",
        # the instant leaves the years 0001..9999 once it is in UTC
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "9999-12-31T23:00:00[America/New_York]",
        "0001-01-01T00:00:00[Asia/Tokyo]",
    ],
)
def test_refuses_out_of_range_values(text: str) -> None:
    error = error_of(text)
    assert error["type"] == "datetime_out_of_range"
    assert error["msg"].startswith("Date-time out of range")


def test_refuses_an_aware_datetime_out_of_the_utc_range() -> None:
    error = error_of(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))))
    assert error["type"] == "datetime_out_of_range"


def test_refuses_a_critical_suffix_tag() -> None:
    error = error_of("2022-06-22T08:00:00+02:00[Europe/Berlin][!u-ca=gregory]")
    assert error["type"] == "datetime_critical_tag"
    assert "[!u-ca=gregory]" in error["msg"]


@pytest.mark.parametrize(
    "value", [None, 1655877600, 1655877600.0, b"2022-06-22T06:00:00Z", date(2022, 6, 22), []]
)
def test_refuses_other_types(value: Any) -> None:
    assert error_of(value)["type"] == "datetime_type"


def test_parse_zoned_datetime_raises_a_value_error_with_a_kind() -> None:
    with pytest.raises(ValueError, match="contradicts time zone") as caught:
        parse_zoned_datetime("2022-06-22T08:00:00+01:00[Europe/Berlin]")
    assert isinstance(caught.value, ZonedDateTimeError)
    assert caught.value.kind == "datetime_offset_mismatch"


# --- output ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "json"),
    [
        ("2022-06-22T08:00:00.000+02:00[Europe/Berlin]", '{"at":"2022-06-22T06:00:00Z"}'),
        ("2022-06-22T08:00:00.123+02:00", '{"at":"2022-06-22T06:00:00.123000Z"}'),
        ("2022-06-22T06:00:00.000001z", '{"at":"2022-06-22T06:00:00.000001Z"}'),
        ("0001-01-01T00:00:00Z", '{"at":"0001-01-01T00:00:00Z"}'),
    ],
)
def test_serialises_rfc3339_utc_with_z(text: str, json: str) -> None:
    event = Event(at=text)
    assert event.model_dump_json() == json
    assert event.model_dump(mode="json") == {"at": json[7:-2]}


def test_python_dump_keeps_the_datetime() -> None:
    assert Event(at="2022-06-22T08:00:00+02:00").model_dump() == {"at": JUNE_0600Z}


def test_none_stays_null() -> None:
    assert StrictEvent(at=JUNE_0600Z).model_dump_json() == '{"at":"2022-06-22T06:00:00Z","until":null}'


def test_format_utc() -> None:
    assert format_utc(datetime(2022, 6, 22, 8, 0, tzinfo=BERLIN)) == "2022-06-22T06:00:00Z"
    with pytest.raises(ValueError, match="naive"):
        format_utc(datetime(2022, 6, 22, 8, 0))


def test_json_schema_is_a_date_time_string() -> None:
    schema = TypeAdapter(ZonedDateTime).json_schema()
    assert schema["type"] == "string"
    assert schema["format"] == "date-time"
    assert "[Europe/Berlin]" in schema["description"]
    assert set(schema) == {"type", "format", "description"}
    assert TypeAdapter(ZonedDateTime).json_schema(mode="serialization") == schema
    field = Event.model_json_schema()["properties"]["at"]
    assert (field["type"], field["format"]) == ("string", "date-time")


# --- properties -----------------------------------------------------------------------------------

# Aware datetimes whose instant stays within the years 0001..9999 once in UTC.
aware_datetimes = st.datetimes(
    min_value=datetime(2, 1, 1),
    max_value=datetime(9998, 12, 31),
    timezones=st.timezones()
    | st.just(UTC)
    | st.builds(
        timezone,
        st.timedeltas(min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)),
    ),
)
utc_instants = st.datetimes(
    min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
)


@given(aware_datetimes)
def test_property_serialised_and_parsed_back_is_equal(value: datetime) -> None:
    expected = value.astimezone(UTC)
    assert validate(value) == expected
    text = Event(at=value).model_dump_json()
    again = Event.model_validate_json(text).at
    assert again == expected
    assert again.tzinfo is UTC
    assert parse_zoned_datetime(format_utc(value)) == expected


@given(instant=utc_instants, key=st.sampled_from(ZONES))
def test_property_any_zone_with_its_real_offset_is_accepted(instant: datetime, key: str) -> None:
    local = instant.astimezone(zoneinfo.ZoneInfo(key))
    text = f"{local.isoformat()}[{key}]"  # e.g. 2022-06-22T08:00:00+02:00[Europe/Berlin]
    assert validate(text) == instant
    assert validate(f"{text}[u-ca=iso8601]") == instant
    assert validate(f"{local.isoformat()}[!{key}]") == instant


@given(instant=utc_instants, key=st.sampled_from(ZONES), shift=st.sampled_from([-60, -30, 30, 60]))
def test_property_an_offset_is_accepted_only_if_the_zone_has_it_then(
    instant: datetime, key: str, shift: int
) -> None:
    zone = zoneinfo.ZoneInfo(key)
    local = instant.astimezone(zone)
    real = local.utcoffset()
    assert real is not None
    other = real + timedelta(minutes=shift)
    if abs(other) >= timedelta(hours=24):
        return
    # The same wall time with another offset is another instant; it is valid only if the zone has
    # that offset at that instant (the two offsets of an autumn overlap, for instance).
    shifted = local.replace(tzinfo=timezone(other))
    text = f"{shifted.isoformat()}[{key}]"
    try:
        other_instant = shifted.astimezone(UTC)
    except OverflowError:
        assert error_of(text)["type"] == "datetime_out_of_range"
        return
    if other_instant.astimezone(zone).utcoffset() == other:
        assert validate(text) == other_instant
    else:
        error = error_of(text)
        assert error["type"] == "datetime_offset_mismatch"
        assert f"[{key}]" in error["msg"]


# --- properties of the parser itself: the written forms, contradictions, any text ----------------

#: Whole-minute UTC offsets, as RFC 3339 writes them (strictly inside ±24 h).
minute_offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timedelta(minutes=minutes)
)
#: Whole-second offsets too, as Java writes local mean time (`+00:53:28`).
second_offsets = st.integers(min_value=-(24 * 3600 - 1), max_value=24 * 3600 - 1).map(
    lambda seconds: timedelta(seconds=seconds)
)


def written_offset(offset: timedelta) -> str:
    """`+02:00`, `-04:30`, `+00:53:28`: the offset as RFC 3339 (and Java, with seconds) write it."""
    sign = "-" if offset < timedelta(0) else "+"
    minutes, seconds = divmod(int(abs(offset).total_seconds()), 60)
    text = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{text}:{seconds:02d}" if seconds else text


def written(local: datetime, digits: int, t: str = "T") -> str:
    """The wall time of `local` as RFC 3339 writes it, with `digits` fraction digits (`.5`, `.500000000`)."""
    text = (
        f"{local.year:04d}-{local.month:02d}-{local.day:02d}{t}"
        f"{local.hour:02d}:{local.minute:02d}:{local.second:02d}"
    )
    fraction = f"{local.microsecond:06d}".ljust(digits, "0")[:digits]
    return f"{text}.{fraction}" if digits else text


def truncated(instant: datetime, digits: int) -> datetime:
    """What `digits` fraction digits keep of the instant's microseconds (truncated, never rounded)."""
    keep = 10 ** (6 - min(digits, 6))
    return instant.replace(microsecond=instant.microsecond // keep * keep)


def assert_utc(parsed: datetime) -> None:
    assert isinstance(parsed, datetime)
    assert parsed.tzinfo is UTC


fraction_digits = st.integers(min_value=0, max_value=12)
suffix_tags = st.lists(st.sampled_from(["[u-ca=iso8601]", "[u-ca=gregory]", "[_x=a-b-c]"]), max_size=2).map(
    "".join
)


@given(instant=utc_instants, offset=minute_offsets, digits=fraction_digits, t=st.sampled_from("Tt"))
def test_property_any_rfc3339_text_reads_back_its_instant(
    instant: datetime, offset: timedelta, digits: int, t: str
) -> None:
    try:
        local = instant.astimezone(timezone(offset))
    except OverflowError:
        return  # its wall time is outside the years 1..9999: it cannot be written
    parsed = parse_zoned_datetime(written(local, digits, t) + written_offset(offset))
    assert parsed == truncated(instant, digits)
    assert_utc(parsed)


@given(instant=utc_instants, utc=st.sampled_from(["Z", "z", "+00:00", "-00:00"]), digits=fraction_digits)
def test_property_utc_reads_back_in_each_spelling(instant: datetime, utc: str, digits: int) -> None:
    parsed = parse_zoned_datetime(written(instant, digits) + utc)
    assert parsed == truncated(instant, digits)
    assert_utc(parsed)


@given(
    instant=utc_instants,
    key=st.sampled_from(ZONES),
    digits=fraction_digits,
    critical=st.booleans(),
    tags=suffix_tags,
)
def test_property_any_zoned_text_with_the_zones_offset_reads_back_its_instant(
    instant: datetime, key: str, digits: int, critical: bool, tags: str
) -> None:
    zone = zoneinfo.ZoneInfo(key)
    try:
        local = instant.astimezone(zone)
    except OverflowError:
        return
    offset = local.utcoffset()
    assert offset is not None
    annotation = f"[{'!' if critical else ''}{key}]{tags}"
    parsed = parse_zoned_datetime(written(local, digits) + written_offset(offset) + annotation)
    assert parsed == truncated(instant, digits)
    assert_utc(parsed)
    # The UTC spellings say "local offset unknown": they agree with every zone.
    assert parse_zoned_datetime(written(instant, digits) + "Z" + annotation) == truncated(instant, digits)


@given(instant=utc_instants, offset=second_offsets, zone_offset=second_offsets)
def test_property_a_numeric_zone_accepts_exactly_its_own_offset(
    instant: datetime, offset: timedelta, zone_offset: timedelta
) -> None:
    try:
        local = instant.astimezone(timezone(offset))
    except OverflowError:
        return
    text = written(local, 6) + written_offset(offset) + f"[{written_offset(zone_offset)}]"
    if offset == zone_offset:
        assert parse_zoned_datetime(text) == instant
    else:
        with pytest.raises(ZonedDateTimeError) as caught:
            parse_zoned_datetime(text)
        assert caught.value.kind == "datetime_offset_mismatch"


@given(instant=utc_instants, key=st.sampled_from(ZONES), offset=second_offsets)
def test_property_an_offset_the_zone_does_not_have_then_is_always_refused(
    instant: datetime, key: str, offset: timedelta
) -> None:
    """The text names one instant (wall time and offset); the zone has its own offset at that
    instant; any other offset contradicts it, whatever the zone and year."""
    zone = zoneinfo.ZoneInfo(key)
    try:
        local = instant.astimezone(timezone(offset))
        actual = instant.astimezone(zone).utcoffset()
    except OverflowError:
        return
    text = written(local, 6) + written_offset(offset) + f"[{key}]"
    if offset == actual:
        assert parse_zoned_datetime(text) == instant
        return
    with pytest.raises(ZonedDateTimeError) as caught:
        parse_zoned_datetime(text)
    assert caught.value.kind == "datetime_offset_mismatch"
    assert f"[{key}]" in caught.value.message


def _offsets_near(local: datetime, zone: zoneinfo.ZoneInfo) -> set[timedelta]:
    """Every offset the zone has within a day and a bit of the wall time `local`."""
    found = set()
    for hours in range(-30, 31):
        offset = (local.replace(tzinfo=UTC) + timedelta(hours=hours)).astimezone(zone).utcoffset()
        assert offset is not None
        found.add(offset)
    return found


@given(
    local=st.datetimes(min_value=datetime(3, 1, 1), max_value=datetime(9997, 12, 31)),
    key=st.sampled_from(ZONES),
)
def test_property_a_wall_time_without_offset_resolves_as_java_does(local: datetime, key: str) -> None:
    """The instants whose wall time in the zone is `local`: the earliest of them (the earlier offset
    of a repeated hour); none (a skipped hour): the wall time moved forward by the gap, which is the
    later of the two readings with the offsets before and after it."""
    zone = zoneinfo.ZoneInfo(key)
    offsets = _offsets_near(local, zone)
    if len(offsets) > 2:
        return  # two transitions within a day: no single gap or overlap to speak of
    readings = {(local - offset).replace(tzinfo=UTC): offset for offset in offsets}
    valid = [
        instant for instant, offset in readings.items() if instant.astimezone(zone).utcoffset() == offset
    ]
    expected = min(valid) if valid else max(readings)
    parsed = parse_zoned_datetime(written(local, 6) + f"[{key}]")
    assert parsed == expected
    assert_utc(parsed)


@st.composite
def mutated(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> str:
    """A text of `texts` with a few characters deleted, replaced or inserted, anywhere."""
    text = draw(texts)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        new = draw(st.text(max_size=2) | st.sampled_from(list("0+-:.[]!/TZ9 ")))
        cut = draw(st.integers(min_value=0, max_value=2))
        text = text[:at] + new + text[at + cut :]
    return text


ZONE_LIKE = [
    *ZONES[:: max(1, len(ZONES) // 40)],
    "posix/Europe/Berlin",
    "right/UTC",
    "localtime",
    "Europe",
    "zone.tab",
    "tzdata.zi",
    "__init__.py",
    "Europe/__pycache__",
    ".",
    "..",
    "a/../UTC",
]
near_grammar = st.from_regex(
    r"[0-9]{4}-(0[0-9]|1[0-3])-([0-2][0-9]|3[0-2])[Tt ]([01][0-9]|2[0-5]):[0-5][0-9]:([0-5][0-9]|60)"
    r"(\.[0-9]{1,12})?([Zz]|[+-]([01][0-9]|2[0-4]):[0-6][0-9](:[0-6][0-9])?)?"
    r"(\[!?([^\[\]]{0,24}|[A-Za-z_]{1,12}/[A-Za-z_]{1,12}|[+-][0-9]{2}:[0-9]{2}|[a-z_]{1,4}=[a-z0-9-]{1,6})\]){0,3}",
    fullmatch=True,
)
zone_like_texts = st.builds(
    lambda stamp, critical, zone, tags: f"{stamp}[{critical}{zone}]{tags}",
    st.sampled_from(["2022-06-22T08:00:00+02:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59.999999-23:59"]),
    st.sampled_from(["", "!"]),
    st.sampled_from(ZONE_LIKE)
    | st.from_regex(
        r"[A-Za-z._][A-Za-z0-9._+-]{0,12}(/[A-Za-z._+-][A-Za-z0-9._+-]{0,12}){0,2}", fullmatch=True
    ),
    suffix_tags | st.sampled_from(["[!u-ca=x]", "[Europe/Berlin]", "[]"]),
)


@given(text=st.text(max_size=300) | near_grammar | zone_like_texts | mutated(near_grammar | zone_like_texts))
def test_property_any_text_is_a_utc_datetime_or_a_zoned_datetime_error(text: str) -> None:
    try:
        parsed = parse_zoned_datetime(text)
    except ZonedDateTimeError as refused:
        assert refused.kind.startswith(("datetime_", "timezone_aware")), refused.kind
        assert refused.message
        return
    assert_utc(parsed)
    assert len(text) <= MAX_LENGTH
