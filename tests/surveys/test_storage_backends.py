"""What both backends promise beyond one engine: several processes starting at once on a new
database, and limits that hold when two processes write for the same participant."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

from surveys.storage import open_store
from surveys.storage.postgres_migrations import LATEST_VERSION
from tests.backends import fetch_rows
from tests.surveys.conftest import make_survey

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


async def test_stores_starting_at_once_migrate_once_and_load_a_survey_once(
    unmigrated_database: str | Path,
) -> None:
    # Four stores, each with its own connections, as four processes would have: the database
    # server (or SQLite's file locks) cannot tell them apart.
    survey = make_survey()

    async def start_and_load() -> bool:
        store = await open_store(unmigrated_database)
        try:
            _, changed = await store.save_survey_version(survey.id, {}, "same", "", (), NOW)
            return changed
        finally:
            await store.close()

    changed = await asyncio.gather(*(start_and_load() for _ in range(4)))
    assert sorted(changed) == [False, False, False, True]
    migrations = await fetch_rows(unmigrated_database,
                                  "SELECT version FROM schema_migrations ORDER BY version")
    assert migrations == [(version,) for version in range(1, LATEST_VERSION + 1)]
    assert len(await fetch_rows(unmigrated_database, "SELECT * FROM survey_versions")) == 1
    migrations = await fetch_rows(unmigrated_database,
                                  "SELECT version FROM schema_migrations ORDER BY version")
    assert migrations == [(version,) for version in range(1, LATEST_VERSION + 1)]
    assert len(await fetch_rows(unmigrated_database, "SELECT * FROM survey_versions")) == 1


async def test_the_proposal_limit_holds_for_confirms_racing_in_two_processes(
    database: str | Path,
) -> None:
    first, second = await open_store(database), await open_store(database)
    try:
        survey = make_survey()
        await first.save_survey_version(survey.id, {}, "f", "", (), NOW)
        participant = await first.ensure_participant("p", NOW)
        await first.start(participant.id, survey.id, 1, "ideas", NOW)
        added = await asyncio.gather(*(
            store.add_proposal(participant.id, survey.id, "ideas", f"Idea {n}", "en",
                               "approved", 2, NOW)
            for n in range(10) for store in (first, second)
        ))
        assert sum(proposal is not None for proposal in added) == 2
        assert await second.count_proposals(participant.id, survey.id, "ideas") == 2
    finally:
        await first.close()
        await second.close()


async def test_one_participant_per_pseudonym_when_both_processes_create_it(
    database: str | Path,
) -> None:
    first, second = await open_store(database), await open_store(database)
    try:
        made = await asyncio.gather(*(store.ensure_participant(f"p{n}", NOW)
                                      for n in range(20) for store in (first, second)))
        by_pseudonym: dict[str, set[int]] = {}
        for participant in made:
            by_pseudonym.setdefault(participant.pseudonym, set()).add(participant.id)
        assert all(len(ids) == 1 for ids in by_pseudonym.values())
        assert len(await fetch_rows(database, "SELECT id FROM participants")) == 20
    finally:
        await first.close()
        await second.close()


async def test_a_proposal_never_gets_a_lower_number_than_one_already_visible(
    postgres_database: str,
) -> None:
    # A moderator walks pending proposals by number (`next_pending(after_id)`). PostgreSQL hands
    # out numbers when a row is inserted, not when it is committed: a slow transaction holding
    # number 1 must not let number 2 become visible first, or the walk would pass number 1 by.
    store = await open_store(postgres_database)
    blocker = await asyncpg.connect(postgres_database)
    try:
        survey = make_survey()
        await store.save_survey_version(survey.id, {}, "f", "", (), NOW)
        slow, quick = [await store.ensure_participant(name, NOW) for name in ("slow", "quick")]
        for author in (slow, quick):
            await store.start(author.id, survey.id, 1, "ideas", NOW)
        await store.save_draft(slow.id, survey.id, "ideas", "Idea", [], NOW)
        # Hold the slow author's draft: their add_proposal stops after its INSERT (which
        # removes the draft), with its number taken and not yet committed.
        holding = blocker.transaction()
        await holding.start()
        await blocker.execute("SELECT 1 FROM drafts WHERE participant_id = $1 FOR UPDATE",
                              slow.id)
        adding = [asyncio.create_task(store.add_proposal(author.id, survey.id, "ideas", text,
                                                         "en", "pending", 1, NOW))
                  for author, text in ((slow, "Slow idea"), (quick, "Quick idea"))]
        for _ in range(200):  # until the slow one waits for the draft
            await asyncio.sleep(0.01)
            if await blocker.fetchval("SELECT COUNT(*) FROM pg_locks WHERE NOT granted"):
                break
        await asyncio.sleep(0.2)  # the quick one gets its chance to commit
        seen = []
        while (pending := await store.next_pending(survey.id, seen[-1] if seen else None)):
            seen.append(pending.id)
        await holding.rollback()
        await asyncio.gather(*adding)
        while (pending := await store.next_pending(survey.id, seen[-1] if seen else None)):
            seen.append(pending.id)
        assert seen == [p.id for p in await store.list_proposals(survey.id)]
        assert len(seen) == 2
    finally:
        await blocker.close()
        await store.close()
