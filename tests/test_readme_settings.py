"""README's Deployment section lists every server setting as an environment variable, with its true
default: a setting added to ServerSettings or PasswordHashSettings without a row fails here."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic_settings import BaseSettings

from app.server.config import PasswordHashSettings, ServerSettings

README = Path(__file__).resolve().parents[1] / "README.md"
#: A row of the settings table: | `SWITCHBOARD_X` | default | flag | meaning |
ROW = re.compile(r"^\| `(SWITCHBOARD_[A-Z0-9_]+)` \| ([^|]*) \|", re.MULTILINE)


def deployment_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Deployment\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def documented() -> dict[str, str]:
    """Each variable of the table and the default it gives: the first `code` of the cell, or its
    first word (`unset`)."""
    rows = {}
    for name, cell in ROW.findall(deployment_section()):
        code = re.match(r"`([^`]*)`", cell.strip())
        rows[name] = code.group(1) if code else cell.split()[0].rstrip(":")
    return rows


def as_written(value: object) -> str:
    """A default as the environment variable would be written: JSON for lists, `unset` for none."""
    if value is None or value == "":
        return "unset"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return json.dumps([int(v) if isinstance(v, float) and v.is_integer() else v for v in value])
    return str(value)


def settings() -> dict[str, str]:
    """Every setting's environment variable and default, from the settings classes themselves."""
    found = {}
    classes: tuple[type[BaseSettings], ...] = (ServerSettings, PasswordHashSettings)
    for settings_class in classes:
        prefix = settings_class.model_config.get("env_prefix", "")
        for name, field in settings_class.model_fields.items():
            found[f"{prefix}{name}".upper()] = as_written(field.get_default(call_default_factory=True))
    return found


def test_every_setting_has_a_row_in_readme():
    missing = settings().keys() - documented().keys()
    assert not missing, f"README's Deployment table lacks {sorted(missing)}"


def test_readme_lists_no_setting_the_server_lacks():
    unknown = documented().keys() - settings().keys()
    assert not unknown, (
        f"README's Deployment table names settings the server does not have: {sorted(unknown)}"
    )


def test_readme_gives_each_settings_default():
    rows = documented()
    wrong = {
        name: (rows[name], default)
        for name, default in settings().items()
        if rows.get(name, default) != default
    }
    assert not wrong, f"README's default (first) and the server's (second) differ: {wrong}"
