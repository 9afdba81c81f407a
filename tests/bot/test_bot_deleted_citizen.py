"""After /delete nothing of the citizen is left in any file the project writes: the database, its
WAL, an export made afterwards, nor any other citizen's draft, /mydata or remembered screen."""

from __future__ import annotations

from pathlib import Path

from surveys.export import export_survey
from surveys.pseudonym import pseudonym
from tests.backends import everything_stored
from tests.bot.conftest import SECRET, BotUnderTest, reply
from tests.bot.test_bot_organisers_and_privacy import to_proposals

# Text only citizen A ever typed: found anywhere after A's /delete, it is a leak.
FREE_TEXT = "Kwispelstaart zebrapad"
PROPOSAL = "Zebrapaden kwispelend schilderen bij de kwispelschool"


async def leaks(database: str | Path, export: Path, *secrets: str) -> list[str]:
    """Which secrets the database (its files' bytes on SQLite: freed pages and WAL included; every
    row on PostgreSQL) or an export folder still holds."""
    stored = {"database": await everything_stored(database)}
    stored |= {path.name: path.read_bytes() for path in export.rglob("*") if path.is_file()}
    return [f"{name}: {secret!r}" for name, data in stored.items() for secret in secrets
            if secret.encode() in data]


async def test_nothing_of_a_deleted_citizen_is_left(samen: BotUnderTest, tmp_path: Path) -> None:
    ada, bo = samen.citizen(7401), samen.citizen(7402)
    await ada.command("/start", "buurt")
    await reply(ada)
    await ada.press("✓ Ik ga akkoord")
    await reply(ada)
    await reply(ada)
    await ada.press("Verder ▶")
    await reply(ada)
    for label in ("Fiets", "Groen", "Klaar ✓", "3"):
        await ada.press(label)
        await reply(ada)
    await ada.send(FREE_TEXT)
    await reply(ada)
    await ada.send(PROPOSAL)
    await reply(ada)
    await ada.press("✓ Toevoegen")
    await reply(ada)
    before = tmp_path / "before"
    await export_survey(samen.engine._store, "buurt", before)
    assert await leaks(samen.database, before, PROPOSAL)  # the search does find things

    # Bo's unconfirmed draft points at Ada's proposal as a similar one to support instead.
    await to_proposals(bo)
    await bo.send("Zebrapaden kwispelend schilderen bij iedere school")
    draft = await reply(bo)
    assert PROPOSAL in draft.text
    await ada.command("/delete")
    await reply(ada)
    await ada.press("Ja, alles verwijderen")
    assert (await reply(ada)).text.startswith("Al uw gegevens zijn verwijderd.")

    after = tmp_path / "after"
    await export_survey(samen.engine._store, "buurt", after)
    secrets = (FREE_TEXT, PROPOSAL, pseudonym(7401, SECRET))
    assert await leaks(samen.database, after, *secrets) == []
    assert PROPOSAL not in str(await samen.engine.my_data(7402))
    await bo.send_sticker()  # Bo's screen again, as the bot remembered it: without Ada's
    shown = await reply(bo)
    assert "Zebrapaden kwispelend schilderen bij iedere school" in shown.text
    assert PROPOSAL not in shown.text
    await bo.command("/start")  # and as the engine has it
    shown = await reply(bo)
    assert "Zebrapaden kwispelend schilderen bij iedere school" in shown.text
    assert PROPOSAL not in shown.text
