"""Sections about who took part: participation over time and the closed questions."""

from __future__ import annotations

import numpy as np

from analysis.report import charts, sections
from analysis.report.blocks import (
    Chart,
    Context,
    Notice,
    Paragraph,
    Section,
    Subheading,
    TableView,
)
from analysis.report.tables import SUPPRESSED, Table, format_cell


def number(ctx: Context, value: object) -> str:
    return format_cell(value, decimal_comma=ctx.language == "nl")  # type: ignore[arg-type]


def vote_line(ctx: Context, comment_id: int) -> str:
    """"87% agree, 5% disagree (120 votes)" for a proposal, over every voter."""
    result = ctx.analyses.opinions
    i = int(np.flatnonzero(result.comment_ids == comment_id)[0])
    seen = int(result.counts.seen[i])
    if seen == 0:  # "0% agree, 0% disagree" would read as a verdict
        return ctx.t("no_votes")
    shares = sections.vote_shares(ctx.analyses, [comment_id])["all"][comment_id]
    return ctx.t("agreed_detail", agree=number(ctx, shares[0]), disagree=number(ctx, shares[1]),
                 seen=seen)


def participation(ctx: Context) -> Section:
    section = Section("participation", ctx.t("participation"))
    table = ctx.keep(sections.participation(ctx.data))
    if not table.rows:
        section.blocks.append(Notice(ctx.t("no_times")))
    elif len(table.rows) == 1:  # one fat bar would say less than one sentence
        day, new, _, votes = table.rows[0]
        section.blocks.append(Paragraph(ctx.t("one_day", day=day, new=new,
                                              votes=votes)))
    else:
        period, days, new, votes = _per_period(table)
        figure = charts.participation(days, new, votes, ctx.t(f"new_participants_per_{period}"),
                                      ctx.t(f"votes_per_{period}"))
        section.blocks.append(Chart(charts.save(figure, "participation", ctx.charts_dir),
                                    ctx.t("participation")))
        if len(table.rows) <= 31:
            columns = ["date", "new_participants", "votes"]
            if not ctx.data.is_polis:
                columns.insert(2, "completed")
            section.blocks.append(TableView(table, columns))
    if ctx.data.participants:
        languages = ctx.keep(sections.languages(ctx.data))
        section.blocks.append(Subheading(ctx.t("languages")))
        section.blocks.append(TableView(languages, ["language", "participants"]))
        ctx.suppressed += [f"{ctx.t('languages').lower()}: {row[0]}"
                           for row in languages.rows if row[1] == SUPPRESSED]
    return section


def _per_period(table: Table) -> tuple[str, list[str], list[int], list[int]]:
    """Per day for up to two months; per month beyond (a bar per day over years is a row of
    hairlines nobody can read). Returns the period's name and its first days."""
    days = [str(day) for day in table.column("date")]
    new = [int(n or 0) for n in table.column("new_participants")]
    votes = [int(n or 0) for n in table.column("votes")]
    if len(days) <= 62:
        return "day", days, new, votes
    months: dict[str, list[int]] = {}
    for day, n, v in zip(days, new, votes, strict=True):
        totals = months.setdefault(day[:7], [0, 0])
        totals[0] += n
        totals[1] += v
    return ("month", list(months), [t[0] for t in months.values()],
            [t[1] for t in months.values()])


def questions(ctx: Context) -> Section:
    section = Section("questions", ctx.t("questions"))
    if ctx.data.is_polis:
        section.blocks.append(Notice(ctx.t("no_questions_polis")))
        return section
    found = sections.closed_questions(ctx.data, ctx.language)
    if not found:
        section.blocks.append(Notice(ctx.t("no_questions")))
    for number_, question in enumerate(found, start=1):
        table = ctx.keep(sections.question_table(ctx.data, question))
        respondents = table.rows[0][4] if table.rows else 0
        # The heading carries the question's text (for readers and search), not the chart too.
        section.blocks.append(Subheading(ctx.t("question", n=number_, text=question.text)))
        figure = charts.answer_bars(table.column("label"), table.column("count"),
                                    table.column("percent"))
        section.blocks.append(Chart(charts.save(figure, f"question_{question.step_id}",
                                                ctx.charts_dir), question.text))
        section.blocks.append(Paragraph(ctx.t("respondents", n=respondents)))
        if question.step_type == "multiple_choice":
            section.blocks.append(Paragraph(ctx.t("multiple_note")))
        by_group = sections.question_by_group(ctx.data, ctx.analyses, question)
        if by_group is not None:
            ctx.keep(by_group)
        section.blocks.append(_answers_with_groups(ctx, question, table, by_group))
    return section


def _answers_with_groups(ctx: Context, question: sections.Question, table: Table,
                         by_group: Table | None) -> TableView:
    """One table per question: each answer's count and share, and its share in every group
    large enough to show (a table says this in a few lines; a chart per group took a page)."""
    names = ctx.analyses.group_names
    shown = [] if by_group is None else [
        name for name in names
        if any(row[0] == name and row[5] != SUPPRESSED for row in by_group.rows)]
    for name in names:
        if name not in shown and by_group is not None:
            ctx.suppressed.append(f"{question.step_id}: {ctx.t('group')} {name}")
    combined = Table(table.name, [*table.columns, *[f"percent_group_{n}" for n in shown]])
    for row in table.rows:
        share = {r[0]: r[5] for r in (by_group.rows if by_group else []) if r[1] == row[0]}
        combined.rows.append([*row, *[share[name] for name in shown]])
    return TableView(combined, ["label", "count", "percent",
                                *[f"percent_group_{n}" for n in shown]])
