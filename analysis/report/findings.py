"""Sections about what people said: themes, opinion groups, consensus and division."""

from __future__ import annotations

import numpy as np

from analysis.report import charts, sections
from analysis.report.blocks import (
    Chart,
    Context,
    Notice,
    Paragraph,
    Proposals,
    Section,
    Subheading,
    TableView,
)
from analysis.report.overview import number, vote_line


def themes(ctx: Context) -> Section:
    section = Section("themes", ctx.t("themes"))
    summary, examples = sections.themes(ctx.data, ctx.analyses)
    ctx.keep(summary)
    ctx.keep(examples)
    named = [row for row in summary.rows if row[0] != ""]
    if not named:
        section.blocks.append(Notice(ctx.t("no_themes")))
        return section
    figure = charts.theme_bars([row[1] for row in named], [row[2] for row in named],
                               [row[5] for row in named], ctx.t("theme_sizes"),
                               ctx.t("theme_support"))
    section.blocks.append(Chart(charts.save(figure, "themes", ctx.charts_dir), ctx.t("themes")))
    section.blocks.append(TableView(summary, ["theme", "theme_label", "proposals", "agrees",
                                              "disagrees", "support_percent"]))
    other = [row for row in summary.rows if row[0] == ""]
    if other:
        section.blocks.append(Paragraph(ctx.t("other_theme", n=other[0][2])))
    for theme_number, label, size, _, _, support in named:
        support_text = "—" if support is None else f"{number(ctx, support)}%"
        section.blocks.append(Subheading(ctx.t("theme_heading", n=theme_number, label=label)))
        section.blocks.append(Paragraph(ctx.t("theme_line", size=size, support=support_text)))
        section.blocks.append(Proposals([(row[3], vote_line(ctx, row[2]))
                                         for row in examples.rows if row[0] == theme_number]))
    return section


def groups(ctx: Context) -> Section:
    section = Section("groups", ctx.t("groups"))
    result, analyses = ctx.analyses.opinions, ctx.analyses
    if result.n_groups == 0:
        section.blocks.append(Notice(ctx.t("no_groups")))
        return section
    table = ctx.keep(sections.groups(analyses))
    if analyses.shown_groups:
        section.blocks.append(Paragraph(ctx.t("groups_intro")))
        section.blocks.append(_opinion_map(ctx))
    else:  # a map of grey dots only, every group suppressed, would show nothing
        section.blocks.append(Notice(ctx.t("no_map")))
    section.blocks.append(TableView(table, ["group", "participants", "stability_percent"]))
    representative = ctx.keep(sections.representative(ctx.data, analyses))
    for g, name in enumerate(analyses.group_names):
        size = analyses.group_sizes[g]
        if analyses.group_is_small(g):
            section.blocks.append(Notice(ctx.t("suppressed_group", name=name), suppressed=True))
            ctx.suppressed.append(f"{ctx.t('group')} {name}")
            continue
        section.blocks.append(Subheading(ctx.t("stands_for", name=name, n=size)))
        items = []
        for row in representative.rows:
            if row[0] == name:
                direction = ctx.t(f"direction_{row[2]}")
                items.append((row[6], ctx.t("rep_detail", share=number(ctx, row[4]),
                                            direction=direction, seen=row[3])))
        section.blocks.append(Proposals(items))
    return section


def _opinion_map(ctx: Context) -> Chart:
    result, analyses = ctx.analyses.opinions, ctx.analyses
    names = [ctx.t("group_name", name=name, n=size)
             for name, size in zip(analyses.group_names, analyses.group_sizes, strict=True)]
    # Members of a suppressed group are drawn like the ungrouped: grey, without a label.
    labels = np.array([g if g >= 0 and not analyses.group_is_small(g) else -1
                       for g in result.groups])
    shown = [name if not analyses.group_is_small(g) else "" for g, name in enumerate(names)]
    figure = charts.opinion_map(result.embedding, labels, shown, "PCA 1", "PCA 2")
    return Chart(charts.save(figure, "opinion_map", ctx.charts_dir), ctx.t("opinion_map"))


def consensus(ctx: Context) -> Section:
    section = Section("consensus", ctx.t("consensus"))
    analyses = ctx.analyses
    top = sections.top_consensus(analyses)
    section.blocks.append(Subheading(ctx.t("consensus_top")))
    section.blocks.append(Paragraph(ctx.t("consensus_top_note") + " " + ctx.t("pass_note")))
    _diverging(ctx, section, "consensus", top)
    for g, name in enumerate(analyses.group_names):
        if analyses.group_is_small(g):
            continue
        section.blocks.append(Subheading(ctx.t("group_top", name=name)))
        _diverging(ctx, section, f"group_{name}_top", sections.top_for_group(analyses, g),
                   only_group=name)
    if analyses.opinions.most_divisive:
        section.blocks.append(Subheading(ctx.t("divisive")))
        _diverging(ctx, section, "divisive", list(analyses.opinions.most_divisive))
    else:
        section.blocks.append(Notice(ctx.t("none_divisive")))
    return section


def _diverging(ctx: Context, section: Section, name: str, comment_ids: list[int],
               only_group: str | None = None) -> None:
    if not comment_ids:
        return
    analyses = ctx.analyses
    table = ctx.keep(sections.proposals_table(ctx.data, analyses, name, comment_ids))
    shares = sections.vote_shares(analyses, comment_ids)
    shown = [only_group] if only_group else [
        n for g, n in enumerate(analyses.group_names) if not analyses.group_is_small(g)]
    sizes = dict(zip(analyses.group_names, analyses.group_sizes, strict=True))
    panels = [] if only_group else [(ctx.t("everyone"), [shares["all"][c][0] for c in comment_ids],
                                     [shares["all"][c][1] for c in comment_ids])]
    panels += [(ctx.t("group_name", name=g, n=sizes[g]), [shares[g][c][0] for c in comment_ids],
                [shares[g][c][1] for c in comment_ids]) for g in shown]
    figure = charts.diverging([ctx.data.texts.get(c, "") for c in comment_ids], panels,
                              ctx.t("agree"), ctx.t("disagree"))
    section.blocks.append(Chart(charts.save(figure, name, ctx.charts_dir), name))
    columns = ["comment_id", "agree_percent", "disagree_percent"]
    if only_group:
        columns += [f"agree_percent_group_{only_group}", f"disagree_percent_group_{only_group}"]
    else:
        columns += ["consensus", "divisiveness"]
    section.blocks.append(TableView(table, [*columns, "text"]))
