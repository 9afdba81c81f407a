"""The appendix: every statement with its votes, overall and per opinion group (as Pol.is shows
all of them), and the same as tables/statements.csv with counts and the claim the rule allows."""

from __future__ import annotations

from analysis.report import claims
from analysis.report.blocks import Context, Paragraph, Section, TableView
from analysis.report.tables import SUPPRESSED, Cell, Table, percent


def statements_table(ctx: Context) -> Table:
    names = ctx.analyses.group_names
    per_group = [f"{kind}_group_{g}" for g in names
                 for kind in ("votes", "agree_percent", "disagree_percent", "pass_percent")]
    table = Table("statements", ["comment_id", "votes", "agrees", "disagrees", "passes",
                                 "agree_percent", "disagree_percent", "pass_percent",
                                 *per_group, "claim", "few_votes", "theme", "text"])
    theme_of = ctx.analyses.theme_of
    for comment_id, figures in ctx.figures.items():
        groups: list[Cell] = []
        for group in figures.groups:
            if group.suppressed:
                groups += [SUPPRESSED] * 4
            else:
                groups += [group.votes, *(percent(n, group.votes)
                                          for n in (group.agrees, group.disagrees,
                                                    group.passes))]
        claim = claims.agreement(figures) or ("divides" if claims.divides(figures) else "")
        table.rows.append([ctx.data.comment_label(comment_id), figures.votes, figures.agrees,
                           figures.disagrees, figures.passes,
                           *(percent(n, figures.votes) for n in (figures.agrees,
                                                                 figures.disagrees,
                                                                 figures.passes)),
                           *groups, claim, int(figures.few_votes),
                           theme_of.get(comment_id, ""), ctx.data.texts.get(comment_id, "")])
    return table


def appendix(ctx: Context) -> Section:
    section = Section("appendix", ctx.t("appendix"))
    table = ctx.keep(statements_table(ctx))
    section.blocks.append(Paragraph(ctx.t("appendix_intro", n=len(table.rows),
                                          few=claims.FEW_VOTES)))
    shown = [g for g in range(len(ctx.analyses.group_names))
             if not ctx.analyses.group_is_small(g)]
    section.blocks.append(TableView(_page_view(ctx, shown), [
        "comment_id", "text", "votes", "agree_disagree",
        *[f"agree_percent_group_{ctx.analyses.group_names[g]}" for g in shown]], dense=True))
    return section


def _page_view(ctx: Context, shown: list[int]) -> Table:
    """The page's version: whole percentages (narrow columns leave the text room), empty
    cells where nobody voted; the CSV keeps one decimal and the counts."""
    names = [f"agree_percent_group_{ctx.analyses.group_names[g]}" for g in shown]
    view = Table("statements", ["comment_id", "text", "votes", "agree_disagree", *names])

    def whole(count: int, votes: int) -> int | None:
        return round(100 * count / votes) if votes else None

    for comment_id, figures in ctx.figures.items():
        both = (f"{whole(figures.agrees, figures.votes)} / "
                f"{whole(figures.disagrees, figures.votes)}" if figures.votes else None)
        view.rows.append([ctx.data.comment_label(comment_id),
                          ctx.data.texts.get(comment_id, ""), figures.votes, both,
                          *(whole(figures.groups[g].agrees, figures.groups[g].votes)
                            for g in shown)])
    return view
