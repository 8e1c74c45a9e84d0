"""`switchboard-accounts`: the team server's first administrator and every other account, from the shell.

A new database has no users, and the API creates none (only `--demo` makes its demo accounts). An
operator with access to the database makes them here:

    switchboard-accounts add --database postgresql://... --tenant acme --username jana --role ADMIN
    switchboard-accounts password --database ... --username jana
    switchboard-accounts list --database ...

The password is asked twice on a terminal and read as one line from standard input otherwise (for
scripts: `printf '%s\\n' "$PASSWORD" | switchboard-accounts add ...`); it is never a command-line
argument, which other users of the machine can read. The database is migrated first, as the server does
at start, so this works on a new database before the server has ever run on it.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.contract.enums import Role
from app.server.config import ServerSettings, normalise_database_url
from app.server.security import announce_revoked, hash_password
from app.server.store import models as m
from app.server.store.db import Database

MIN_PASSWORD = 10


class AccountError(Exception):
    """What the operator did that cannot be done; its text is the message to print."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="switchboard-accounts",
        description="Create the accounts of a Switchboard server and set passwords.",
    )
    parser.add_argument(
        "--database",
        help="database URL or SQLite file (default: SWITCHBOARD_DATABASE_URL, else the server's default)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add = commands.add_parser("add", help="add a user (and the tenant, if it is new)")
    add.add_argument("--tenant", required=True, help="the organisation the user belongs to, e.g. acme")
    add.add_argument("--username", required=True)
    add.add_argument("--role", required=True, type=str.upper, choices=[role.value for role in Role])
    add.add_argument("--display-name", help="the name colleagues see (default: the username)")
    add.add_argument(
        "--region",
        default="DE",
        help="for a new tenant: where phone numbers without a country code are read (ISO code, default DE)",
    )
    password = commands.add_parser("password", help="set a user's password; their sessions are signed out")
    password.add_argument("--username", required=True)
    listing = commands.add_parser("list", help="list the users")
    listing.add_argument("--tenant", help="only this tenant's")
    args = parser.parse_args(argv)
    for name in ("tenant", "username", "display_name"):
        value = getattr(args, name, None)
        if value is not None and (not value.strip() or len(value) > 100 or not value.isprintable()):
            parser.error(f"--{name.replace('_', '-')} must be 1 to 100 printable characters")
    region = getattr(args, "region", "DE")
    if not (len(region) == 2 and region.isalpha()):
        parser.error("--region must be a two-letter country code such as DE")
    return args


def read_password(ask: Callable[[str], str] = getpass.getpass) -> str:
    """The new password: asked twice on a terminal, else one line of standard input."""
    if sys.stdin.isatty():
        first = ask("New password: ")
        if ask("The same again: ") != first:
            raise AccountError("the two passwords differ; nothing was changed")
        password = first
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters; nothing was changed")
    return password


async def add_user(
    db: Database, tenant: str, username: str, role: Role, display_name: str, password: str, region: str
) -> bool:
    """Adds the user; returns whether the tenant was new."""
    password_hash = await asyncio.to_thread(hash_password, password)
    try:
        async with db.write() as session:
            row = (await session.execute(select(m.Tenant).where(m.Tenant.name == tenant))).scalar()
            created = row is None
            if row is None:
                row = m.Tenant(name=tenant, default_region=region.upper())
                session.add(row)
                await session.flush()
            session.add(
                m.User(
                    tenant_id=row.id,
                    username=username,
                    display_name=display_name,
                    role=role.value,
                    password_hash=password_hash,
                )
            )
    except IntegrityError:
        raise AccountError(f"there is already a user {username!r}; nothing was changed") from None
    return created


async def set_password(db: Database, username: str, password: str) -> None:
    """Sets the password and signs the user's sessions out (their tokens are deleted)."""
    password_hash = await asyncio.to_thread(hash_password, password)
    async with db.write() as session:
        user = (await session.execute(select(m.User).where(m.User.username == username))).scalar()
        if user is None:
            raise AccountError(f"there is no user {username!r}")
        user.password_hash = password_hash
        tokens = await session.execute(select(m.AccessToken).where(m.AccessToken.user_id == user.id))
        for token in tokens.scalars():
            await session.delete(token)
            await announce_revoked(session, token.token_hash)  # running servers stop accepting it


async def list_users(db: Database, tenant: str | None) -> list[tuple[str, str, str, str]]:
    """(tenant, username, role, display name) of every user, or of one tenant's."""
    query = (
        select(m.Tenant.name, m.User.username, m.User.role, m.User.display_name)
        .join(m.Tenant, m.Tenant.id == m.User.tenant_id)
        .order_by(m.Tenant.name, m.User.username)
    )
    if tenant is not None:
        query = query.where(m.Tenant.name == tenant)
    async with db.read() as session:
        return [(row[0], row[1], row[2], row[3]) for row in await session.execute(query)]


async def run(args: argparse.Namespace) -> str:
    """Does what the arguments say; returns what to print."""
    url = normalise_database_url(args.database) if args.database else ServerSettings().resolved_database_url()
    password = read_password() if args.command in ("add", "password") else ""
    db = Database(url)
    try:
        await db.migrate()
        if args.command == "add":
            display_name = args.display_name or args.username
            new_tenant = await add_user(
                db, args.tenant, args.username, Role(args.role), display_name, password, args.region
            )
            where = f"the new tenant {args.tenant!r}" if new_tenant else f"tenant {args.tenant!r}"
            return f"added {args.role} {args.username!r} ({display_name}) to {where}"
        if args.command == "password":
            await set_password(db, args.username, password)
            return f"set the password of {args.username!r}; their sessions are signed out"
        rows = await list_users(db, args.tenant)
        if not rows:
            return "no users"
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        return "\n".join(f"{t:<{widths[0]}}  {u:<{widths[1]}}  {r:<{widths[2]}}  {d}" for t, u, r, d in rows)
    finally:
        await db.dispose()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    try:
        print(asyncio.run(run(args)))
    except AccountError as error:
        sys.exit(f"switchboard-accounts: {error}")
    except KeyboardInterrupt:
        sys.exit("switchboard-accounts: cancelled; nothing was changed")


if __name__ == "__main__":
    main()
