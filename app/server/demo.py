"""Demo data (`--demo`): tenants, users, labels, categories, marketing preferences and customers."""

from __future__ import annotations

import asyncio
import random
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import Table, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract.enums import CategoryKind, Channel, ConsentKind, ConsentSource, Role
from app.server.demo_desk import seed_demo_desk
from app.server.demo_threads import seed_demo_threads
from app.server.security import hash_password, secret_digest
from app.server.store import models as m
from app.server.store.append_only import APPEND_ONLY, create_histories, drop_histories
from app.server.store.db import Database
from app.server.store.search import fold

DEMO_PASSWORD = "demo"
DEMO_TENANT = "demo"
OTHER_TENANT = "other"

FIRST_NAMES = (
    "Anna",
    "Jürgen",
    "Zoë",
    "Renée",
    "Björn",
    "Ægir",
    "Chloé",
    "José",
    "François",
    "Søren",
    "Łukasz",
    "Małgorzata",
    "Ömer",
    "İlkay",
    "Núria",
    "Joël",
    "Hélène",
    "André",
    "Çağla",
    "Dóra",
    "Emma",
    "Lena",
    "Felix",
    "Paul",
    "Marie",
    "Sophie",
    "Jonas",
    "Leon",
    "Mia",
    "Noah",
    "Laura",
    "Lukas",
    "Hannah",
    "Elias",
    "Clara",
    "Ben",
    "Ida",
    "Finn",
    "Greta",
    "Karl",
    "Olga",
    "Piotr",
    "Sven",
    "Tomás",
    "Inês",
    "Nikolai",
    "Yusuf",
    "Amélie",
    "Mateo",
    "Freya",
    "Sinéad",
    "Ciarán",
    "Aoife",
    "Ludwig",
    "Bärbel",
)
LAST_NAMES = (
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Köhler",
    "Groß",
    "Dvořák",
    "Núñez",
    "García",
    "López",
    "Pérez",
    "Sørensen",
    "Ødegaard",
    "Åberg",
    "Wiśniewski",
    "Kowalski",
    "Nowak",
    "Yılmaz",
    "Öztürk",
    "Çelik",
    "Lefèvre",
    "Dubois",
    "Moreau",
    "Fontaine",
    "Rossi",
    "Bianchi",
    "Ferrari",
    "O'Brien",
    "Ó Súilleabháin",
    "MacDonald",
    "Johansson",
    "Andersson",
    "Nilsson",
    "Jovanović",
    "Horváth",
    "Nagy",
    "Kovács",
    "Novák",
    "Svoboda",
    "Papadopoulos",
    "Van der Berg",
    "De Vries",
    "Janssen",
    "Peeters",
    "Łęcki",
    "Brandt",
    "Krüger",
    "Zimmermann",
    "Hartmann",
)
DOMAINS = ("example.com", "example.org", "mail.example.net", "post.example.de")
LANGUAGES = ("de", "de", "de", "en", "en", "fr", "es", "pl", "tr")

CHANNELS = (Channel.EMAIL, Channel.TEXT_MESSAGE, Channel.PHONE, Channel.LETTER)
CATEGORIES: tuple[tuple[str, CategoryKind, frozenset[Channel]], ...] = (
    # name, kind, channels that the customer may not override
    ("CONTRACT", CategoryKind.SERVICE, frozenset({Channel.LETTER})),
    ("APPOINTMENT", CategoryKind.SERVICE, frozenset()),
    ("GENERAL", CategoryKind.SERVICE, frozenset()),
    ("NEWSLETTER", CategoryKind.MARKETING, frozenset()),
    ("LOYALTY_PROGRAM", CategoryKind.MARKETING, frozenset()),
)
#: The categories' names for people, in English and German (`messageCategory` stays the identifier).
CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "CONTRACT": {"en": "Contract", "de": "Vertrag"},
    "APPOINTMENT": {"en": "Appointment", "de": "Termin"},
    "GENERAL": {"en": "General", "de": "Allgemein"},
    "NEWSLETTER": {"en": "Newsletter", "de": "Newsletter"},
    "LOYALTY_PROGRAM": {"en": "Loyalty programme", "de": "Treueprogramm"},
}
MARKETING_TEXTS = (
    "I would like to receive news and offers by email.",
    "I agree to take part in the loyalty programme and receive its updates.",
    "I agree that my data may be used for personalised offers.",
    "I would like to be invited to customer surveys.",
)
USERS = (
    ("agent", "Peter Meyer", Role.AGENT, DEMO_TENANT),
    ("agent2", "Sabine Krause", Role.AGENT, DEMO_TENANT),
    ("supervisor", "Claudia Hoffmann", Role.SUPERVISOR, DEMO_TENANT),
    ("admin", "Admin Demo", Role.ADMIN, DEMO_TENANT),
    ("other-agent", "Otto Other", Role.AGENT, OTHER_TENANT),
)
DEMO_CUSTOMERS = 300


