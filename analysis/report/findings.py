"""Sections about what people said: opinion groups in words, agreement and division, themes."""

from __future__ import annotations

import numpy as np

from analysis.report import charts, claims, sections
from analysis.report.blocks import (
    Bullets,
    Chart,
    Context,
    Notice,
    Paragraph,
    Proposals,
    Section,
    Subheading,
)
from analysis.report.folding import fold
from analysis.report.summary import top_claims
from analysis.report.tables import SUPPRESSED, Table, percent
from analysis.report.wording import (
    claim_evidence,
    folded,
    group_shares,
    shorten,
    vote_evidence,
    whole_percent,
)

IN_SENTENCE = 2  # statements quoted in a group's one-sentence description, per direction
LEANING_POINTS = 10  # a group "chose X more often" when its share is this many points higher
THEME_EXAMPLES = 2
REPRESENTATIVE_SHOWN = 4  # of Pol.is's (up to 5) statements that set a group apart


def groups(ctx: Context) -> Section:
    section = Section("groups", ctx.t("groups"))
    result, analyses = ctx.analyses.opinions, ctx.analyses
    if result.n_groups == 0:
        section.blocks.append(Notice(ctx.t("no_groups")))
        return section
    ctx.keep(sections.groups(analyses))
    representative = ctx.keep(sections.representative(ctx.data, analyses))
    if analyses.shown_groups:
        section.blocks.append(Paragraph(ctx.t("groups_intro", n=result.n_groups)))
        section.blocks.append(_opinion_map(ctx))
    else:  # a map of grey dots only, every group suppressed, would show nothing
        section.blocks.append(Notice(ctx.t("no_map")))
    for g, name in enumerate(analyses.group_names):
        if analyses.group_is_small(g):
            section.blocks.append(Notice(ctx.t("suppressed_group", name=name), suppressed=True))
            ctx.suppressed.append(f"{ctx.t('group')} {name}")
            continue
        size = analyses.group_sizes[g]
        share = round(100 * size / max(len(result.participant_ids), 1))
        section.blocks.append(Subheading(ctx.t("group_heading", name=name, n=size,
                                               share=share)))
        section.blocks.append(Paragraph(group_description(ctx, g)))
        # The table's rows of this group, in the order of its picks, by internal id (the
        # table shows the export's own ids).
        rows = dict(zip((pick.comment_id for pick in result.representative.get(g, [])),
                        (row for row in representative.rows if row[0] == name), strict=True))
        items = []
        for comment_id, similar in fold(list(rows), ctx.data.texts)[:REPRESENTATIVE_SHOWN]:
            row = rows[comment_id]
            thin = ("; " + ctx.t("few_votes_total", n=claims.FEW_VOTES)
                    if row[3] < claims.FEW_VOTES else "")
            items.append((row[6], ctx.t("rep_detail", share=round(row[4]),
                                        direction=ctx.t(f"direction_{row[2]}"), seen=row[3])
                          + thin + folded(ctx, similar)))
        section.blocks.append(Proposals(items))
    return section


def group_description(ctx: Context, group: int) -> str:
    """'Groep B (42 mensen) is het vooral eens met “…” en “…”, en oneens met “…”. Kozen vaker …'
    — built from the group's representative statements and its closed-question answers."""
    analyses = ctx.analyses
    name, size = analyses.group_names[group], analyses.group_sizes[group]
    if analyses.group_is_small(group):
        return ctx.t("suppressed_group", name=name)
    picks = analyses.opinions.representative.get(group, [])
    # One version of near-duplicate statements: the best ranked.
    shown = {c for c, _ in fold([p.comment_id for p in picks], ctx.data.texts)}
    picks = [p for p in picks if p.comment_id in shown]
    quoted = {direction: [f"“{shorten(ctx.data.texts.get(p.comment_id, ''), 80)}”"
                          for p in picks if p.direction == direction][:IN_SENTENCE]
              for direction in ("agree", "disagree")}
    parts = []
    for direction in ("agree", "disagree"):
        if quoted[direction]:
            parts.append(ctx.t(f"group_{direction}s_with",
                               items=f" {ctx.t('and')} ".join(quoted[direction])))
    stance = f" {ctx.t('and')} ".join(parts) if parts else ctx.t("group_no_stance")
    sentence = ctx.t("group_sentence", name=name, n=size, stance=stance)
    leaning = _leaning(ctx, group)
    return f"{sentence} {leaning}" if leaning else sentence


