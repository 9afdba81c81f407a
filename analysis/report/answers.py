"""The open answers (free_text steps): per question, its themes with counts and a few quotes.

Quotes are each theme's representative answers (central to the theme, never two
near-duplicates of each other, see analysis.themes.describe), so a theme of one answer written
twelve times shows it once, with how often it was given.
"""

from __future__ import annotations

from collections import Counter

from analysis.report.analyses import OpenAnswers
from analysis.report.blocks import Context, Notice, Paragraph, Proposals, Section, Subheading
from analysis.report.tables import Table
from analysis.report.theme_view import MIN_TEXTS_FOR_THEMES
from analysis.themes.text import normalise

QUOTES = 3
OTHER_SHOWN = 3  # of the answers in no theme, the most often given


def quotes(question: OpenAnswers, theme_index: int) -> list[str]:
    theme = question.themes.themes[theme_index]
    return [question.answers[row] for row in theme.quotes[:QUOTES]]


def open_answers(ctx: Context) -> Section:
    section = Section("open_answers", ctx.t("open_answers"))
    questions = ctx.analyses.open_answers
    table = ctx.keep(Table("open_answer_themes", ["step_id", "question", "answered", "theme",
                                                  "theme_name", "answers", "quotes"]))
    if not questions:
        section.blocks.append(Notice(ctx.t("no_open_questions_polis" if ctx.data.is_polis
                                           else "no_open_questions")))
        return section
    section.blocks.append(Paragraph(ctx.t("open_intro")))
    for question in questions:
        section.blocks.append(Subheading(question.question))
        section.blocks.append(Paragraph(ctx.t("respondents", n=len(question.answers))))
        themes = question.themes.themes
        if not themes and len(question.answers) < MIN_TEXTS_FOR_THEMES:
            section.blocks.append(Notice(ctx.t("too_few_answers", n=MIN_TEXTS_FOR_THEMES)))
            continue
        for index, theme in enumerate(themes):
            picked = quotes(question, index)
            table.rows.append([question.step_id, question.question, len(question.answers),
                               theme.number, theme.name, theme.size, " | ".join(picked)])
            section.blocks.append(Subheading(ctx.t("answer_theme_line", name=theme.name,
                                                   n=theme.size), minor=True))
            section.blocks.append(Proposals([(text, _same(ctx, question, theme.rows, text))
                                             for text in picked]))
        if question.themes.other:
            _other_answers(ctx, section, question)
    return section


def _other_answers(ctx: Context, section: Section, question: OpenAnswers) -> None:
    """The answers in no theme: the ones given most often, with how often (an answer many
    people gave word for word says something even when no theme holds it)."""
    other = question.themes.other
    section.blocks.append(Subheading(ctx.t("other_answers", n=len(other)), minor=True))
    counts = Counter(normalise(question.answers[row]) for row in other)
    first = {}
    for row in other:
        first.setdefault(normalise(question.answers[row]), question.answers[row])
    common = [key for key, _ in counts.most_common(OTHER_SHOWN)]
    section.blocks.append(Proposals([(first[key], ctx.t("same_answer", n=counts[key])
                                      if counts[key] > 1 else "") for key in common]))


def _same(ctx: Context, question: OpenAnswers, rows: list[int], text: str) -> str:
    repeats = _repeats(question, rows, text)
    return ctx.t("same_answer", n=repeats) if repeats > 1 else ""


def _repeats(question: OpenAnswers, rows: list[int], text: str) -> int:
    """How many answers in the theme are this very answer (after normalising)."""
    key = normalise(text)
    return sum(1 for row in rows if normalise(question.answers[row]) == key)