def fake_person(rng: random.Random, serial: int) -> tuple[str, str, str, str, str]:
    """A plausible customer: first, last name, email, phone, language. `serial` keeps emails unique."""
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    email = email_for(first, last, serial, rng.choice(DOMAINS))
    phone = f"+49 15{rng.randint(1, 9)} {rng.randint(1000000, 9999999)}"
    return first, last, email, phone, rng.choice(LANGUAGES)


_ASCII_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ł": "l", "ß": "ss", "đ": "d", "ı": "i"})


def email_for(first: str, last: str, serial: int, domain: str) -> str:
    local = re.sub(r"[^a-z0-9.]", "", fold(f"{first}.{last}").translate(_ASCII_LETTERS))
    return f"{local}{serial}@{domain}"


_demo_hash: str | None = None


async def _demo_password_hash() -> str:
    """The demo password's argon2 hash, made once per process: a demo reset need not pay for it again."""
    global _demo_hash
    if _demo_hash is None:
        _demo_hash = await asyncio.to_thread(hash_password, DEMO_PASSWORD)
    return _demo_hash


async def seed_demo(db: Database) -> None:
    """Creates the demo data once; a database that already has it is left alone."""
    async with db.write() as session:
        exists = (await session.execute(select(m.Tenant.id).where(m.Tenant.name == DEMO_TENANT))).first()
        if exists is not None:
            return
        password_hash = await _demo_password_hash()
        tenants = {name: m.Tenant(name=name) for name in (DEMO_TENANT, OTHER_TENANT)}
        session.add_all(tenants.values())
        await session.flush()
        for username, display_name, role, tenant in USERS:
            session.add(
                m.User(
                    tenant_id=tenants[tenant].id,
                    username=username,
                    display_name=display_name,
                    role=role.value,
                    password_hash=password_hash,
                )
            )
        for tenant_row in tenants.values():
            await _seed_tenant(session, tenant_row)
        await seed_demo_desk(session, tenants[DEMO_TENANT])


async def start_demo_session(db: Database, username: str, token: str, ttl: timedelta) -> None:
    """Stores `token`, chosen by the process that started this server, as an access token of the demo
    user `username` for `ttl` (`--demo-session`). A server started again with the same token renews it.
    Raises LookupError when the demo has no such user."""
    digest = secret_digest(token)
    expires_at = datetime.now(UTC) + ttl
    try:
        async with db.write() as session:
            user_id = (
                await session.execute(
                    select(m.User.id)
                    .join(m.Tenant, m.Tenant.id == m.User.tenant_id)
                    .where(m.User.username == username, m.Tenant.name == DEMO_TENANT)
                )
            ).scalar()
            if user_id is None:
                raise LookupError(f"--demo-session: the demo has no user {username!r}")
            held = await session.get(m.AccessToken, digest)
            if held is None:
                session.add(m.AccessToken(token_hash=digest, user_id=user_id, expires_at=expires_at))
            elif held.user_id == user_id:
                held.expires_at = expires_at
            else:
                raise LookupError("--demo-session: that token belongs to another user")
    except IntegrityError:
        pass  # another process of `--workers` stored it at the same moment


#: What the first demo seed of a reset wrote into a SQLite database, table by table (parents first),
#: keyed by the database's URL: a later reset writes the same rows again, one statement a table,
#: instead of building the demo once more (a tenth of the time; the tests reset before most tests).
_seeded_rows: dict[str, list[tuple[Table, list[dict[str, object]]]]] = {}


async def reset_demo(db: Database) -> None:
    """Empties every table and seeds the demo data again (demo mode only). Event ids keep growing.

    The append-only histories refuse DELETE (0008): they are dropped and created again instead, first,
    as nothing references them and they reference the rest. On SQLite the second and later resets of
    a process write the rows the first one seeded (the seed makes no events); the search index follows
    by its triggers. PostgreSQL seeds every time, as its id sequences would need setting again."""
    remembered = _seeded_rows.get(str(db.url)) if db.is_sqlite else None
    async with db.write() as session:
        histories = await drop_histories(session)
        if db.is_sqlite:
            for table in reversed(_emptied_tables()):
                await session.execute(table.delete())
        else:
            await _empty_postgres(session)
        await create_histories(session, histories)
        for table, rows in remembered or ():
            await session.execute(table.insert(), rows)
    if remembered is not None:
        return
    await seed_demo(db)
    if db.is_sqlite:
        _seeded_rows[str(db.url)] = await _rows_of(db)


async def _rows_of(db: Database) -> list[tuple[Table, list[dict[str, object]]]]:
    """Every row of every table but the events', parents first."""
    tables = [table for table in m.Base.metadata.sorted_tables if table.name != m.Event.__tablename__]
    async with db.read() as session:
        found = [
            (table, [dict(row) for row in (await session.execute(select(table))).mappings()])
            for table in tables
        ]
    return [(table, rows) for table, rows in found if rows]


def _emptied_tables() -> list[Table]:
    """The tables a reset deletes from, parents before children: all but the append-only ones."""
    return [table for table in m.Base.metadata.sorted_tables if table not in APPEND_ONLY]


