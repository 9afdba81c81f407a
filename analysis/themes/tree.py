"""Themes and sub-themes: a council reads 5 to 12 top-level themes, with detail beneath.

The clustering (:mod:`analysis.themes.clustering`) finds fine themes; with many proposals there
are 20 or 40 of them, too many to read as a list. As in Talk to the City's topic / subtopic
tree, the fine themes become the *sub-themes* of a few top-level *themes*:

1. Every fine theme is named (:mod:`analysis.themes.naming`). Two themes with near-identical
   names are one topic named twice ("autovrije zondag" / "autovrije zondag in de binnenstad"),
   so they are grouped under one top-level theme.
2. While there are more top-level themes than ``target_topics`` (from the number of texts:
   ``sqrt(n) / 1.5`` between ``min_topics`` and ``max_topics``), the two whose centres are
   most alike (cosine of the mean LSA vectors of their texts) are grouped, as long as they are
   alike at all (``merge_similarity``); above ``max_topics`` they are grouped regardless.
3. A top-level theme of several sub-themes is named for all of its texts; each sub-theme is
   then named for what sets it apart from its siblings (distinctiveness within the parent), and
   never near-identically to its parent or a sibling. When the number of themes is automatic,
   two sub-themes whose own names are near-identical are one proposal split in two, and merge;
   so does a sub-theme that cannot be told apart from a sibling by any phrase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from sklearn.preprocessing import normalize

from analysis.themes.describe import Theme, describe_themes, pick_representatives
from analysis.themes.features import TextFeatures
from analysis.themes.naming import Name, Namer, near_identical, shorten
from analysis.themes.phrases import PhraseIndex, ubiquitous_words

# Names are counted on at most this many texts: a sample of each theme beyond (phrases are
# counted in Python, and a few thousand texts name a theme as well as all of them).
MAX_NAMING_TEXTS = 1000
# Each theme keeps at least this many of its texts in the sample (all when it has fewer).
MIN_SAMPLED_PER_THEME = 10
MIN_TOPICS = 5
MAX_TOPICS = 12
# Below this cosine between two themes' centres, they are kept apart unless there are more
# than MAX_TOPICS top-level themes.
MERGE_SIMILARITY = 0.2


def target_topics(n_texts: int, min_topics: int = MIN_TOPICS, max_topics: int = MAX_TOPICS) -> int:
    """How many top-level themes a consultation of ``n_texts`` texts is read in."""
    return int(np.clip(round(np.sqrt(n_texts) / 1.5), min_topics, max_topics))


def naming_sample(
    labels: np.ndarray, limit: int = MAX_NAMING_TEXTS, random_state: int = 0
) -> np.ndarray:
    """Rows whose texts the names are counted on: all of them up to ``limit``, otherwise the
    same share of each theme (and of "other"), and at least ``MIN_SAMPLED_PER_THEME``."""
    if labels.size <= limit:
        return np.arange(labels.size)
    rng = np.random.default_rng(random_state)
    chosen = []
    for label in np.unique(labels):
        rows = np.flatnonzero(labels == label)
        keep = max(min(rows.size, MIN_SAMPLED_PER_THEME), round(rows.size * limit / labels.size))
        chosen.append(rng.choice(rows, size=min(keep, rows.size), replace=False))
    return np.sort(np.concatenate(chosen))


def build_tree(
    texts: Sequence[str],
    labels: np.ndarray,
    features: TextFeatures,
    lsa_vectors: np.ndarray,
    agrees: Sequence[int] | None = None,
    disagrees: Sequence[int] | None = None,
    *,
    may_merge: bool = True,
    max_topics: int = MAX_TOPICS,
) -> tuple[np.ndarray, list[Theme], list[Theme]]:
    """Final labels, the named sub-themes (``themes_``) and the top-level themes (``topics_``).

    ``may_merge=False`` (a given number of themes) keeps every fine theme: a sub-theme that
    cannot be told apart from a sibling keeps a name of its own, even a similar one.
    """
    labels = np.asarray(labels).copy()
    sample = naming_sample(labels)
    index = PhraseIndex.build([texts[row] for row in sample])
    namer = Namer(index, ubiquitous_words(index, labels[sample]), index.language(), rows=sample)
    rows_of = {int(leaf): np.flatnonzero(labels == leaf) for leaf in np.unique(labels[labels >= 0])}
    if not rows_of:  # every text is "other": nothing to name or group
        return labels, [], []
    centres = _centres(lsa_vectors, rows_of)

    groups = _group(
        rows_of, centres, namer, target_topics(len(texts), max_topics=max_topics), max_topics
    )
    while True:
        groups, leaf_names = _name_groups(
            groups, rows_of, centres, namer, labels, may_merge, max_topics
        )
        # A sub-theme that left its group may be named like another theme: one topic.
        pair = _near_identical_pair([namer.name(_rows(g, rows_of)) for g in groups])
        if pair is None:
            break
        i, j = pair
        groups[i] = groups[i] + groups[j]
        del groups[j]

    labels, leaves = describe_themes(texts, labels, features, lsa_vectors, agrees, disagrees)
    new_id = {old: int(labels[rows[0]]) for old, rows in rows_of.items() if labels[rows[0]] >= 0}
    groups = [[new_id[leaf] for leaf in group if leaf in new_id] for group in groups]
    groups = [g for g in groups if g]
    leaf_names = {new_id[old]: name for old, name in leaf_names.items() if old in new_id}
    groups.sort(key=lambda g: (-sum(leaves[leaf].size for leaf in g), min(g)))

    votes = None if agrees is None else np.asarray(agrees) + np.asarray(disagrees)
    topics: list[Theme] = []
    for topic_id, group in enumerate(groups):
        members = np.sort(np.concatenate([leaves[leaf].member_rows for leaf in group]))
        topic_name = namer.name(members.tolist(), extend=len(group) == 1)
        if len(group) > 1:
            topic_name = _apart_from_children(topic_name, [leaf_names.get(g) for g in group], namer)
        named = []
        for leaf in sorted(group, key=lambda g: (-leaves[g].size, g)):
            name = topic_name if len(group) == 1 else leaf_names.get(leaf)
            leaves[leaf] = _with_name(leaves[leaf], name, namer, texts, parent=topic_id)
            named.append(leaves[leaf])
        rows = pick_representatives(texts, members, lsa_vectors, votes)
        topic = _with_name(
            Theme(
                id=topic_id,
                label="",
                size=int(members.size),
                representative_rows=rows,
                representatives=[texts[r] for r in rows],
                agrees=_total(agrees, members),
                disagrees=_total(disagrees, members),
                member_rows=members.tolist(),
                subthemes=named if len(group) > 1 else [],
            ),
            topic_name,
            namer,
            texts,
            parent=None,
        )
        topics.append(topic)
    return labels, leaves, topics


def _apart_from_children(
    parent: Name | None, children: list[Name | None], namer: Namer
) -> Name | None:
    """The parent's name, joined by the name of another child when one child is named like the
    parent (it had no room to stand alone): "Autovrije zondag in de binnenstad en
    wijkwarmtenet in de oude binnenstad", not "Autovrije zondag…" above "Autovrije zondag…".
    Never a child in another language ("Fireworks and vuurwerk" joins a name to its
    translation)."""
    if parent is None or not any(
        c is not None and near_identical(c.words, parent.words) for c in children
    ):
        return parent
    other = next(
        (
            c
            for c in children
            if c is not None
            and not near_identical(c.words, parent.words)
            and namer.same_language(c, parent)
        ),
        None,
    )
    return parent if other is None else namer.joined(parent, other)


def _total(votes: Sequence[int] | None, members: np.ndarray) -> int | None:
    return None if votes is None else int(np.asarray(votes)[members].sum())


def _with_name(
    theme: Theme, name: Name | None, namer: Namer, texts: Sequence[str], parent: int | None
) -> Theme:
    central = texts[theme.representative_rows[0]] if theme.representative_rows else ""
    if name is None:  # no phrase shared by two of its texts: its most typical text says it
        label = shorten(central, limit=60) or f"theme {theme.id}"
        return replace(
            theme, label=label, terms=[], description=namer.describe([], central), parent=parent
        )
    return replace(
        theme,
        label=name.text,
        terms=list(name.key_phrases),
        description=namer.describe(name.key_phrases[len(name.phrases) :], central),
        parent=parent,
    )


def _centres(lsa_vectors: np.ndarray, rows_of: dict[int, np.ndarray]) -> dict[int, np.ndarray]:
    """The sum of each theme's LSA vectors (sums, so that grouped themes add up)."""
    return {leaf: lsa_vectors[rows].sum(axis=0) for leaf, rows in rows_of.items()}


