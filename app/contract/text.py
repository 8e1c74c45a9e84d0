"""The text rules of api.md: no NUL (U+0000) in any request text, no line break in a single-line field.

Every request body is searched for NUL as a whole (`RequestModel` does it before its fields are read),
so no field, list item, map key or URL can be forgotten; the error names where the NUL is
(`preferences[0].channels[1].communicationChannel`). The single-line types (names, subject, ticket
number, template id, reason) refuse line breaks too, so a subject never carries a mail header of its
own (`"Hi\\r\\nBcc: x@y"`). Both hold before any engine sees the text, so SQLite and PostgreSQL answer
the same. The desktop makes pasted text fit the same rules (`one_line_input`) before it sends.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BeforeValidator, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

NUL = "\x00"
NUL_MESSAGE = "text must not contain the NUL character (U+0000)"
LINE_BREAK_MESSAGE = "must be one line: no line break (CR or LF)"

#: Every character `str.splitlines` ends a line at: LF, VT, FF, CR, FS, GS, RS, NEL, LS, PS.
_LINE_BREAKS = "\n\x0b\x0c\r\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_BREAK = re.compile(f"[{_LINE_BREAKS}]")
#: A run of line breaks with the blanks around it, as a pasted text holds it.
_LINE_BREAK_RUN = re.compile(f"[ \t]*[{_LINE_BREAKS}][{_LINE_BREAKS} \t]*")

Location = tuple[int | str, ...]


def _nul_error() -> PydanticCustomError:
    return PydanticCustomError("text_nul", NUL_MESSAGE)


def _free_text(value: Any) -> Any:
    if isinstance(value, str) and NUL in value:
        raise _nul_error()
    return value


def _single_line(value: Any) -> Any:
    if isinstance(value, str):
        _free_text(value)
        if _LINE_BREAK.search(value):
            raise PydanticCustomError("text_line_break", LINE_BREAK_MESSAGE)
    return value


#: Metadata of a single-line text type: NUL and line breaks are 422 (checked before stripping, so a
#: trailing line break is refused too, not quietly dropped).
SingleLine = BeforeValidator(_single_line)
#: Metadata of a free text type (a message body, a comment): line breaks are kept, NUL is 422.
FreeText = BeforeValidator(_free_text)


def nul_location(data: Any, location: Location = ()) -> Location | None:
    """Where the first NUL is in a request body as parsed from JSON (in a string or a map key), or None.
    A model already made (a client building its body from parts) checked its own text."""
    if isinstance(data, str):
        return location if NUL in data else None
    if isinstance(data, Mapping):
        for key, value in data.items():
            if isinstance(key, str) and NUL in key:
                return (*location, key)
            found = nul_location(value, (*location, key))
            if found is not None:
                return found
    elif isinstance(data, list | tuple):
        for index, item in enumerate(data):
            found = nul_location(item, (*location, index))
            if found is not None:
                return found
    return None


def refuse_nul(model: str, data: Any) -> None:
    """Raises the validation error of a body with a NUL in it, located where the NUL is."""
    location = nul_location(data)
    if location is None:
        return
    detail = InitErrorDetails(type=_nul_error(), loc=location, input=_at(data, location))
    raise ValidationError.from_exception_data(model, [detail])


def _at(data: Any, location: Location) -> Any:
    for part in location:
        if isinstance(data, Mapping) and part not in data:
            return part  # the NUL is in this key
        data = data[part]
    return data


def one_line_input(text: str) -> str:
    """What a single-line field takes of a typed or pasted `text`: each line break (with the blanks
    around it) one space, and no NUL. Text without either comes back unchanged, so typing is never
    disturbed."""
    if NUL in text:
        text = text.replace(NUL, "")
    return _LINE_BREAK_RUN.sub(" ", text) if _LINE_BREAK.search(text) else text
