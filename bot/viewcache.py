"""The engine, remembering the last view it returned for each citizen.

Every button press needs the citizen's current step (to tell a stale button from a live one)
before the engine records anything, which would cost a second full state load per update. The
engine hands back the new view with every call, so the bot keeps the last one per citizen: what
it rendered, nothing more (the engine's state stays the truth, docs/engine-api.md). Calls by
organisers that can change what citizens see (open, close, moderation) clear the whole cache;
a miss or a doubt (see `Turn`) simply asks the engine again.

The cache assumes that every update of one citizen goes through the same process: true for one
bot process, and for `python -m bot run --workers N`, whose router sends each citizen to one
fixed worker (bot/shards.py). An organiser's action clears only its own worker's cache; there
the engine's checks on every write keep a stale view from recording anything wrong.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

# Citizen calls: (user, survey_id, ...) -> Outcome or StepView.
CITIZEN_CALLS = frozenset({
    "view", "consent", "answer", "skip", "back", "proceed", "submit_proposal",
    "confirm_proposal", "support_proposal", "discard_draft", "vote", "report_proposal",
})
# Calls after which a citizen's (or everyone's) remembered view may be out of date.
FORGET_USER = frozenset({"set_language"})
# (delete_me too: other citizens' remembered screens may quote the deleted citizen's proposal.)
FORGET_ALL = frozenset({
    "open_survey", "close_survey", "approve_proposal", "reject_proposal", "load_survey",
    "delete_me",
})


class ViewCachingEngine:
    """Wraps an `Engine`: the same calls, plus `remembered(user, survey_id)`."""

    def __init__(self, engine: Any, max_citizens: int = 50_000) -> None:
        self.engine = engine
        self.max_citizens = max_citizens
        self._views: OrderedDict[int, Any] = OrderedDict()

    def remembered(self, user: int, survey_id: str) -> Any | None:
        view = self._views.get(user)
        if view is None or view.survey_id != survey_id:
            return None
        self._views.move_to_end(user)
        return view

    def forget(self, user: int) -> None:
        self._views.pop(user, None)

    def _remember(self, user: int, view: Any) -> None:
        self._views[user] = view
        self._views.move_to_end(user)
        if len(self._views) > self.max_citizens:
            self._views.popitem(last=False)

    def __getattr__(self, name: str) -> Any:
        # Only called for names not yet in the instance: a method (wrapped or not) is stored
        # there, so later calls skip this lookup and the closure creation.
        attribute = self._wrap(name, getattr(self.engine, name))
        if callable(attribute):
            setattr(self, name, attribute)
        return attribute

    def _wrap(self, name: str, attribute: Any) -> Any:
        if name in CITIZEN_CALLS:
            async def citizen_call(user: int, *args: Any, **kwargs: Any) -> Any:
                result = await attribute(user, *args, **kwargs)
                self._remember(user, getattr(result, "view", result))
                return result
            return citizen_call
        if name in FORGET_USER:
            async def forgetting_call(user: int, *args: Any, **kwargs: Any) -> Any:
                self.forget(user)
                return await attribute(user, *args, **kwargs)
            return forgetting_call
        if name in FORGET_ALL:
            async def organiser_call(*args: Any, **kwargs: Any) -> Any:
                result = await attribute(*args, **kwargs)
                self._views.clear()
                return result
            return organiser_call
        return attribute