def _similarity(first: list[int], second: list[int], centres: dict[int, np.ndarray]) -> float:
    """Average linkage: the mean cosine between the centres of a theme of each group.

    Not the cosine of the groups' own centres: the centre of a large group drifts towards the
    centre of everything, so that group would swallow one theme after another.
    """
    a = normalize(np.array([centres[leaf] for leaf in first]))
    b = normalize(np.array([centres[leaf] for leaf in second]))
    return float((a @ b.T).mean())


def _group(
    rows_of: dict[int, np.ndarray],
    centres: dict[int, np.ndarray],
    namer: Namer,
    target: int,
    max_topics: int,
) -> list[list[int]]:
    """The fine themes grouped into top-level themes (steps 1 and 2 of the module doc).

    Groups are compared by average linkage, kept as sums of the cosines between their fine
    themes so that a merge costs one row; groups formed by merging are named (and checked for
    near-identical names) afterwards, in ``build_tree``.
    """
    leaves = sorted(rows_of)
    groups = [[leaf] for leaf in leaves]
    pair = _near_identical_pair([namer.name(rows_of[leaf].tolist()) for leaf in leaves])
    while pair is not None:  # one topic named twice: one group from the start
        i, j = pair
        groups[i] += groups.pop(j)
        names = [namer.name(_rows(g, rows_of)) for g in groups]
        pair = _near_identical_pair(names)
    vectors = normalize(np.array([centres[leaf] for leaf in leaves]))
    cosine = vectors @ vectors.T
    index = {leaf: k for k, leaf in enumerate(leaves)}
    members = [[index[leaf] for leaf in group] for group in groups]
    sums = np.array([[cosine[np.ix_(a, b)].sum() for b in members] for a in members])
    sizes = np.array([len(a) for a in members], dtype=float)
    while len(groups) > 1:
        mean = sums / np.outer(sizes, sizes)
        np.fill_diagonal(mean, -np.inf)
        i, j = np.unravel_index(np.argmax(mean), mean.shape)
        i, j = min(i, j), max(i, j)
        best = mean[i, j]
        if not (len(groups) > max_topics or (len(groups) > target and best >= MERGE_SIMILARITY)):
            break
        groups[i] += groups.pop(j)
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sums = np.delete(np.delete(sums, j, axis=0), j, axis=1)
        sizes[i] += sizes[j]
        sizes = np.delete(sizes, j)
    return groups


