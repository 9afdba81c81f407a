"""The report's charts: matplotlib (Agg), one function per chart, one shared style.

Style rules, so every chart reads the same way in the page, in print and in the PDF:

* the Okabe-Ito palette (colour-blind safe); agree is blue, disagree vermillion, pass grey,
  and opinion groups take the remaining Okabe-Ito colours in a fixed order;
* constrained layout, and figure height grows with the number of bars, so labels never
  overlap; long proposals are shortened to a sensible length and wrapped (see `wrap`);
* every bar carries its number, so nobody has to read values off an axis;
* no text is interpreted: `$...$` is not mathtext and nothing goes through LaTeX (`STYLE`,
  `save`), so a proposal is drawn exactly as the citizen wrote it;
* text is set in DejaVu Sans, with installed fonts for the scripts it lacks (Chinese, Japanese,
  Korean, Thai, ...) as per-glyph fallbacks (see `fonts`), so a Chinese theme label is
  drawn rather than shown as boxes.

Each function takes plain numbers and texts and returns a `Figure`; `save` writes it as PNG and
SVG and closes it.
"""

from __future__ import annotations

import contextlib
import logging
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # after use("Agg"): no display is ever needed
import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from analysis.report.fonts import MAIN_FONT, font_families

AGREE = "#0072B2"
DISAGREE = "#D55E00"
PASS = "#BBBBBB"
INK = "#222222"
MUTED = "#666666"
# Okabe-Ito colours left after agree/disagree, for groups and single-series bars.
GROUP_COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#000000"]
BAR = "#0072B2"
WIDTH = 8.0  # inches; the page's text column at 100 dpi is about this wide
# A title wraps at this many characters: 11 pt bold DejaVu is up to 0.1 inch a character, so
# a line stays inside the figure's width (an unwrapped long question was cut off at the right).
TITLE_CHARACTERS = 70

STYLE = {
    # Citizens' text is drawn as written: never as TeX (`$...$` would be mathtext, and a lone
    # `$\frac{` stops the whole report), never through a LaTeX run.
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": MAIN_FONT,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.edgecolor": "#999999",
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "svg.fonttype": "path",  # text as outlines: the SVG needs no font on the reader's machine
    "svg.hashsalt": "samen-report",  # stable ids, so the same data gives the same SVG
}


def group_colour(index: int) -> str:
    return GROUP_COLOURS[index % len(GROUP_COLOURS)]


def wrap(text: str, width: int = 48, max_chars: int = 140) -> str:
    """Shorten at a word boundary (with "…") and wrap, so a proposal fits beside its bar."""
    text = " ".join(text.split())
    if len(text) > max_chars:
        text = textwrap.shorten(text, max_chars, placeholder=" …")
    return "\n".join(textwrap.wrap(text, width)) or "—"


def _title(fig: Figure, title: str) -> None:
    """The chart's title across the whole figure, from its left edge (not the axes'), wrapped
    so it always fits."""
    fig.suptitle(wrap(title, TITLE_CHARACTERS, max_chars=400), x=0.01, ha="left",
                 fontsize=11, fontweight="bold")


def _height_for(labels: Sequence[str], per_line: float = 0.19, per_bar: float = 0.2,
                extra: float = 1.0) -> float:
    lines = sum(label.count("\n") + 1 for label in labels)
    return extra + per_line * lines + per_bar * len(labels)


def _figure(height: float, ncols: int = 1, sharey: bool = False, width: float = WIDTH,
            width_ratios: Sequence[float] | None = None, minimum: float = 1.8):
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, ncols, figsize=(width, max(height, minimum)), sharey=sharey,
                                 layout="constrained", width_ratios=width_ratios)
    return fig, axes


@dataclass(frozen=True)
class SavedChart:
    name: str
    png: Path
    svg: Path


