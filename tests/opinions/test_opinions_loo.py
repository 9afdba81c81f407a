"""The leave-one-conversation-out procedure of bench/opinions_loo.py: a held-out score never
comes from a choice that saw the held-out conversation (or its variants)."""

import importlib.util
import sys
from pathlib import Path

import numpy as np

from analysis.opinions import VoteMatrix

# bench/ is not a package: load the module by its path (without putting bench/ on sys.path,
# where its engine.py and report.py would shadow other modules).
_PATH = Path(__file__).resolve().parents[2] / "bench" / "opinions_loo.py"
_SPEC = importlib.util.spec_from_file_location("opinions_loo", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
opinions_loo = importlib.util.module_from_spec(_SPEC)
sys.modules["opinions_loo"] = opinions_loo  # dataclasses look their module up there
_SPEC.loader.exec_module(opinions_loo)
Conversation, leave_one_out, mean_score = (
    opinions_loo.Conversation, opinions_loo.leave_one_out, opinions_loo.mean_score)

FIRST, SECOND = (0, 0, 0, 0), (1, 0, 0, 0)  # two candidate settings (index per idea)


def scored(name: str, first: float, second: float, source: str | None = None,
           separation: float = 0.5) -> Conversation:
    """A conversation whose scores are known already (score() reads them from its cache)."""
    empty = VoteMatrix(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
                       np.zeros((0, 0)), np.zeros(0, dtype=bool))
    return Conversation(name, source or name, empty, np.zeros((0, 2)), np.zeros((0, 2)), {},
                        separation, {FIRST: first, SECOND: second})


def test_each_held_out_score_comes_from_the_choice_on_the_others() -> None:
    assert len(opinions_loo.IDEAS) == len(FIRST)
    a = scored("a", 0.5, 0.9)
    b = scored("b", 0.5, 0.9)
    c = scored("c", 0.9, 0.1)
    c_variant = scored("c (minority)", 1.0, 0.0, source="c")
    results = {r.conversation.name: r for r in leave_one_out([a, b, c, c_variant],
                                                             [FIRST, SECOND])}
    # c held out (with its variant): a and b prefer SECOND, which does badly on c.
    assert results["c"].chosen == SECOND
    assert results["c"].score == 0.1
    assert results["c (minority)"].score == 0.0
    # a held out: b, c and c's variant prefer FIRST (published 0.7 and variants 1.0, against
    # 0.5 and 0.0).
    assert results["a"].chosen == FIRST
    assert results["a"].score == 0.5
    assert mean_score(list(results.values()), "all") == (0.5 + 0.5 + 0.1) / 3
    assert mean_score(list(results.values()), "minority") == 0.0


def test_ties_go_to_the_method_as_it_was() -> None:
    same = [scored(name, 0.7, 0.7) for name in "abc"]
    assert {r.chosen for r in leave_one_out(same, [FIRST, SECOND])} == {FIRST}


def test_separated_counts_only_clearly_separated_published_conversations() -> None:
    results = leave_one_out([scored("a", 0.9, 0.9), scored("b", 0.2, 0.2, separation=0.1),
                             scored("a (minority)", 0.4, 0.4, source="a")], [FIRST])
    assert mean_score(results, "separated") == 0.9
    # Published and variants weigh equally, however many variants there are.
    assert mean_score(results, "both") == ((0.9 + 0.2) / 2 + 0.4) / 2