def _rows(group: list[int], rows_of: dict[int, np.ndarray]) -> list[int]:
    return np.concatenate([rows_of[leaf] for leaf in group]).tolist()


def _name_groups(
    groups: list[list[int]],
    rows_of: dict[int, np.ndarray],
    centres: dict[int, np.ndarray],
    namer: Namer,
    labels: np.ndarray,
    may_merge: bool,
    max_topics: int,
) -> tuple[list[list[int]], dict[int, Name | None]]:
    """The groups after naming their sub-themes (some leave to stand alone, while there are
    fewer than ``max_topics`` groups), and the names."""
    leaf_names: dict[int, Name | None] = {}
    pending = [list(group) for group in groups]
    named_groups = []
    room = max_topics - len(groups)
    while pending:
        group = pending.pop(0)
        if len(group) > 1:
            names, alone = _name_siblings(group, rows_of, centres, namer, labels, may_merge, room)
            room -= len(alone)
            leaf_names.update(names)
            pending.extend([leaf] for leaf in alone)
        named_groups.append(group)
    return named_groups, leaf_names


def _near_identical_pair(names: list[Name | None]) -> tuple[int, int] | None:
    for i, first in enumerate(names):
        for j in range(i + 1, len(names)):
            second = names[j]
            if (
                first is not None
                and second is not None
                and near_identical(first.words, second.words)
            ):
                return i, j
    return None


