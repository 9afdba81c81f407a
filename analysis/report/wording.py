"""The evidence lines under claims, worded once for the summary, the sections and the appendix.

Shares in running text are whole percentages with what they are a share of ("83% van 12");
a figure resting on fewer than `claims.FEW_VOTES` votes says so.
"""

from __future__ import annotations

import textwrap

from analysis.report import claims
from analysis.report.blocks import Context
from analysis.report.claims import StatementFigures


def whole_percent(share: float | None) -> str:
    return "—" if share is None else f"{round(100 * share)}%"


def group_shares(ctx: Context, figures: StatementFigures, kind: str = "agree") -> str:
    """'groep A 90% van 20, groep B 75% van 8' (suppressed groups named as such)."""
    parts = []
    for group in figures.groups:
        name = ctx.t("group_short", name=group.group)
        if group.suppressed:
            parts.append(f"{name} {ctx.t('suppressed')}")
        elif not group.votes:
            parts.append(f"{name} {ctx.t('no_votes')}")
        else:
            count = {"agree": group.agrees, "disagree": group.disagrees,
                     "pass": group.passes}[kind]
            parts.append(ctx.t("share_of", name=name, share=whole_percent(count / group.votes),
                               n=group.votes))
    return ", ".join(parts)


def few_votes_note(ctx: Context, figures: StatementFigures) -> str:
    """'; let op: groep B telt minder dan 10 stemmen' or ''."""
    if figures.few_votes:
        return "; " + ctx.t("few_votes_total", n=claims.FEW_VOTES)
    thin = [g.group for g in figures.groups if g.votes and not g.suppressed and g.few_votes]
    if not thin:
        return ""
    return "; " + ctx.t("few_votes_groups", names=", ".join(thin), n=claims.FEW_VOTES)


def claim_evidence(ctx: Context, figures: StatementFigures) -> str:
    """Why the claim holds: every group's agree share, and the total."""
    if not figures.groups:
        return ctx.t("agree_of_all", share=whole_percent(figures.share("agree")),
                     n=figures.votes) + few_votes_note(ctx, figures)
    return (ctx.t("agree_per_group", shares=group_shares(ctx, figures)) + "; "
            + ctx.t("votes_total", n=figures.votes) + few_votes_note(ctx, figures))


def vote_evidence(ctx: Context, figures: StatementFigures) -> str:
    """'64% eens, 30% oneens, 6% overgeslagen (13 stemmen)' over everyone."""
    if not figures.votes:
        return ctx.t("no_votes")
    return ctx.t("vote_shares", agree=whole_percent(figures.share("agree")),
                 disagree=whole_percent(figures.share("disagree")),
                 passed=whole_percent(figures.share("pass")), n=figures.votes) \
        + few_votes_note(ctx, figures)


def folded(ctx: Context, similar: list[int]) -> str:
    """' · en 3 vergelijkbare voorstellen' for near-duplicates folded into one line."""
    if not similar:
        return ""
    return " · " + ctx.t("similar_one" if len(similar) == 1 else "similar_many", n=len(similar))


def shorten(text: str, width: int = 90) -> str:
    return textwrap.shorten(" ".join(text.split()), width, placeholder=" …")