async def _empty_postgres(session: AsyncSession) -> None:
    """Every table emptied in one statement (the name words with the customers), and every id sequence
    but the events' started again, so the demo's fixed points (customer 1 is Anna Müller) hold."""
    tables = _emptied_tables()
    await session.execute(text(f"TRUNCATE {', '.join([*(t.name for t in tables), 'customer_name_words'])}"))
    for table in tables:
        if "id" in table.c and table.name != m.Event.__tablename__:
            await session.execute(
                text(
                    "SELECT setval(sequence, 1, false)"
                    " FROM (SELECT pg_get_serial_sequence(:table, 'id') AS sequence) AS s"
                    " WHERE sequence IS NOT NULL"
                ),
                {"table": table.name},
            )


async def _seed_tenant(session: AsyncSession, tenant: m.Tenant) -> None:
    rng = random.Random(f"switchboard-{tenant.name}")
    active = m.StatusLabel(tenant_id=tenant.id, name="Active", block_communication=False)
    suspended = m.StatusLabel(tenant_id=tenant.id, name="Suspended", block_communication=True)
    session.add_all([active, suspended])
    categories = [
        m.MessageCategory(
            tenant_id=tenant.id,
            name=name,
            display_name=CATEGORY_NAMES[name],
            kind=kind.value,
            channels=[
                {"communicationChannel": channel.value, "customerOverridable": channel not in locked}
                for channel in CHANNELS
            ],
        )
        for name, kind, locked in CATEGORIES
    ]
    session.add_all(categories)
    marketing = [m.MarketingPreference(tenant_id=tenant.id, text=text) for text in MARKETING_TEXTS]
    session.add_all(marketing)
    await session.flush()
    count = DEMO_CUSTOMERS if tenant.name == DEMO_TENANT else 20
    now = datetime.now(UTC)
    customers = []
    for serial in range(1, count + 1):
        first, last, email, phone, language = fake_person(rng, serial)
        customer = m.Customer(
            tenant_id=tenant.id,
            first_name=first,
            last_name=last,
            email=email,
            email_lower=email.lower(),
            language=language,
            status_label_id=active.id if rng.random() < 0.7 else None,
            prefs_version=1,
            prefs_updated_at=None,
            created_at=now - timedelta(days=rng.randint(1, 1500)),
        )
        customer.set_phone(phone, tenant.default_region)
        customers.append(customer)
    # The first customers are fixed points the demo and its tests rely on.
    customers[0].first_name, customers[0].last_name = "Anna", "Müller"
    customers[1].first_name, customers[1].last_name = "Jürgen", "Groß"
    customers[2].first_name, customers[2].last_name = "Zoë", "Dvořák"
    customers[2].status_label_id = suspended.id
    for serial, customer in enumerate(customers[:3], start=1):
        email = email_for(customer.first_name, customer.last_name, serial, DOMAINS[0])
        customer.email, customer.email_lower = email, email.lower()
    session.add_all(customers)
    await session.flush()
    for index, customer in enumerate(customers):
        _vary_preferences(session, rng, tenant.id, customer, categories, marketing, index, now)
    await seed_demo_threads(session, tenant, [c.id for c in customers])


def _vary_preferences(
    session: AsyncSession,
    rng: random.Random,
    tenant_id: int,
    customer: m.Customer,
    categories: list[m.MessageCategory],
    marketing: list[m.MarketingPreference],
    index: int,
    now: datetime,
) -> None:
    """Some customers opted into newsletters, some out of SMS, some into marketing texts."""
    changes: list[tuple[m.MessageCategory, Channel, bool]] = []
    by_name = {c.name: c for c in categories}
    if index == 0 or rng.random() < 0.4:
        changes.append((by_name["NEWSLETTER"], Channel.EMAIL, True))
    if index == 0 or rng.random() < 0.25:
        changes.append((by_name["GENERAL"], Channel.TEXT_MESSAGE, False))
    if rng.random() < 0.15:
        changes.append((by_name["LOYALTY_PROGRAM"], Channel.TEXT_MESSAGE, True))
    at = now - timedelta(days=rng.randint(0, 300))
    for category, channel, active in changes:
        session.add(
            m.Preference(
                customer_id=customer.id, category_id=category.id, channel=channel.value, active=active
            )
        )
        session.add(
            m.ConsentChange(
                tenant_id=tenant_id,
                customer_id=customer.id,
                at=at,
                actor_user_id=None,
                actor_api_key_id=None,
                actor_name="Customer portal",
                source=ConsentSource.CUSTOMER.value,
                kind=ConsentKind.PREFERENCE.value,
                message_category=category.name,
                channel=channel.value,
                marketing_preference_id=None,
                previous=not active,
                current=active,
                request_id=None,
            )
        )
    if changes:
        customer.prefs_version = 2
        customer.prefs_updated_at = at
    for preference in marketing[:2]:
        if index == 0 or rng.random() < 0.3:
            session.add(
                m.CustomerMarketing(
                    customer_id=customer.id,
                    marketing_preference_id=preference.id,
                    opted_in=True,
                    opted_in_at=at,
                )
            )
