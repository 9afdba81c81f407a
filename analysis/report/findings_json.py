"""findings.json beside index.html: the report's claims, machine-readable, for dashboards and
checks. Made from the same claims (`claims`) and descriptions as the page, in its language.

    {"participants": 200,
     "groups": [{"id": "A", "size": 80, "description": "Groep A (80 mensen) is het ..."}],
     "consensus": [{"comment_id": 3, "text": "...", "votes": 41,   # the export's own id
                    "agree_by_group": {"A": 0.9, "B": 0.75}}],      # every statement meeting
     "divisive": [... the same shape ...],                          # claims.NEARLY_EVERYONE
     "themes": [{"name": "...", "description": "...", "size": 12, "support": 0.78}],
     "open_answers": [{"step_id": "tot-slot", "question": "...", "answered": 100,
                       "themes": [{"name": "...", "size": 23, "quotes": ["...", "..."]}]}]}

Shares are 0..1 with three decimals; a suppressed group's share (fewer than 5 people) is null,
as is a support without votes.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.report import claims, sections
from analysis.report.answers import quotes
from analysis.report.blocks import Context
from analysis.report.findings import group_description


def findings(ctx: Context) -> dict:
    analyses = ctx.analyses
    headline = dict(sections.headline(ctx.data, analyses).rows)

    def statement(figures: claims.StatementFigures) -> dict:
        return {"comment_id": ctx.data.comment_label(figures.comment_id),
                "text": ctx.data.texts.get(figures.comment_id, ""),
                "votes": figures.votes, "agree_by_group": claims.agree_by_group(figures)}

    agreed = [f for f in claims.consensus_claims(ctx.figures)
              if claims.agreement(f) == claims.NEARLY_EVERYONE]
    return {
        "participants": int(headline["participants"]),
        "groups": [{"id": name, "size": size, "description": group_description(ctx, g)}
                   for g, (name, size) in enumerate(zip(analyses.group_names,
                                                        analyses.group_sizes, strict=True))],
        "consensus": [statement(f) for f in agreed],
        "divisive": [statement(f) for f in claims.divisive_claims(ctx.figures)],
        "themes": [{"name": t.name, "description": t.description, "size": t.size,
                    "support": None if t.support is None else round(t.support, 3)}
                   for t in analyses.themes.themes],
        "open_answers": [{"step_id": q.step_id, "question": q.question,
                          "answered": len(q.answers),
                          "themes": [{"name": t.name, "size": t.size, "quotes": quotes(q, k)}
                                     for k, t in enumerate(q.themes.themes)]}
                         for q in analyses.open_answers],
    }


def write_findings(ctx: Context, path: Path) -> Path:
    path.write_text(json.dumps(findings(ctx), indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path
