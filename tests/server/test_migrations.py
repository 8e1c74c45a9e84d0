"""The schema: Alembic's newest revision is the one the server checks for at start."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from app.server.store.db import HEAD_REVISION, MIGRATIONS


def test_the_head_revision_the_server_checks_is_alembics_newest() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_heads() == [HEAD_REVISION]


def test_a_new_database_is_migrated_to_the_head_and_a_migrated_one_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'schema.db'}"
    # Each start in a fresh interpreter, as the server's: is Alembic imported to bring the schema up?
    start = (
        "import asyncio, sys\n"
        "from app.server.store.db import Database\n"
        "async def main():\n"
        f"    db = Database({url!r})\n"
        "    await db.migrate()\n"
        "    await db.dispose()\n"
        "asyncio.run(main())\n"
        "print('alembic' in sys.modules)\n"
    )

    def alembic_was_needed() -> bool:
        done = subprocess.run([sys.executable, "-c", start], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip() == "True"

    assert alembic_was_needed()  # a new database: created by the migrations
    with sqlite3.connect(tmp_path / "schema.db") as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD_REVISION,)]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"customers", "events", "threads"} <= tables
    assert not alembic_was_needed()  # at the head already
