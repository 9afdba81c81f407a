"""/mydata (everything stored about the citizen, as a JSON file) and /delete (with confirmation)."""

from __future__ import annotations

import json

from telegram import InputFile, Update
from telegram.ext import ContextTypes

from bot import keyboards
from bot.handlers.citizen import pressed
from bot.turn import Turn

MYDATA_FILENAME = "samen-mijn-gegevens.json"


async def my_data(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    data = await turn.engine.my_data(turn.user_id)
    if not data:
        await turn.say("mydata_none")
        return
    document = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    await context.bot.send_document(
        turn.chat_id,
        InputFile(document, filename=MYDATA_FILENAME),
        caption=turn.text("mydata_caption"),
    )


async def delete(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    await turn.say("delete_confirm", keyboards.delete_confirmation(turn.language))


async def delete_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turn = await Turn.begin(update, context)
    press = pressed(update)
    await turn.acknowledge()
    message = update.callback_query.message
    if press is None or press.key != "y":
        await turn.edit(message, turn.text("delete_cancelled"))
        return
    deleted = await turn.engine.delete_me(turn.user_id)
    turn.forget()
    await turn.edit(message, turn.text("deleted" if deleted else "mydata_none"))
