"""The credential store keeps one secret per server in the keyring, or in memory when none is secure."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringLocked

from app.credentials import Credential, CredentialKind, CredentialStore
from tests.keyring_memory import MemoryKeyring, installed_keyring
from tests.keyring_memory import memory_keyring as memory_keyring

SERVER = "http://127.0.0.1:8700"
TOKEN = Credential(CredentialKind.TOKEN, "tok-8f2c1d", username="agent.ana")
API_KEY = Credential(CredentialKind.API_KEY, "sk-live-93b7e0a4")


@pytest.mark.parametrize("credential", [TOKEN, API_KEY], ids=["token", "api_key"])
def test_round_trip_through_the_keyring(memory_keyring: MemoryKeyring, credential: Credential) -> None:
    store = CredentialStore()

    async def scenario() -> tuple[Credential | None, Credential | None]:
        await store.save(SERVER, credential)
        loaded = await store.load(SERVER)
        await store.delete(SERVER)
        return loaded, await store.load(SERVER)

    loaded, after_delete = asyncio.run(scenario())

    assert store.secure and store.insecure_reason is None
    assert loaded == credential
    assert after_delete is None
    assert memory_keyring.entries == {}


def test_stored_as_one_entry_under_the_switchboard_service(memory_keyring: MemoryKeyring) -> None:
    asyncio.run(CredentialStore().save(SERVER + "/", TOKEN))

    assert list(memory_keyring.entries) == [("switchboard", SERVER)]
    value = memory_keyring.entries[("switchboard", SERVER)]
    assert "tok-8f2c1d" in value and "agent.ana" in value and "token" in value


@pytest.mark.parametrize(
    ("saved_as", "loaded_as"),
    [
        ("http://127.0.0.1:8700/", "http://127.0.0.1:8700"),
        ("HTTP://Switchboard.Example.ORG/", "http://switchboard.example.org"),
        ("https://switchboard.example.org:443/api/", "https://switchboard.example.org/api"),
        ("http://[::1]:8700//", "http://[::1]:8700"),
    ],
)
def test_equivalent_urls_share_one_credential(
    memory_keyring: MemoryKeyring, saved_as: str, loaded_as: str
) -> None:
    store = CredentialStore()

    async def scenario() -> Credential | None:
        await store.save(saved_as, TOKEN)
        return await store.load(loaded_as)

    assert asyncio.run(scenario()) == TOKEN
    assert [username for _, username in memory_keyring.entries] == [loaded_as]


def test_two_servers_are_kept_apart(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    other = "https://switchboard.example.org"

    async def scenario() -> tuple[Credential | None, Credential | None, Credential | None]:
        await store.save(SERVER, TOKEN)
        await store.save(other, API_KEY)
        first, second = await store.load(SERVER), await store.load(other)
        await store.delete(SERVER)
        return first, second, await store.load(other)

    first, second, other_after_delete = asyncio.run(scenario())

    assert (first, second) == (TOKEN, API_KEY)
    assert other_after_delete == API_KEY


def test_deleting_a_missing_credential_is_fine(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()

    async def scenario() -> Credential | None:
        await store.delete(SERVER)
        return await store.load(SERVER)

    assert asyncio.run(scenario()) is None
    assert store.secure


def test_an_unreadable_entry_loads_as_nothing(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.entries[("switchboard", SERVER)] = "not json"

    assert asyncio.run(CredentialStore().load(SERVER)) is None


@pytest.mark.parametrize(
    ("entry", "credential"),
    [
        ('{"kind": "token", "secret": "tok-8f2c1d", "username": "agent.ana"}', TOKEN),
        ('{"kind": "api_key", "secret": "sk-live-93b7e0a4", "username": null}', API_KEY),
    ],
    ids=["token", "api_key"],
)
def test_an_entry_stored_by_the_previous_version_loads(
    memory_keyring: MemoryKeyring, entry: str, credential: Credential
) -> None:
    # Exactly what json.dumps wrote before the entry had a pydantic model.
    memory_keyring.entries[("switchboard", SERVER)] = entry

    assert asyncio.run(CredentialStore().load(SERVER)) == credential


def test_an_entry_keeps_the_format_the_previous_version_stored(memory_keyring: MemoryKeyring) -> None:
    asyncio.run(CredentialStore().save(SERVER, TOKEN))

    stored = json.loads(memory_keyring.entries[("switchboard", SERVER)])
    assert stored == {"kind": "token", "secret": "tok-8f2c1d", "username": "agent.ana"}


@pytest.mark.parametrize(
    "entry",
    [
        "[]",
        '{"kind": "token"}',
        '{"kind": "password", "secret": "hunter2"}',
        '{"kind": "token", "secret": 42}',
        '{"kind": "token", "secret": "tok", "username": ["agent"]}',
    ],
    ids=["not-an-object", "no-secret", "unknown-kind", "secret-not-text", "username-not-text"],
)
def test_an_entry_that_is_not_ours_loads_as_nothing(
    memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture, entry: str
) -> None:
    memory_keyring.entries[("switchboard", SERVER)] = entry

    assert asyncio.run(CredentialStore().load(SERVER)) is None
    assert "hunter2" not in caplog.text, "no secret reaches the log"


def test_without_a_secure_keyring_secrets_stay_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path))
    bystander = MemoryKeyring()  # a secure keyring that exists but is not the one in use
    with installed_keyring(fail.Keyring()):
        store = CredentialStore()

        async def scenario() -> tuple[Credential | None, Credential | None, Credential | None]:
            await store.save(SERVER, TOKEN)
            await store.save("https://switchboard.example.org", API_KEY)
            token = await store.load(SERVER + "/")
            await store.delete(SERVER)
            return token, await store.load(SERVER), await store.load("https://switchboard.example.org")

        token, after_delete, api_key = asyncio.run(scenario())

    assert not store.secure
    assert store.insecure_reason == (
        "No secure keyring is available (keyring.backends.fail.Keyring): "
        "credentials are kept for this session only."
    )
    assert (token, after_delete, api_key) == (TOKEN, None, API_KEY)
    assert bystander.entries == {}
    # a new store, as after a restart, starts empty: nothing was persisted
    assert asyncio.run(CredentialStore(fail.Keyring()).load("https://switchboard.example.org")) is None
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert not [path for path in written if b"sk-live-93b7e0a4" in path.read_bytes()]
    assert not [path for path in written if b"tok-8f2c1d" in path.read_bytes()]


class UnrankedKeyring(MemoryKeyring):
    """A backend that keyring itself would not recommend: priority zero."""

    priority = 0


class PlaintextFileKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's plaintext file backend, recognised by its module."""

    __module__ = "keyrings.alt.file"


