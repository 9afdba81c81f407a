"""Sections about who took part: the headline, participation over time, closed questions."""

from __future__ import annotations

import numpy as np

from analysis.report import charts, sections
from analysis.report.blocks import (
    Chart,
    Context,
    KeyFigures,
    Notice,
    Paragraph,
    Proposals,
    Section,
    Subheading,
    TableView,
)
from analysis.report.tables import SUPPRESSED, format_cell


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


def headline(ctx: Context) -> Section:
    section = Section("headline", ctx.t("headline"))
    table = ctx.keep(sections.headline(ctx.data, ctx.analyses))
    values = dict(table.rows)
    completion = (f"{number(ctx, values['completion_percent'])}% ({values['completed']})"
                  if values["completed"] != "" else ctx.t("not_applicable"))
    period = (f"{values['first_activity']} – {values['last_activity']}"
              if values["first_activity"] else ctx.t("not_applicable"))
    section.blocks.append(KeyFigures([
        (ctx.t("participants"), str(values["participants"])),
        (ctx.t("completion"), completion),
        (ctx.t("proposals"), str(values["proposals"])),
        (ctx.t("votes"), str(values["votes"])),
        (ctx.t("groups_found"), str(values["opinion_groups"])),
        (ctx.t("period"), period),
    ]))
    agreed, divisive = sections.agreed_and_divisive(ctx.analyses)
    section.blocks.append(Subheading(ctx.t("agreed_title")))
    section.blocks.append(Proposals([(ctx.data.texts.get(c, ""), vote_line(ctx, c))
                                     for c in agreed]) if agreed
                          else Notice(ctx.t("none_agreed")))
    section.blocks.append(Subheading(ctx.t("divisive_title")))
    section.blocks.append(Proposals([(ctx.data.texts.get(c, ""), vote_line(ctx, c))
                                     for c in divisive]) if divisive
                          else Notice(ctx.t("none_divisive")))
    return section


def participation(ctx: Context) -> Section:
    section = Section("participation", ctx.t("participation"))
    table = ctx.keep(sections.participation(ctx.data))
    if not table.rows:
        section.blocks.append(Notice(ctx.t("no_times")))
    else:
        figure = charts.participation(table.column("date"), table.column("new_participants"),
                                      table.column("votes"),
                                      ctx.t("new_participants_per_day"), ctx.t("votes_per_day"))
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
        # The heading carries the question's text for readers and search; the chart carries it
        # too, so the PNG stands on its own.
        section.blocks.append(Subheading(ctx.t("question", n=number_, text=question.text)))
        figure = charts.answer_bars(table.column("label"), table.column("count"),
                                    table.column("percent"), question.text)
        section.blocks.append(Chart(charts.save(figure, f"question_{question.step_id}",
                                                ctx.charts_dir), question.text))
        section.blocks.append(Paragraph(ctx.t("respondents", n=respondents)))
        if question.step_type == "multiple_choice":
            section.blocks.append(Paragraph(ctx.t("multiple_note")))
        section.blocks.append(TableView(table, ["label", "count", "percent"]))
        by_group = sections.question_by_group(ctx.data, ctx.analyses, question)
        if by_group is not None:
            ctx.keep(by_group)
            _group_split(ctx, section, question, by_group)
    return section


def _group_split(ctx: Context, section: Section, question: sections.Question,
                 table) -> None:
    names = ctx.analyses.group_names
    shown = [name for name in names
             if any(row[0] == name and row[5] != SUPPRESSED for row in table.rows)]
    hidden = [name for name in names if name not in shown]
    section.blocks.append(Subheading(ctx.t("by_group")))
    if shown:
        percents = np.array([[row[5] for row in table.rows if row[0] == name]
                             for name in shown], dtype=float)
        sizes = {row[0]: row[3] for row in table.rows}
        legend = [ctx.t("group_name", name=name, n=sizes[name]) for name in shown]
        colours = [charts.group_colour(names.index(name)) for name in shown]
        figure = charts.answer_bars_by_group(question.labels, legend, percents, question.text,
                                             colours)
        section.blocks.append(Chart(charts.save(figure, f"question_{question.step_id}_by_group",
                                                ctx.charts_dir), ctx.t("by_group")))
    for name in hidden:
        section.blocks.append(Notice(ctx.t("group_suppressed", group=name), suppressed=True))
        ctx.suppressed.append(f"{question.step_id}: {ctx.t('group')} {name}")