def _leaning(ctx: Context, group: int) -> str:
    """How the group answered the closed questions, where it differs from everyone."""
    differences = []
    for question in sections.closed_questions(ctx.data, ctx.language):
        overall = sections.question_table(ctx.data, question)
        by_group = sections.question_by_group(ctx.data, ctx.analyses, question)
        if by_group is None:
            continue
        name = ctx.analyses.group_names[group]
        mine = [row for row in by_group.rows if row[0] == name and row[5] != SUPPRESSED]
        if not mine:  # fewer than 5 of the group answered it: suppressed, nothing to say
            continue
        best = None
        for row, everyone in zip(mine, overall.rows, strict=True):
            gap = float(row[5]) - float(everyone[3])
            if gap >= LEANING_POINTS and (best is None or gap > best[0]):
                best = (gap, row[2], row[5], everyone[3])
        if best:
            differences.append(ctx.t("leaning_item", answer=best[1], share=round(best[2]),
                                     everyone=round(best[3])))
    if not differences:
        return ""
    return ctx.t("leaning", items="; ".join(differences[:3]))


def _opinion_map(ctx: Context) -> Chart:
    result, analyses = ctx.analyses.opinions, ctx.analyses
    names = [ctx.t("group_name", name=name, n=size)
             for name, size in zip(analyses.group_names, analyses.group_sizes, strict=True)]
    # Members of a suppressed group are drawn like the ungrouped: grey, without a label.
    labels = np.array([g if g >= 0 and not analyses.group_is_small(g) else -1
                       for g in result.groups])
    shown = [name if not analyses.group_is_small(g) else "" for g, name in enumerate(names)]
    figure = charts.opinion_map(result.embedding, labels, shown,
                                ctx.t("no_group_shown", n=int((labels < 0).sum())))
    return Chart(charts.save(figure, "opinion_map", ctx.charts_dir), ctx.t("opinion_map"),
                 width=0.72)


def consensus(ctx: Context) -> Section:
    """What (nearly) everyone agrees on, what divides the groups, what people passed on."""
    section = Section("consensus", ctx.t("consensus"))
    section.blocks.append(Paragraph(ctx.t("agree_rule_long", n=claims.MIN_VOTES,
                                          few=claims.FEW_VOTES)))
    agreed = [f.comment_id for f, _ in top_claims(ctx, claims.consensus_claims(ctx.figures),
                                                  limit=8)]
    section.blocks.append(Subheading(ctx.t("consensus_top")))
    if agreed:
        _diverging(ctx, section, "consensus", agreed)
    else:
        section.blocks.append(Notice(ctx.t("none_agreed")))
    ctx.keep(sections.proposals_table(ctx.data, ctx.analyses, "consensus", agreed))
    divisive = [f.comment_id for f, _ in top_claims(ctx, claims.divisive_claims(ctx.figures))]
    section.blocks.append(Subheading(ctx.t("divisive")))
    if divisive:
        _diverging(ctx, section, "divisive", divisive)
    else:
        section.blocks.append(Notice(ctx.t("none_divisive") if ctx.analyses.opinions.n_groups < 2
                                     else ctx.t("nothing_divides", n=claims.MIN_VOTES)))
    ctx.keep(sections.proposals_table(ctx.data, ctx.analyses, "divisive", divisive))
    passed = claims.mostly_passed(ctx.figures)[:5]
    section.blocks.append(Subheading(ctx.t("passed_title")))
    if passed:
        section.blocks.append(Paragraph(ctx.t("passed_note")))
        section.blocks.append(Proposals([(ctx.data.texts.get(f.comment_id, ""),
                                          vote_evidence(ctx, f)) for f in passed]))
    else:
        section.blocks.append(Notice(ctx.t("none_passed",
                                           share=round(100 * claims.PASSED_SHARE))))
    return section


def _diverging(ctx: Context, section: Section, name: str, comment_ids: list[int]) -> None:
    analyses = ctx.analyses
    shares = sections.vote_shares(analyses, comment_ids)
    shown = [n for g, n in enumerate(analyses.group_names) if not analyses.group_is_small(g)]
    sizes = dict(zip(analyses.group_names, analyses.group_sizes, strict=True))
    panels = [(ctx.t("everyone"), [shares["all"][c][0] for c in comment_ids],
               [shares["all"][c][1] for c in comment_ids])]
    panels += [(ctx.t("group_name", name=g, n=sizes[g]), [shares[g][c][0] for c in comment_ids],
                [shares[g][c][1] for c in comment_ids]) for g in shown]
    figure = charts.diverging([ctx.data.texts.get(c, "") for c in comment_ids], panels,
                              ctx.t("agree"), ctx.t("disagree"))
    section.blocks.append(Chart(charts.save(figure, name, ctx.charts_dir), ctx.t(name)))
    section.blocks.append(Proposals([
        (ctx.data.texts.get(c, ""), claim_evidence(ctx, ctx.figures[c]) if name == "consensus"
         else ctx.t("agree_per_group", shares=group_shares(ctx, ctx.figures[c])))
        for c in comment_ids]))


