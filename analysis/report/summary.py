"""Page one: who took part (and how far that speaks for others), what nearly everyone agrees on,
what divides, and what the proposals and open answers are about, each with its number.

Every claim here comes from `claims` (the same rule as the sections and findings.json); the
sections after it hold the detail.
"""

from __future__ import annotations

from analysis.report import claims, sections
from analysis.report.blocks import (
    Bullets,
    Context,
    KeyFigures,
    Notice,
    Paragraph,
    Proposals,
    Section,
    Subheading,
)
from analysis.report.folding import fold
from analysis.report.overview import number
from analysis.report.wording import claim_evidence, folded, group_shares, whole_percent

SUMMARY_THEMES = 5
SUMMARY_ANSWER_THEMES = 4


def summary(ctx: Context) -> Section:
    section = Section("summary", ctx.t("summary"))
    table = ctx.keep(sections.headline(ctx.data, ctx.analyses))
    values = dict(table.rows)
    completion = (f"{number(ctx, values['completion_percent'])}% ({values['completed']})"
                  if values["completed"] != "" else ctx.t("not_applicable"))
    first, last = values["first_activity"], values["last_activity"]
    period = (first if first == last else f"{first} – {last}") if first else \
        ctx.t("not_applicable")
    section.blocks.append(KeyFigures([
        (ctx.t("participants"), str(values["participants"])),
        (ctx.t("completion"), completion),
        (ctx.t("proposals"), str(values["proposals"])),
        (ctx.t("votes"), str(values["votes"])),
        (ctx.t("groups_found"), str(values["opinion_groups"])),
        (ctx.t("period"), period),
    ]))
    who = _closed_answers(ctx)
    self_selected = ctx.t("self_selected", n=values["participants"])
    section.blocks.append(Paragraph(f"{self_selected} {ctx.t('who_took_part')}" if who
                                    else self_selected))
    if who:
        section.blocks.append(Bullets(who))
    _agreement(ctx, section)
    _division(ctx, section)
    _themes(ctx, section)
    _open_answers(ctx, section)
    return section


def _closed_answers(ctx: Context) -> list[str]:
    """'Question: answer 80 · answer 40 · …' per closed question: who took part."""
    lines = []
    for question in sections.closed_questions(ctx.data, ctx.language):
        table = sections.question_table(ctx.data, question)
        counts = " · ".join(f"{row[1]} {row[2]}" for row in table.rows)
        lines.append(f"{question.text} {counts}")
    return lines


def top_claims(ctx: Context, found: list[claims.StatementFigures],
               limit: int = claims.CLAIMS_SHOWN) -> list[tuple[claims.StatementFigures,
                                                               list[int]]]:
    """The first `limit` claims, near-duplicates folded into the best-ranked version."""
    by_id = {f.comment_id: f for f in found}
    return [(by_id[c], similar) for c, similar in fold(list(by_id), ctx.data.texts)[:limit]]


def _agreement(ctx: Context, section: Section) -> None:
    found = top_claims(ctx, claims.consensus_claims(ctx.figures))
    nearly = [(f, s) for f, s in found if claims.agreement(f) == claims.NEARLY_EVERYONE]
    most = [(f, s) for f, s in found if claims.agreement(f) == claims.MOST_GROUPS]
    section.blocks.append(Subheading(ctx.t("agreed_title")))
    section.blocks.append(Paragraph(ctx.t("agree_rule", n=claims.MIN_VOTES)))
    if nearly:
        section.blocks.append(_claim_list(ctx, nearly))
    else:
        section.blocks.append(Notice(ctx.t("none_agreed")))
    if most:
        section.blocks.append(Subheading(ctx.t("most_groups_title")))
        section.blocks.append(_claim_list(ctx, most))


def _claim_list(ctx: Context, found) -> Proposals:
    return Proposals([(ctx.data.texts.get(f.comment_id, ""),
                       claim_evidence(ctx, f) + folded(ctx, similar)) for f, similar in found])


def _division(ctx: Context, section: Section) -> None:
    section.blocks.append(Subheading(ctx.t("divisive_title")))
    if ctx.analyses.opinions.n_groups < 2:
        section.blocks.append(Notice(ctx.t("none_divisive")))
        return
    found = top_claims(ctx, claims.divisive_claims(ctx.figures))
    if not found:
        section.blocks.append(Notice(ctx.t("nothing_divides", n=claims.MIN_VOTES)))
        return
    section.blocks.append(Proposals([
        (ctx.data.texts.get(f.comment_id, ""),
         ctx.t("agree_per_group", shares=group_shares(ctx, f)) + folded(ctx, similar))
        for f, similar in found]))


def _themes(ctx: Context, section: Section) -> None:
    themes = ctx.analyses.themes.themes
    if not themes:
        return
    total = len(ctx.analyses.themed_comment_ids)
    section.blocks.append(Subheading(ctx.t("summary_themes", n=len(themes), total=total)))
    section.blocks.append(Paragraph(ctx.t("support_means")))
    section.blocks.append(Bullets([
        ctx.t("theme_summary_line", name=theme.name, n=theme.size,
              support=whole_percent(theme.support)) if theme.support is not None
        else ctx.t("theme_summary_unvoted", name=theme.name, n=theme.size)
        for theme in sorted(themes, key=lambda t: -t.size)[:SUMMARY_THEMES]]))


def _open_answers(ctx: Context, section: Section) -> None:
    questions = [q for q in ctx.analyses.open_answers if q.answers]
    if not questions:
        return
    section.blocks.append(Subheading(ctx.t("summary_open")))
    lines = []
    for question in questions:
        named = [ctx.t("theme_count", name=theme.name, n=theme.size)
                 for theme in question.themes.themes[:SUMMARY_ANSWER_THEMES]]
        if question.themes.other:
            named.append(ctx.t("other_count", n=len(question.themes.other)))
        named = "; ".join(named)
        answered = ctx.t("answered", n=len(question.answers))
        lines.append(f"{question.question} ({answered})" + (f": {named}" if named else ""))
    section.blocks.append(Bullets(lines))
