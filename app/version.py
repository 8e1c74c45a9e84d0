"""The installed Switchboard version, one answer for the desktop, the server and their `--version`."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

#: What a source tree that was never installed reports.
UNKNOWN_VERSION = "0+unknown"


@cache
def app_version() -> str:
    try:
        return version("switchboard")
    except PackageNotFoundError:
        return UNKNOWN_VERSION