def _name_siblings(
    group: list[int],
    rows_of: dict[int, np.ndarray],
    centres: dict[int, np.ndarray],
    namer: Namer,
    labels: np.ndarray,
    may_merge: bool,
    room: int,
) -> tuple[dict[int, Name | None], list[int]]:
    """Names of the sub-themes of one top-level theme, distinct from the parent and each
    other, and the sub-themes taken out of the group to stand alone.

    A sub-theme with no distinct name is often the parent's core, the part its name is about
    ("autovrije zondag" beneath "autovrije zondag in de binnenstad"). When its own name is
    near-identical to a sibling's own name, or to the name of all its siblings together, it is
    the same topic: with ``may_merge`` it joins that sibling (``labels`` is updated in place).
    Otherwise it leaves the group to be a theme of its own (at most ``room`` of them leave: the
    number of top-level themes is bounded), or, with no room, keeps its own name. ``group`` is
    updated in place, and the naming starts over after each change.
    """
    alone: list[int] = []
    while True:
        twins = _twins(group, rows_of, namer) if may_merge else None
        if twins is not None:  # one topic split in two fine themes: one theme again
            _merge(*twins, rows_of, centres, labels)
            group.remove(twins[0])
            continue
        members = _rows(group, rows_of)
        parent = namer.name(members, extend=False)
        taken = [parent.words] if parent is not None else []
        names: dict[int, Name | None] = {}
        changed = False
        for leaf in sorted(group, key=lambda g: (-rows_of[g].size, g)):
            name = namer.name(rows_of[leaf].tolist(), context=members, taken=taken)
            if name is None and len(group) > 1:
                siblings = [other for other in group if other != leaf]
                own = namer.name(rows_of[leaf].tolist())
                rest = namer.name(_rows(siblings, rows_of))
                same = [
                    other
                    for other in siblings
                    if own is not None
                    and (twin := namer.name(rows_of[other].tolist())) is not None
                    and near_identical(own.words, twin.words)
                ]
                differs = (
                    own is not None
                    and rest is not None
                    and not near_identical(own.words, rest.words)
                )
                if may_merge and (same or not differs):
                    candidates = same or siblings
                    into = max(candidates, key=lambda s: _similarity([leaf], [s], centres))
                    _merge(leaf, into, rows_of, centres, labels)
                    group.remove(leaf)
                    changed = True
                    break
                if differs and len(alone) < room:
                    group.remove(leaf)
                    alone.append(leaf)
                    changed = True
                    break
                name = own  # no room to stand alone: its own name, even one like its parent's
            names[leaf] = name
            if name is not None:
                taken.append(name.words)
        if not changed:
            return names, alone


def _twins(
    group: list[int], rows_of: dict[int, np.ndarray], namer: Namer
) -> tuple[int, int] | None:
    """Two sub-themes whose own names (each named on its own) are near-identical: (the
    smaller, the larger), or None."""
    leaves = sorted(group, key=lambda g: (-rows_of[g].size, g))
    names = [namer.name(rows_of[leaf].tolist()) for leaf in leaves]
    pair = _near_identical_pair(names)
    return None if pair is None else (leaves[pair[1]], leaves[pair[0]])


def _merge(
    leaf: int,
    into: int,
    rows_of: dict[int, np.ndarray],
    centres: dict[int, np.ndarray],
    labels: np.ndarray,
) -> None:
    """Fine theme ``leaf`` joins ``into`` (``labels``, ``rows_of`` and ``centres`` updated)."""
    labels[rows_of[leaf]] = into
    rows_of[into] = np.sort(np.concatenate([rows_of[into], rows_of[leaf]]))
    centres[into] = centres[into] + centres[leaf]
    del rows_of[leaf], centres[leaf]