def themes(ctx: Context) -> Section:
    section = Section("themes", ctx.t("themes"))
    found = ctx.analyses.themes
    summary = ctx.keep(theme_table(ctx))
    if not found.themes:
        section.blocks.append(Notice(ctx.t("no_themes")))
        return section
    intro = ctx.t("themes_intro", n=len(found.themes),
                  total=len(ctx.analyses.themed_comment_ids))
    if found.other:
        intro += " " + ctx.t("other_theme" if len(found.other) > 1 else "other_theme_one",
                             n=len(found.other))
    section.blocks.append(Paragraph(intro))
    figure = charts.theme_bars([t.name for t in found.themes], [t.size for t in found.themes],
                               [None if t.support is None else 100 * t.support
                                for t in found.themes],
                               ctx.t("theme_sizes"), ctx.t("theme_support"))
    section.blocks.append(Chart(charts.save(figure, "themes", ctx.charts_dir), ctx.t("themes"),
                                width=0.85))
    ids = ctx.analyses.themed_comment_ids
    for theme in found.themes:
        section.blocks.append(Subheading(ctx.t("theme_heading", n=theme.number,
                                               label=theme.name)))
        line = (ctx.t("theme_line", size=theme.size, support=whole_percent(theme.support))
                if theme.support is not None else ctx.t("theme_line_unvoted", size=theme.size))
        per_group = _group_support(ctx, summary, theme.number)
        line = f"{line[:-1]} ({per_group})." if per_group else line
        text = f"{theme.description} {line}" if theme.description else line
        section.blocks.append(Paragraph(text))
        # The most voted version of near-duplicates is shown: the wording people judged.
        members = sorted((ids[row] for row in theme.rows),
                         key=lambda c: (-ctx.figures[c].votes, c))
        examples = fold(members, ctx.data.texts)[:THEME_EXAMPLES]
        section.blocks.append(Proposals([
            (ctx.data.texts.get(c, ""), vote_evidence(ctx, ctx.figures[c]) + folded(ctx, similar))
            for c, similar in examples]))
        rest = sum(1 + len(s) for _, s in fold(members, ctx.data.texts)[THEME_EXAMPLES:])
        if rest:
            section.blocks.append(Bullets([ctx.t("theme_more", n=rest)]))
    return section


def _group_support(ctx: Context, summary: Table, number: int) -> str:
    """'groep A 80%, groep B 35%': the theme's support in each group shown."""
    row = next(r for r in summary.rows if r[0] == number)
    parts = []
    for column, name in zip(summary.columns[7:], ctx.analyses.group_names, strict=True):
        value = row[summary.columns.index(column)]
        if value not in (None, SUPPRESSED):
            parts.append(f"{ctx.t('group_short', name=name)} {round(value)}%")
    return ", ".join(parts)


def theme_table(ctx: Context) -> Table:
    """Per theme: name, description, size, support overall and per group (themes.csv)."""
    analyses = ctx.analyses
    names = analyses.group_names
    table = Table("themes", ["theme", "theme_name", "description", "proposals", "agrees",
                             "disagrees", "support_percent",
                             *[f"support_percent_group_{g}" for g in names]])
    ids = analyses.themed_comment_ids
    for theme in analyses.themes.themes:
        per_group = []
        for g in range(len(names)):
            agrees = sum(ctx.figures[ids[r]].groups[g].agrees for r in theme.rows)
            disagrees = sum(ctx.figures[ids[r]].groups[g].disagrees for r in theme.rows)
            per_group.append(SUPPRESSED if analyses.group_is_small(g) else
                             (percent(agrees, agrees + disagrees) if agrees + disagrees
                              else None))
        table.rows.append([theme.number, theme.name, theme.description, theme.size,
                           theme.agrees, theme.disagrees,
                           None if theme.support is None else round(100 * theme.support, 1),
                           *per_group])
    if analyses.themes.other:
        table.rows.append(["", "other", "", len(analyses.themes.other), None, None, None,
                           *[None for _ in names]])
    return table