def save(fig: Figure, name: str, folder: Path) -> SavedChart:
    """Write `folder/name.png` and `folder/name.svg` and close the figure."""
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    families = list(font_families())
    for text in fig.findobj(Text):
        # Texts made outside the style's rc_context (tick labels, annotations) took the global
        # rcParams; the style's "no mathtext" must hold for them too.
        text.set_parse_math(False)
        text.set_usetex(False)
        text.set_fontfamily(families)
    with plt.rc_context(STYLE), warnings.catch_warnings(), _quiet_font_lookup():
        # Without a fallback font for a script its glyphs show as boxes; a warning per glyph
        # helps nobody (the report's tables show the same texts in the browser's fonts).
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(png, dpi=150)
        fig.savefig(svg, metadata={"Date": None})
    plt.close(fig)
    return SavedChart(name, png, svg)


@contextlib.contextmanager
def _quiet_font_lookup():
    """Fallback fonts often have no bold; matplotlib then says so on stderr and uses regular."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def participation(days: Sequence[str], new_participants: Sequence[int], votes: Sequence[int],
                  participants_label: str, votes_label: str) -> Figure:
    """Two panels sharing the time axis: new participants and votes per day."""
    with plt.rc_context(STYLE):
        fig, (top, bottom) = plt.subplots(2, 1, figsize=(WIDTH, 4.6), sharex=True,
                                          layout="constrained")
    x = np.arange(len(days))
    for axis, values, label, colour in ((top, new_participants, participants_label, BAR),
                                        (bottom, votes, votes_label, GROUP_COLOURS[0])):
        axis.bar(x, values, color=colour, width=0.8)
        axis.set_title(label, loc="left")
        axis.set_ylim(0, max(max(values, default=0), 1) * 1.18)
        if len(days) <= 31:
            axis.bar_label(axis.containers[0], fontsize=8, color=MUTED, padding=1)
    step = max(1, len(days) // 12)
    bottom.set_xticks(x[::step], [days[i] for i in range(0, len(days), step)], rotation=45,
                      ha="right")
    return fig


def answer_bars(labels: Sequence[str], counts: Sequence[int], percents: Sequence[float],
                title: str | None = None) -> Figure:
    """One closed question: a horizontal bar per option, labelled "count (percent%)".

    No value axis: every bar carries its numbers. The title is left out when the page gives
    the question as a heading right above the chart (it would say the same twice).
    """
    labels = [wrap(label, 36) for label in labels]
    extra = 0.3 + (0.25 * (wrap(title, TITLE_CHARACTERS).count("\n") + 1) if title else 0)
    fig, axis = _figure(_height_for(labels, per_line=0.17, per_bar=0.1, extra=extra),
                        minimum=0.8)
    y = np.arange(len(labels))
    axis.barh(y, percents, color=BAR, height=0.7)
    axis.set_yticks(y, labels)
    axis.invert_yaxis()
    axis.set_xlim(0, max(max(percents, default=0), 1) * 1.3)
    axis.xaxis.set_visible(False)
    axis.spines["bottom"].set_visible(False)
    axis.tick_params(axis="y", length=0)
    for row, (count, percent) in enumerate(zip(counts, percents, strict=True)):
        axis.text(percent, row, f"  {count} ({percent:.0f}%)", va="center", fontsize=9,
                  color=INK)
    if title:
        _title(fig, title)
    return fig


def theme_bars(labels: Sequence[str], sizes: Sequence[int], support: Sequence[float | None],
               size_title: str, support_title: str) -> Figure:
    """Themes: proposal counts (left) and the share of agree votes they got (right)."""
    labels = [wrap(label, 30) for label in labels]
    fig, (left, right) = _figure(_height_for(labels, extra=1.0), ncols=2, sharey=True,
                                 width_ratios=(1, 1))
    y = np.arange(len(labels))
    bars = left.barh(y, sizes, color=BAR, height=0.65)
    left.bar_label(bars, fontsize=9, padding=2)
    left.set_yticks(y, labels)
    left.invert_yaxis()
    left.set_xlim(0, max(max(sizes, default=0), 1) * 1.2)
    left.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no "2.5" ticks
    left.set_title(size_title, loc="left")
    values = [np.nan if s is None else s for s in support]
    bars = right.barh(y, values, color=AGREE, height=0.65)
    right.bar_label(bars, ["" if s is None else f"{s:.0f}%" for s in support], fontsize=9,
                    padding=2)
    right.set_xlim(0, 115)
    right.set_title(support_title, loc="left")
    return fig


def opinion_map(coords: np.ndarray, labels: np.ndarray, group_names: Sequence[str],
                unassigned_name: str = "") -> Figure:
    """Participants on the first two principal components, coloured by opinion group; those
    with label -1 grey, named `unassigned_name` in the legend (a grey dot nobody explains
    makes a reader wonder what they are missing).

    The axes carry no labels or numbers: only distance means something (people who voted
    alike stand close together), which the page says in words beside the map.
    """
    fig, axis = _figure(5.2, width=6.8)
    for g, name in enumerate(group_names):
        members = labels == g
        axis.scatter(coords[members, 0], coords[members, 1], s=14, alpha=0.75,
                     color=group_colour(g), edgecolors="none", label=name)
        if members.any():
            centre = coords[members].mean(axis=0)
            axis.annotate(name.split(" (")[0], centre, ha="center", va="center",
                          fontsize=10, fontweight="bold", color=INK,
                          bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "#999999",
                                "alpha": 0.85})
    unassigned = labels < 0
    if unassigned.any():
        axis.scatter(coords[unassigned, 0], coords[unassigned, 1], s=8, color=PASS,
                     edgecolors="none", label=unassigned_name or None)
    axis.axhline(0, color="#DDDDDD", lw=0.8, zorder=0)
    axis.axvline(0, color="#DDDDDD", lw=0.8, zorder=0)
    axis.set_xticks([])
    axis.set_yticks([])
    axis.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9, frameon=False)
    return fig


def diverging(texts: Sequence[str], panels: Sequence[tuple[str, Sequence[float],
                                                           Sequence[float]]],
              agree_label: str, disagree_label: str) -> Figure:
    """Agree (right, blue) against disagree (left, vermillion) per proposal, in percent.

    `panels`: (title, agree percents, disagree percents) — the first is usually "everyone",
    the others one per opinion group; NaN draws nothing (a suppressed group).
    """
    labels = [wrap(text, 44 if len(panels) > 2 else 56) for text in texts]
    n = len(panels)
    fig, axes = _figure(_height_for(labels, extra=1.2), ncols=n, sharey=True,
                        width=WIDTH + max(0, n - 3) * 1.2)
    axes = np.atleast_1d(axes)
    y = np.arange(len(labels))
    for axis, (title, agree, disagree) in zip(axes, panels, strict=True):
        agree_values, disagree_values = np.asarray(agree, float), np.asarray(disagree, float)
        axis.barh(y, agree_values, color=AGREE, height=0.65, label=agree_label)
        axis.barh(y, -disagree_values, color=DISAGREE, height=0.65, label=disagree_label)
        for row in range(len(y)):
            if not np.isnan(agree_values[row]):
                axis.text(agree_values[row] + 3, row, f"{agree_values[row]:.0f}",
                          va="center", fontsize=8, color=INK)
                axis.text(-disagree_values[row] - 3, row, f"{disagree_values[row]:.0f}",
                          va="center", ha="right", fontsize=8, color=INK)
            else:
                axis.text(0, row, "—", va="center", ha="center", color=MUTED)
        axis.axvline(0, color=INK, lw=0.8)
        # Room beyond ±100 for a figure beside a full bar ("100"), clear of the panel's edge.
        axis.set_xlim(-155, 155)
        axis.tick_params(axis="y", length=0)  # no tick marks at the edge, where labels go
        axis.set_xticks([-100, -50, 0, 50, 100], ["100", "50", "0", "50", "100"], fontsize=8)
        axis.set_title(wrap(title, 22), fontsize=10)
    axes[0].set_yticks(y, labels, fontsize=8.5 if n > 2 else 9)
    axes[0].invert_yaxis()
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2,
               frameon=False, fontsize=9)
    return fig
