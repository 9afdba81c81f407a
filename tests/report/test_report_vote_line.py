"""The evidence line under a quoted proposal: shares of the votes, or that there are none yet."""

from __future__ import annotations

import csv

from analysis.report.analyses import run_analyses
from analysis.report.blocks import Context
from analysis.report.data import load_folder
from analysis.report.overview import vote_line
from analysis.report.simulate import write_consultation


def test_a_proposal_nobody_voted_on_says_so(tmp_path):
    write_consultation(tmp_path, n_participants=40, n_proposals=12, votes_per_participant=8,
                       seed=1)
    path = tmp_path / "comments.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    late = rows[-1].copy()  # sent in after everyone had voted
    late[rows[0].index("comment-id")] = "99"
    late[rows[0].index("agrees")] = late[rows[0].index("disagrees")] = "0"
    late[-1] = "Een voorstel van het laatste moment"
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow(late)
    data = load_folder(tmp_path)
    analyses = run_analyses(data, random_state=0)
    for language, nothing in (("nl", "nog geen stemmen"), ("en", "no votes yet")):
        ctx = Context(data, analyses, language, tmp_path / "charts")
        assert vote_line(ctx, 99) == nothing
        assert "0%" not in vote_line(ctx, 99)
        voted = vote_line(ctx, 0)
        assert voted.endswith("stemmen)" if language == "nl" else "votes)"), voted
