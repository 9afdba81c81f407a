"""What a reader saw wrong in the charts and the page: figures over a panel's edge, grey dots
nobody explained, counts with "2.5" ticks, a date split over two lines."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from analysis.report import charts, html
from analysis.report.blocks import KeyFigures, Section


def test_a_full_bar_figure_stays_inside_its_panel() -> None:
    texts = ["Idee: de dokter weet wat nodig is: minder controle door verzekeraars."] * 3
    panels = [(name, [0.0, 3.0, 88.0], [100.0, 97.0, 4.0])
              for name in ("Iedereen", "Groep A (93)", "Groep B (46)", "Groep C (45)")]
    figure = charts.diverging(texts, panels, "eens", "oneens")  # the demo's four panels
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    for axis in figure.axes:
        panel = axis.get_window_extent(renderer)
        figures = [t for t in axis.texts if t.get_text() in ("100", "97")]
        assert figures
        for text in figures:  # "100" beside a full bar: clear of the panel's left edge
            box = text.get_window_extent(renderer)
            assert panel.x0 + 2 < box.x0 and box.x1 < panel.x1 - 2, (text.get_text(), box, panel)
    plt.close(figure)


def test_the_grey_dots_of_the_opinion_map_are_named_in_the_legend() -> None:
    coords = np.random.default_rng(0).normal(size=(50, 2))
    labels = np.r_[np.zeros(20, int), np.ones(20, int), -np.ones(10, int)]
    figure = charts.opinion_map(coords, labels, ["Groep A (20)", "Groep B (20)"],
                                "Geen groep getoond (10)")
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == ["Groep A (20)", "Groep B (20)", "Geen groep getoond (10)"]
    plt.close(figure)
    everyone = charts.opinion_map(coords[:40], labels[:40], ["Groep A (20)", "Groep B (20)"],
                                  "Geen groep getoond (0)")
    assert len(everyone.axes[0].get_legend().get_texts()) == 2  # no grey dots, no entry
    plt.close(everyone)


def test_proposal_counts_have_whole_number_ticks() -> None:
    figure = charts.theme_bars(["minimum, wage, income", "it's, people, higher",
                                "businesses, small, able"], [12, 8, 8], [63.0, 56.0, None],
                               "Voorstellen per thema", "Steun (% eens)")  # $15/hour
    figure.canvas.draw()
    ticks = [t.get_text() for t in figure.axes[0].get_xticklabels() if t.get_text()]
    assert ticks and all(tick.isdigit() for tick in ticks), ticks
    plt.close(figure)


def test_a_period_in_the_key_figures_breaks_only_between_its_dates() -> None:
    period = "2014-06-18 – 2019-02-13"  # $15/hour: the tile showed "2019-" and "02-13"
    page = html.render("Rapport", "test", [Section("summary", "In het kort", [
        KeyFigures([("Periode", period), ("Deelnemers", "339")])])], "nl")
    for date in ("2014-06-18", "2019-02-13"):
        assert f'<span class="nobreak">{date}</span>' in page
    assert ".nobreak { white-space: nowrap; }" in page
