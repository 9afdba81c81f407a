"""Both storage backends for every test that takes the `database` fixture.

A test asking for `database` runs twice: on a fresh SQLite file, and on a fresh database on the
PostgreSQL server at $SAMEN_TEST_POSTGRES_URL (`.ci/run` starts a throwaway one; locally:
`export SAMEN_TEST_POSTGRES_URL=$(.ci/postgres start /tmp/samen-pg)`). Without a server the
PostgreSQL runs skip with that hint; on CI (CI=1) they fail instead, so they cannot silently
stop running. A test about SQLite itself says `@pytest.mark.sqlite_only`.

Cheap per test: the schema is migrated once per session into a template database, and each test
gets `CREATE DATABASE ... TEMPLATE` of it (a file copy on the server), dropped afterwards.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

POSTGRES_URL_VARIABLE = "SAMEN_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")
# Per test session: two sessions (two checkouts) may share one server.
TEMPLATE = f"samen_test_template_{os.getpid()}"
_numbers = itertools.count()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: the test is about the SQLite backend")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        sqlite_only = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", BACKENDS[:1] if sqlite_only else BACKENDS)


def database_url(base: str, name: str) -> str:
    """`base` (a server URL) with its database replaced by `name`."""
    head, _, tail = base.partition("?")
    server = head.rsplit("/", 1)[0] if head.count("/") > 2 else head
    return f"{server}/{name}" + (f"?{tail}" if tail else "")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    """The server's URL with a migrated template database, or None (no server configured)."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        yield None
        return
    asyncio.run(_make_template(url))
    yield url
    asyncio.run(_drop(url, TEMPLATE))


async def _make_template(url: str) -> None:
    import asyncpg

    from surveys.storage.postgres_migrations import migrate

    await _drop(url, TEMPLATE)
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"CREATE DATABASE {TEMPLATE}")
    finally:
        await admin.close()
    template = await asyncpg.connect(database_url(url, TEMPLATE))
    try:
        await migrate(template)
    finally:
        await template.close()


async def _drop(url: str, name: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await admin.close()


async def _create(url: str, name: str, template: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    finally:
        await admin.close()


def require_postgres(server: str | None) -> str:
    if server is None:
        message = (f"no PostgreSQL server: set {POSTGRES_URL_VARIABLE} "
                   "(e.g. $(.ci/postgres start /tmp/samen-pg))")
        if os.environ.get("CI"):
            pytest.fail(f"{message}; .ci/run starts one")
        pytest.skip(message)
    return server


@asynccontextmanager
async def fresh_postgres_database(
    server: str | None, migrated: bool = True
) -> AsyncIterator[str]:
    """The URL of a new, empty database on the test server (dropped afterwards): with Samen's
    tables, or (`migrated=False`) without any."""
    server = require_postgres(server)
    name = f"samen_test_{os.getpid()}_{next(_numbers)}_{uuid.uuid4().hex[:8]}"
    await _create(server, name, TEMPLATE if migrated else "template0")
    try:
        yield database_url(server, name)
    finally:
        await _drop(server, name)


@pytest.fixture
async def database(
    backend: str, tmp_path: Path, postgres_server: str | None
) -> AsyncIterator[str | Path]:
    """A fresh, empty database of `backend`: a SQLite path or a PostgreSQL URL."""
    if backend == "sqlite":
        yield tmp_path / "samen.db"
        return
    async with fresh_postgres_database(postgres_server) as url:
        yield url


@pytest.fixture
async def unmigrated_database(
    backend: str, tmp_path: Path, postgres_server: str | None
) -> AsyncIterator[str | Path]:
    """Like `database`, but PostgreSQL's has no tables yet either (tests of migrations)."""
    if backend == "sqlite":
        yield tmp_path / "samen.db"
        return
    async with fresh_postgres_database(postgres_server, migrated=False) as url:
        yield url


@pytest.fixture
async def postgres_database(postgres_server: str | None) -> AsyncIterator[str]:
    """A fresh PostgreSQL database, for tests about PostgreSQL itself (e.g. copying into it)."""
    async with fresh_postgres_database(postgres_server) as url:
        yield url
