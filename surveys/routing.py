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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds

from surveys.storage.base import Store

# Up to this many matrix cells a dense SVD is fast and exact; beyond it, a sparse one.
_DENSE_LIMIT = 2_000_000


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


class RoutingCache:
    """Per survey: vote tallies kept up to date by the engine's own votes, and extremities.

    Routing runs on every vote, so it must not re-count every vote in the survey each time.
    Tallies are loaded once and then adjusted as votes are recorded (and reloaded after
    `TALLY_REFRESH_S`, for votes written by another process). Extremity (a PCA of all votes)
    is recomputed in a worker thread, one computation per survey at a time, once the vote count
    has grown by `EXTREMITY_GROWTH` (or `EXTREMITY_MIN_NEW` votes); meanwhile routing uses the
    previous values: it needs the shape of opinion, not every last vote.
    """

    TALLY_REFRESH_S = 5.0
    EXTREMITY_GROWTH = 0.1
    EXTREMITY_MIN_NEW = 20

    def __init__(self) -> None:
        self._tallies: dict[str, tuple[float, dict[int, list[int]]]] = {}
        self._extremity: dict[str, tuple[int, dict[int, float]]] = {}
        self._refreshing: dict[str, asyncio.Task[None]] = {}

    async def tallies(self, survey_id: str, store: Store) -> dict[int, Tally]:
        loaded = self._tallies.get(survey_id)
        if loaded is None or time.monotonic() - loaded[0] > self.TALLY_REFRESH_S:
            counts = await store.vote_tallies(survey_id)
            loaded = (time.monotonic(), {pid: list(count) for pid, count in counts.items()})
            self._tallies[survey_id] = loaded
        tallies = {pid: Tally(*count) for pid, count in loaded[1].items()}
        self._refresh_extremity(survey_id, store, sum(t.seen for t in tallies.values()))
        return tallies

    def extremity(self, survey_id: str) -> dict[int, float]:
        return self._extremity.get(survey_id, (0, {}))[1]

    def count_vote(self, survey_id: str, proposal_id: int, old: str | None, new: str) -> None:
        """A vote was recorded (replacing `old`, this participant's previous choice, if any)."""
        loaded = self._tallies.get(survey_id)
        if loaded is None:
            return
        count = loaded[1].setdefault(proposal_id, [0, 0, 0])
        if old is not None:
            count[_CHOICES.index(old)] -= 1
        count[_CHOICES.index(new)] += 1

    def forget(self, survey_id: str | None = None) -> None:
        """Reload tallies next time (votes were deleted); None: every survey."""
        if survey_id is None:
            self._tallies.clear()
        else:
            self._tallies.pop(survey_id, None)

    def _refresh_extremity(self, survey_id: str, store: Store, total: int) -> None:
        if survey_id in self._refreshing:
            return
        computed_at = self._extremity.get(survey_id, (-1, {}))[0]
        if computed_at >= 0 and total - computed_at < max(
            self.EXTREMITY_MIN_NEW, self.EXTREMITY_GROWTH * computed_at
        ):
            return
        task = asyncio.create_task(self._compute_extremity(survey_id, store, total))
        self._refreshing[survey_id] = task
        task.add_done_callback(lambda _: self._refreshing.pop(survey_id, None))

    async def _compute_extremity(self, survey_id: str, store: Store, total: int) -> None:
        votes = await store.latest_votes(survey_id)
        triples = [(v.participant_id, v.proposal_id, _POLIS[v.choice]) for v in votes]
        self._extremity[survey_id] = (total, await asyncio.to_thread(extremities, triples))

    async def close(self) -> None:
        for task in list(self._refreshing.values()):
            task.cancel()
        await asyncio.gather(*self._refreshing.values(), return_exceptions=True)


_CHOICES = ("agree", "disagree", "pass")
_POLIS = {"agree": 1, "disagree": -1, "pass": 0}
