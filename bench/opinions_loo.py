"""Leave-one-conversation-out validation of the opinion-group method choices (bench only).

Every candidate setting of `OpinionGroups` is run on every dev conversation with a few seeds;
its score on a conversation is the mean ARI against Pol.is's own `group-id`. Then, for each
conversation in turn, the setting with the best mean score on the *other* conversations is
chosen and scored on the held-out one. The mean of those held-out scores estimates how well the
method does on a conversation it has not seen; the best in-sample score does not.

Which conversations count as "clearly separated" is decided from Pol.is's side only: the
silhouette of Pol.is's groups on the reference opinion map (Pol.is's projection: missing votes
filled with the statement's mean, sparsity-scaled), over the participants Pol.is grouped. Our
own groups play no part in it, so the subset cannot be picked by how well we do.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score, silhouette_score
from threadpoolctl import threadpool_limits

from analysis.opinions import OpinionGroups, VoteMatrix
from analysis.opinions.groups import cluster_positions

SEPARATED = 0.3  # silhouette of Pol.is's groups on the reference map: "clearly separated"
SEEDS = (0, 1, 2)
MINORITY_SHARE = 0.08  # the minority variants: Pol.is's smallest group cut to this share
MINORITY_CUTS = (0, 1)  # two random cuts per clearly separated conversation

# Each idea: its candidate settings of OpinionGroups; the first is the method as it was before
# this validation (so "no choice" means the first everywhere).
IDEAS: dict[str, tuple[dict[str, Any], ...]] = {
    # A bias to fewer groups: the fewest groups whose silhouette is within this of the best.
    "fewer groups": tuple({"fewer_groups_margin": m} for m in (0.0, 0.02, 0.05)),
    # How the groups are drawn once k is known. As before: of the k-means restarts on the base
    # clusters the lowest spread (inertia) wins, then direct k-means on the participants
    # replaces it when its spread is lower. Both favour groups of equal spread and can swallow
    # a small distinct group into a wide majority. The alternatives: the best-separated restart
    # (silhouette, Pol.is's own criterion for k) and direct k-means only to straighten a
    # boundary (moving at most 5% of the participants) or not at all.
    "separation over spread": (
        {"restart_by": "inertia", "max_moved_share": 1.0},
        {"restart_by": "silhouette", "max_moved_share": 0.05},
        {"restart_by": "silhouette", "max_moved_share": 0.0},
    ),
    # Who is grouped: Pol.is's rule of at least 7 votes, or at least 3.
    "who is grouped": ({"min_votes": 7}, {"min_votes": 3}),
    # The map: Pol.is's sparsity scaling (a participant's position times sqrt(statements /
    # statements voted on)), or the plain PCA positions. (Counting a missing vote as a pass
    # instead of the statement's mean was tried once and lost badly: 0.26 on the separated.)
    "map": ({"map": "sparsity-scaled"}, {"map": "unscaled"}),
}
# The ideas the shipped method chooses among: of the rows below, the one with the best
# held-out estimate over published conversations and minority variants together ("both").
# The shipped defaults of OpinionGroups are what these ideas choose on all the conversations.
KEPT = tuple(IDEAS)
# The method as it was before this validation (the current defaults for what IDEAS leaves out).
DEFAULTS = {**OpinionGroups().get_params(),
            **{key: value for idea in IDEAS.values() for key, value in idea[0].items()}}


@dataclass
class Conversation:
    """One dev conversation (or a variant of it), projected once.

    `source` names the dev conversation it comes from: leave-one-out holds out a source with all
    its variants. `scores[setting]` = mean ARI over the seeds.
    """

    name: str
    source: str
    matrix: VoteMatrix
    embedding: np.ndarray  # map position of every participant (Pol.is's sparsity scaling)
    unscaled: np.ndarray  # the same without the scaling
    polis_groups: dict[int, int]
    separation: float
    scores: dict[tuple, float] = field(default_factory=dict)

    @property
    def separated(self) -> bool:
        return self.separation >= SEPARATED


def prepare(name: str, matrix: VoteMatrix, polis_groups: dict[int, int],
            source: str | None = None) -> Conversation:
    reference = OpinionGroups(n_resamples=0).fit(matrix)
    polis = np.array([polis_groups.get(int(p), -1) for p in matrix.participant_ids])
    grouped = polis >= 0
    separation = (float(silhouette_score(reference.embedding_[grouped], polis[grouped]))
                  if len(set(polis[grouped])) > 1 else float("nan"))
    n_voted = np.maximum(matrix.seen.sum(axis=1), 1)
    scale = np.sqrt(matrix.n_statements_voted() / n_voted)
    return Conversation(name, source or name, matrix, reference.embedding_,
                        reference.embedding_ / scale[:, None], polis_groups, separation)


def with_small_minority(conversation: Conversation, seed: int,
                        share: float = MINORITY_SHARE) -> Conversation | None:
    """The conversation with Pol.is's smallest group cut (at random) to `share` of the grouped
    participants, projected afresh: the case where Pol.is keeps a small minority group (the
    other participants keep Pol.is's groups, and their votes are as they were). None when that
    group is that small already."""
    sizes = Counter(conversation.polis_groups.values())
    smallest, size = min(sizes.items(), key=lambda item: (item[1], item[0]))
    others = sum(sizes.values()) - size
    keep_count = round(share * others / (1 - share))
    if keep_count >= size:
        return None
    members = sorted(p for p, g in conversation.polis_groups.items() if g == smallest)
    rng = np.random.default_rng(seed)
    dropped = set(rng.choice(members, size=size - keep_count, replace=False).tolist())
    matrix = conversation.matrix
    keep = np.array([int(p) not in dropped for p in matrix.participant_ids])
    cut = VoteMatrix(matrix.participant_ids[keep], matrix.comment_ids, matrix.votes[keep],
                     matrix.moderated_out)
    groups = {p: g for p, g in conversation.polis_groups.items() if p not in dropped}
    return prepare(f"{conversation.name[:22]} (minority {share:.0%} #{seed})", cut, groups,
                   conversation.source)


def with_minority_variants(conversations: Sequence[Conversation]) -> list[Conversation]:
    """Each conversation followed by its minority variants (clearly separated ones only)."""
    result: list[Conversation] = []
    for conversation in conversations:
        result.append(conversation)
        if conversation.separated:
            variants = (with_small_minority(conversation, seed) for seed in MINORITY_CUTS)
            result += [v for v in variants if v is not None]
    return result


def settings(ideas: Sequence[str]) -> list[tuple]:
    """Every combination of the candidate values of `ideas` (others at their first value);
    the first combination is the method before validation."""
    grids = [range(len(IDEAS[name])) if name in ideas else range(1) for name in IDEAS]
    return list(itertools.product(*grids))


def as_params(setting: tuple) -> dict[str, Any]:
    """A setting (one candidate index per idea) as OpinionGroups parameters."""
    params = dict(DEFAULTS)
    for idea, index in zip(IDEAS.values(), setting, strict=True):
        params.update(idea[index])
    return params


def score(conversation: Conversation, setting: tuple) -> float:
    """Mean ARI with Pol.is's groups over `SEEDS`, on the participants both grouped."""
    if setting in conversation.scores:
        return conversation.scores[setting]
    params = as_params(setting)
    rows = np.flatnonzero(conversation.matrix.clusterable(params["min_votes"]))
    ids = conversation.matrix.participant_ids[rows]
    common = np.array([int(p) in conversation.polis_groups for p in ids])
    truth = [conversation.polis_groups[int(p)] for p in ids[common]]
    aris = []
    with threadpool_limits(limits=1):
        for seed in SEEDS:
            points = (conversation.unscaled if params["map"] == "unscaled"
                      else conversation.embedding)
            grouping = cluster_positions(
                points[rows], params["n_base_clusters"], params["max_groups"],
                params["n_init"], seed, params["fewer_groups_margin"],
                params["max_moved_share"], params["restart_by"])
            aris.append(adjusted_rand_score(truth, grouping.labels[common]))
    conversation.scores[setting] = float(np.mean(aris))
    return conversation.scores[setting]


def objective(conversations: Sequence[Conversation], setting: tuple) -> float:
    """What the choices maximise: the mean ARI over the published conversations and the mean
    over the minority variants, weighted equally (the variants, more numerous and made up,
    must not outweigh the real conversations)."""
    published = [score(c, setting) for c in conversations if c.source == c.name]
    variants = [score(c, setting) for c in conversations if c.source != c.name]
    means = [statistics.fmean(group) for group in (published, variants) if group]
    return statistics.fmean(means)


def choose(conversations: Sequence[Conversation], candidates: Sequence[tuple]) -> tuple:
    """The candidate with the best objective; ties go to the earlier one (the method as it
    was)."""
    return max(candidates, key=lambda s: (objective(conversations, s), -candidates.index(s)))


@dataclass(frozen=True)
class HeldOut:
    conversation: Conversation
    chosen: tuple  # the setting chosen on the other sources
    score: float  # its ARI on this conversation


def leave_one_out(conversations: Sequence[Conversation],
                  candidates: Sequence[tuple]) -> list[HeldOut]:
    """For each source: choose on the other sources (and their variants), score on it."""
    result = []
    for source in dict.fromkeys(c.source for c in conversations):
        chosen = choose([c for c in conversations if c.source != source], candidates)
        result += [HeldOut(c, chosen, score(c, chosen))
                   for c in conversations if c.source == source]
    return result


def mean_score(results: Sequence[HeldOut], which: str) -> float:
    """Mean held-out ARI over: "all" published conversations, the clearly "separated" ones, the
    "minority" variants, or "both" (the mean of the "all" and "minority" means: what the
    choices maximise)."""
    def wanted(c: Conversation) -> bool:
        variant = c.source != c.name
        return {"all": not variant, "separated": not variant and c.separated,
                "minority": variant}[which]
    if which == "both":
        return statistics.fmean([mean_score(results, "all"), mean_score(results, "minority")])
    picked = [r.score for r in results if wanted(r.conversation)]
    return statistics.fmean(picked) if picked else float("nan")


def describe(setting: tuple | dict[str, Any]) -> str:
    params = as_params(setting) if isinstance(setting, tuple) else setting
    changed = {k: v for k, v in params.items() if k in DEFAULTS and v != DEFAULTS[k]}
    return ", ".join(f"{k}={v}" for k, v in changed.items()) or "as before"


def report(conversations: Sequence[Conversation],
           red_dwarf: Mapping[str, float] | None = None) -> list[HeldOut]:
    """Print the held-out estimate per idea and for the ideas kept, then per conversation for
    the ideas kept; returns those held-out results. `red_dwarf`: name -> its ARI."""
    published = [c for c in conversations if c.source == c.name]
    separated = [c for c in published if c.separated]
    variants = [c for c in conversations if c.source != c.name]
    print(f"\nLeave-one-conversation-out: choose on {len(published) - 1} conversations (and "
          f"their minority variants), score on the one left out; ARI = mean over seeds "
          f"{list(SEEDS)}.\nClearly separated = silhouette of Pol.is's groups on Pol.is's map "
          f">= {SEPARATED}: {len(separated)} of {len(published)}. Minority variants "
          f"({len(variants)}): Pol.is's smallest group cut at random to {MINORITY_SHARE:.0%} "
          f"of the grouped participants.")
    rows = [("method as before (no choice)", [])] + [(f"+ choose {idea}", [idea]) for idea in IDEAS]
    rows.append(("choose all ideas together", list(IDEAS)))
    if set(KEPT) != set(IDEAS):
        rows.append((f"kept: {', '.join(KEPT)}", list(KEPT)))
    print(f"{'what is chosen on the others':36} {'held-out ARI: all':>17} {'separated':>9} "
          f"{'minority':>8} {'both':>6}")
    final: list[HeldOut] = []
    for label, ideas in rows:
        final = leave_one_out(conversations, settings(ideas))
        print(f"{label[:36]:36} {mean_score(final, 'all'):17.3f} "
              f"{mean_score(final, 'separated'):9.3f} {mean_score(final, 'minority'):8.3f} "
              f"{mean_score(final, 'both'):6.3f}")
    print(f"\n{'held out (kept ideas chosen on the others)':42} {'sep':>5} {'ARI':>6} "
          f"{'rd ARI':>6}  chosen")
    for r in final:
        c = r.conversation
        rd = f"{red_dwarf[c.name]:6.3f}" if red_dwarf and c.name in red_dwarf else f"{'-':>6}"
        print(f"{c.name[:42]:42} {c.separation:5.2f} {r.score:6.3f} {rd}  {describe(r.chosen)}")
    for which, group in (("separated", separated), ("minority", variants)):
        what = "clearly separated" if which == "separated" else "minority variants"
        line = f"mean held-out ARI, {len(group)} {what}: {mean_score(final, which):.3f}"
        rd = [red_dwarf[c.name] for c in group if red_dwarf and c.name in red_dwarf]
        if rd:
            line += f"; red-dwarf on the same {len(rd)}: {statistics.fmean(rd):.3f}"
        print(line)
    chosen = as_params(choose(conversations, settings(list(KEPT))))
    shipped = OpinionGroups().get_params()
    # What OpinionGroups has no parameter for ships as it was before (the map's scaling).
    agrees = all(shipped.get(k, DEFAULTS[k]) == v for k, v in chosen.items())
    print(f"chosen on all {len(published)}: {describe(chosen)}; the shipped defaults "
          f"{'are this' if agrees else 'DIFFER: ' + describe(shipped)}")
    return final
