"""Which proposal a participant judges next: Pol.is's priority routing.

For one proposal with A agrees, D disagrees, P passes among S = A + D + P latest votes:

    p = (P + 1) / (S + 2)          share of passes (smoothed)
    a = (A + 1) / (S + 2)          share of agrees (smoothed)
    E = extremity: how far the proposal sits from the centre of the opinion space
    importance = (1 - p) * (E + 1) * a
    priority = (importance * (1 + 8 * 2 ** (-S / 5))) ** 2

New proposals (small S) get up to a 81-fold boost, so every proposal quickly gets enough votes
to be placed; proposals that divide the opinion groups (large E) and that people do not pass on
are shown more. The next one is drawn at random, weighted by priority, so not everyone sees the
same order.

Extremity is the length of a proposal's loadings on the first two principal components of the
vote matrix (agree +1, disagree -1, pass 0, missing = the proposal's mean), scaled by
sqrt(n_proposals / 2) so that a proposal of average weight has E of about 1.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds
from threadpoolctl import threadpool_limits

from surveys.storage.base import Store

# Up to this many matrix cells a dense SVD is fast and exact; beyond it, a sparse one. (A dense
# SVD of 1,375 citizens x 1,400 proposals took about a second of CPU, every 2 s, in each bot
# worker; the sparse one takes about 20 ms.)
_DENSE_LIMIT = 100_000


@dataclass(frozen=True)
class Tally:
    agrees: int = 0
    disagrees: int = 0
    passes: int = 0

    @property
    def seen(self) -> int:
        return self.agrees + self.disagrees + self.passes


def priority(tally: Tally, extremity: float = 0.0) -> float:
    seen = tally.seen
    pass_share = (tally.passes + 1) / (seen + 2)
    agree_share = (tally.agrees + 1) / (seen + 2)
    importance = (1 - pass_share) * (extremity + 1) * agree_share
    return (importance * (1 + 8 * 2 ** (-seen / 5))) ** 2


def choose_next(
    candidates: Sequence[int],
    tallies: Mapping[int, Tally],
    extremity: Mapping[int, float],
    rng: random.Random,
) -> int | None:
    """One of `candidates` drawn with probability proportional to its priority."""
    if not candidates:
        return None
    weights = [priority(tallies.get(c, Tally()), extremity.get(c, 0.0)) for c in candidates]
    return rng.choices(list(candidates), weights=weights, k=1)[0]


def extremities(votes: Iterable[tuple[int, int, int]]) -> dict[int, float]:
    """Extremity per proposal from (participant, proposal, value in {-1, 0, 1}) latest votes."""
    triples = list(votes)
    participants = sorted({p for p, _, _ in triples})
    proposals = sorted({c for _, c, _ in triples})
    if len(participants) < 2 or len(proposals) < 2:
        return {c: 0.0 for c in proposals}
    row = {p: i for i, p in enumerate(participants)}
    column = {c: j for j, c in enumerate(proposals)}
    rows = np.array([row[p] for p, _, _ in triples])
    cols = np.array([column[c] for _, c, _ in triples])
    values = np.array([v for _, _, v in triples], dtype=float)
    # Filling a missing vote with its column mean and then centring makes it exactly 0, so the
    # centred matrix stays sparse: only the cast votes, minus their column means.
    sums = np.bincount(cols, weights=values, minlength=len(proposals))
    counts = np.bincount(cols, minlength=len(proposals))
    centred = sp.csr_matrix(
        (values - (sums / counts)[cols], (rows, cols)), shape=(len(participants), len(proposals))
    )
    if not np.any(centred.data):  # everyone voted alike on everything: no opinion space
        return {c: 0.0 for c in proposals}
    components = 2
    if centred.shape[0] * centred.shape[1] <= _DENSE_LIMIT or min(centred.shape) <= components:
        vt = np.linalg.svd(centred.toarray(), full_matrices=False)[2][:components]
    else:
        _, _, vt = svds(centred, k=components, random_state=0)
    lengths = np.sqrt((vt**2).sum(axis=0)) * math.sqrt(len(proposals) / 2)
    return {c: float(lengths[column[c]]) for c in proposals}


_REDRAWS = 32  # draws landing on excluded items before listing the allowed ones


@dataclass
class _Draw:
    """The priorities of one set of approved proposals, for drawing."""

    approved: Mapping[int, object]  # the set they were built for (compared by identity)
    ids: list[int]
    position: dict[int, int]
    weights: list[float]
    cumulative: list[float] | None = None


class RoutingCache:
    """Per survey: the latest votes and their tallies, kept by the engine's own votes, and
    extremities.

    Routing runs on every vote, so it must not re-count every vote in the survey each time. The
    latest votes are read once and then adjusted as votes are recorded (and read again after
    `TALLY_REFRESH_S`, for votes written by another process). Extremity (a PCA of all votes)
    is recomputed from those in-memory votes in a worker thread (one BLAS thread: the event
    loop shares two cores with it), one computation per survey at a time, at most every
    `EXTREMITY_MIN_INTERVAL_S` and only once the vote count has grown by `EXTREMITY_GROWTH` (or
    `EXTREMITY_MIN_NEW` votes); meanwhile routing uses the previous values: it needs the shape
    of opinion, not every last vote.

    Drawing the next item must not cost a pass over every proposal in Python either: the
    priorities of all approved proposals sit in an array (one entry updated per vote, all of them
    when the approved set or the extremities change), and a draw picks from all of them by the
    cumulative weights, redrawing while it lands on one this participant may not judge (their
    own, or judged): exactly the priority-weighted draw among the rest. Only a participant who
    judged nearly everything falls back to listing what is left.
    """

    TALLY_REFRESH_S = 5.0
    EXTREMITY_GROWTH = 0.1
    EXTREMITY_MIN_NEW = 20
    EXTREMITY_MIN_INTERVAL_S = 2.0

    def __init__(self) -> None:
        self._loaded: dict[str, float] = {}
        self._votes: dict[str, dict[tuple[int, int], str]] = {}  # (participant, proposal)
        self._tallies: dict[str, dict[int, list[int]]] = {}
        self._draws: dict[str, _Draw] = {}
        self._extremity: dict[str, tuple[int, float, dict[int, float]]] = {}
        self._refreshing: dict[str, asyncio.Task[None]] = {}
        self._loading: dict[str, asyncio.Task[None]] = {}
        self._load_seconds: dict[str, float] = {}  # how long the last vote reload took

    async def choose(
        self, survey_id: str, store: Store, approved: Mapping[int, object],
        allowed: Callable[[int], bool], rng: random.Random,
    ) -> int | None:
        """An id from `approved` for which `allowed` holds, drawn by priority (None: none)."""
        await self._load(survey_id, store)
        draw = self._draws.get(survey_id)
        if draw is None or draw.approved is not approved:
            extremity = self.extremity(survey_id)
            tallies = self._tallies[survey_id]
            ids = list(approved)
            weights = [priority(Tally(*tallies.get(c, (0, 0, 0))), extremity.get(c, 0.0))
                       for c in ids]
            draw = self._draws[survey_id] = _Draw(approved, ids,
                                                  {c: i for i, c in enumerate(ids)}, weights)
        if not draw.ids:
            return None
        if draw.cumulative is None:
            # Plain Python, not numpy: a numpy call may release the GIL, and getting it back
            # from the database threads can cost milliseconds.
            draw.cumulative = list(accumulate(draw.weights))
        cumulative, total = draw.cumulative, draw.cumulative[-1]
        for _ in range(_REDRAWS):
            index = bisect_right(cumulative, rng.random() * total)
            candidate = draw.ids[min(index, len(draw.ids) - 1)]
            if allowed(candidate):
                return candidate
        left = [i for i, c in enumerate(draw.ids) if allowed(c)]
        if not left:
            return None
        index = rng.choices(left, weights=[draw.weights[i] for i in left], k=1)[0]
        return draw.ids[index]

    async def _load(self, survey_id: str, store: Store) -> None:
        loaded = self._loaded.get(survey_id)
        # A reload runs on the event loop, and costs more as votes pile up: space reloads out
        # so that they take at most 1% of the time (tens of thousands of votes take ~50 ms).
        interval = max(self.TALLY_REFRESH_S, 100 * self._load_seconds.get(survey_id, 0.0))
        if loaded is None or time.monotonic() - loaded > interval:
            # One reload at a time; meanwhile calls use the votes counted so far.
            loading = self._loading.get(survey_id)
            if loading is None:
                loading = self._loading[survey_id] = asyncio.create_task(
                    self._load_votes(survey_id, store))
                loading.add_done_callback(lambda task: (
                    self._loading.pop(survey_id, None), task.cancelled() or task.exception()))
            if survey_id not in self._votes:
                await asyncio.shield(loading)
        self._refresh_extremity(survey_id, len(self._votes[survey_id]))

    async def _load_votes(self, survey_id: str, store: Store) -> None:
        started = time.monotonic()
        votes = {(v.participant_id, v.proposal_id): v.choice
                 for v in await store.latest_votes(survey_id)}
        tallies: dict[int, list[int]] = {}
        for (_, proposal), choice in votes.items():
            tallies.setdefault(proposal, [0, 0, 0])[_CHOICES.index(choice)] += 1
        self._votes[survey_id], self._tallies[survey_id] = votes, tallies
        self._draws.pop(survey_id, None)
        self._loaded[survey_id] = time.monotonic()
        self._load_seconds[survey_id] = self._loaded[survey_id] - started

    async def tallies(self, survey_id: str, store: Store) -> dict[int, Tally]:
        await self._load(survey_id, store)
        return {pid: Tally(*count) for pid, count in self._tallies[survey_id].items()}

    def extremity(self, survey_id: str) -> dict[int, float]:
        return self._extremity.get(survey_id, (0, 0.0, {}))[2]

    def count_vote(
        self, survey_id: str, participant_id: int, proposal_id: int, old: str | None, new: str
    ) -> None:
        """A vote was recorded (replacing `old`, this participant's previous choice, if any)."""
        tallies = self._tallies.get(survey_id)
        if tallies is None:
            return
        count = tallies.setdefault(proposal_id, [0, 0, 0])
        if old is not None:
            count[_CHOICES.index(old)] -= 1
        count[_CHOICES.index(new)] += 1
        self._votes[survey_id][(participant_id, proposal_id)] = new
        draw = self._draws.get(survey_id)
        if draw is not None and proposal_id in draw.position:
            draw.weights[draw.position[proposal_id]] = priority(
                Tally(*count), self.extremity(survey_id).get(proposal_id, 0.0))
            draw.cumulative = None

    def forget(self, survey_id: str | None = None) -> None:
        """Read the votes again next time (votes were deleted); None: every survey."""
        if survey_id is None:
            self._loaded.clear()
        else:
            self._loaded.pop(survey_id, None)

    def _refresh_extremity(self, survey_id: str, total: int) -> None:
        if survey_id in self._refreshing:
            return
        computed_at, computed_when, _ = self._extremity.get(survey_id, (-1, 0.0, {}))
        if computed_at >= 0 and (
            total - computed_at < max(self.EXTREMITY_MIN_NEW, self.EXTREMITY_GROWTH * computed_at)
            or time.monotonic() - computed_when < self.EXTREMITY_MIN_INTERVAL_S
        ):
            return
        triples = [(p, c, _POLIS[choice])
                   for (p, c), choice in self._votes[survey_id].items()]
        task = asyncio.create_task(self._compute_extremity(survey_id, triples, total))
        self._refreshing[survey_id] = task
        task.add_done_callback(lambda _: self._refreshing.pop(survey_id, None))

    async def _compute_extremity(
        self, survey_id: str, triples: list[tuple[int, int, int]], total: int
    ) -> None:
        values = await asyncio.to_thread(_extremities_single_threaded, triples)
        self._extremity[survey_id] = (total, time.monotonic(), values)
        self._draws.pop(survey_id, None)  # every priority depends on its extremity

    async def close(self) -> None:
        tasks = [*self._refreshing.values(), *self._loading.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _extremities_single_threaded(triples: list[tuple[int, int, int]]) -> dict[int, float]:
    # Several BLAS threads would fight the event loop for the two cores (and the GIL).
    with threadpool_limits(limits=1):
        return extremities(triples)


_CHOICES = ("agree", "disagree", "pass")
_POLIS = {"agree": 1, "disagree": -1, "pass": 0}
