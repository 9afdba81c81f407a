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

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds

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