class PlaintextOnlyChainer(ChainerBackend):
    backends = [PlaintextFileKeyring()]  # keyring declares it as a classproperty


class EmptyChainer(ChainerBackend):
    backends = []


class SecureChainer(ChainerBackend):
    backends = [MemoryKeyring(), PlaintextFileKeyring()]


@pytest.mark.parametrize(
    ("backend", "reason_start"),
    [
        (null.Keyring(), "The keyring is disabled ({name})"),
        (UnrankedKeyring(), "The keyring ({name}) is not a secure store (priority 0)"),
        (PlaintextFileKeyring(), "The keyring ({name}) keeps secrets in a file"),
        (PlaintextOnlyChainer(), "No secure keyring is available ({name} chains none)"),
        (EmptyChainer(), "No secure keyring is available ({name} chains none)"),
    ],
    ids=["null", "priority-0", "plaintext-file", "chainer-of-plaintext", "empty-chainer"],
)
def test_an_insecure_keyring_is_never_written_to(backend: KeyringBackend, reason_start: str) -> None:
    store = CredentialStore(backend)

    async def scenario() -> Credential | None:
        await store.save(SERVER, TOKEN)
        return await store.load(SERVER)

    assert asyncio.run(scenario()) == TOKEN
    assert not store.secure
    assert store.insecure_reason is not None
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    assert store.insecure_reason.startswith(reason_start.format(name=name))
    assert store.insecure_reason.endswith("credentials are kept for this session only.")
    chained = backend.backends if isinstance(backend, ChainerBackend) else [backend]
    assert all(not getattr(b, "entries", {}) for b in chained)


def test_a_chainer_led_by_a_secure_keyring_is_used() -> None:
    store = CredentialStore(SecureChainer())
    asyncio.run(store.save(SERVER, TOKEN))

    assert store.secure
    assert SecureChainer.backends[0].entries == {("switchboard", SERVER): TOKEN.to_json()}


class LockedKeyring(MemoryKeyring):
    """A secure keyring whose user declined to unlock it: every write fails."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the collection is locked")


def test_a_keyring_that_refuses_a_save_falls_back_to_memory() -> None:
    backend = LockedKeyring()
    store = CredentialStore(backend)
    assert store.secure

    async def scenario() -> Credential | None:
        await store.save(SERVER, TOKEN)
        return await store.load(SERVER)

    assert asyncio.run(scenario()) == TOKEN
    assert backend.entries == {}
    assert not store.secure
    assert store.insecure_reason is not None
    assert "KeyringLocked" in store.insecure_reason and "session only" in store.insecure_reason

    asyncio.run(store.delete(SERVER))
    assert store.secure  # nothing is held in memory any more


class SlowKeyring(MemoryKeyring):
    """A keyring that takes a while to answer, like one waiting for the user to unlock it."""

    def get_password(self, service: str, username: str) -> str | None:
        time.sleep(0.3)
        return super().get_password(service, username)


def test_a_slow_keyring_does_not_block_the_event_loop() -> None:
    backend = SlowKeyring()
    backend.entries[("switchboard", SERVER)] = TOKEN.to_json()
    store = CredentialStore(backend)

    async def scenario() -> tuple[Credential | None, int]:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticking = asyncio.create_task(ticker())
        await asyncio.sleep(0)  # let the ticker start before the keyring call
        loaded = await store.load(SERVER)
        ticking.cancel()
        return loaded, ticks

    loaded, ticks = asyncio.run(scenario())

    assert loaded == TOKEN
    assert ticks >= 10  # about 30 ticks fit in 0.3 s; a blocked loop would manage none
