"""Figures: the heatmap, one actor across sources, translation agreement; titles, labels, legends, low n."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.figure import Figure

from stance.errors import UnknownActorError
from stance.plot import actor_comparison, agreement_scatter, heatmap
from tiny_analysis import make_analysis, two_sources


def texts_of(figure: Figure) -> list[str]:
    return [t.get_text() for ax in figure.axes for t in ax.texts]


def legend_texts(figure: Figure) -> list[str]:
    legends = list(figure.legends) + [ax.get_legend() for ax in figure.axes if ax.get_legend()]
    return [t.get_text() for legend in legends for t in legend.get_texts()]


def test_heatmap_has_a_title_axis_labels_a_colorbar_and_a_legend():
    figure = two_sources().plot.heatmap()
    main, colorbar = figure.axes
    assert "Stance by source and actor" in main.get_title()
    assert main.get_xlabel() == "source (languages)" and main.get_ylabel() == "actor"
    assert "hostile" in colorbar.get_ylabel() and "favorable" in colorbar.get_ylabel()
    assert any("fewer than 3 mentions" in t for t in legend_texts(figure))
    assert any("no mentions" in t for t in legend_texts(figure))


def test_heatmap_palette_is_diverging_and_centred_on_zero():
    figure = two_sources().plot.heatmap()
    mesh = figure.axes[0].collections[0]
    assert mesh.norm.vmin == -mesh.norm.vmax
    cmap = mesh.get_cmap()
    red, middle, blue = cmap(0.0), cmap(0.5), cmap(1.0)
    assert red[0] > red[2] and blue[2] > blue[0]  # hostile red, favorable blue
    assert min(middle[:3]) > 0.9  # white at 0


def test_heatmap_cells_show_the_value_and_n_with_a_true_minus():
    analysis = two_sources()
    figure = analysis.plot.heatmap()
    daily = analysis.profiles.query("source == 'Daily' and actor == 'ann'").iloc[0]
    expected = f"{daily['stance']:+.2f}".replace("-", "\u2212") + "\nn=5"
    assert expected in texts_of(figure)


@pytest.mark.parametrize(("min_mentions", "marked"), [(1, 0), (3, 1), (4, 2), (6, 4)])
def test_heatmap_marks_cells_with_fewer_mentions_than_the_threshold(min_mentions, marked):
    figure = two_sources().plot.heatmap(min_mentions=min_mentions)
    assert figure.stance_low_n == marked
    hatched = [p for p in figure.axes[0].patches if p.get_hatch()]
    assert len(hatched) == marked


def test_heatmap_labels_sources_with_their_language_and_actors_by_name():
    figure = make_analysis({("d1", "Gate", "ann"): [-0.3] * 3}, languages={"d1": "id"}).plot.heatmap()
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Gate (id)"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Ann Lee"]


def test_heatmap_keeps_the_most_mentioned_actors_when_there_are_too_many():
    figure = two_sources().plot.heatmap(max_actors=1)
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == ["Ann Lee"]


def test_actor_figure_sorts_sources_and_has_title_labels_and_legend():
    figure = two_sources().plot.actor("ann")
    ax = figure.axes[0]
    assert ax.get_title() == "Ann Lee: stance by source (mean and 95% CI)"
    assert "stance toward Ann Lee" in ax.get_xlabel() and ax.get_ylabel() == "source"
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0].startswith("Daily") and ticks[-1].startswith("Blog")  # hostile first, favorable last
    assert "n=5" in ticks[0]
    legend = legend_texts(figure)
    assert {"hostile", "neutral", "favorable"} <= set(legend)
    assert any("fewer than 3 mentions" in t for t in legend)


def test_actor_figure_draws_one_interval_per_source():
    analysis = two_sources()
    ax = analysis.plot.actor("ann").axes[0]
    assert len(ax.containers) == 3  # one errorbar per source


def test_actor_figure_for_an_unknown_actor_lists_the_known_ones():
    with pytest.raises(UnknownActorError, match="unknown actor 'zed'.*ann"):
        two_sources().plot.actor("zed")


def test_actor_figure_for_a_known_actor_without_mentions_says_so():
    figure = two_sources().plot.actor("acme")
    assert "no mentions of Acme" in texts_of(figure)


def test_agreement_scatter_has_the_diagonal_the_rate_and_labels():
    analysis = make_analysis({("o1", "S", "ann"): [-0.5, -0.4], ("t1", "S", "ann"): [-0.45, -0.5],
                              ("o1", "S", "bob"): [0.3, 0.2], ("t1", "S", "bob"): [0.0, 0.01]},
                             translations={"t1": "o1"})
    figure = analysis.plot.agreement()
    ax = figure.axes[0]
    assert ax.get_title() == "Translation agreement: 1/2 pairs (50%) get the same label"
    assert "native" in ax.get_xlabel() and "translated" in ax.get_ylabel()
    diagonal = [line for line in ax.get_lines() if list(line.get_xdata()) == list(line.get_ydata())]
    assert diagonal
    assert {"same label", "different label", "translation = original"} <= set(legend_texts(figure))


def test_agreement_scatter_without_pairs_says_why():
    figure = two_sources().plot.agreement()
    assert any("no original/translation pairs" in t for t in texts_of(figure))


def test_plots_leave_pyplot_alone():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    analysis = two_sources()
    figures = [heatmap(analysis.profiles), actor_comparison(analysis.profiles, "ann"),
               agreement_scatter(analysis.agreement)]
    assert plt.get_fignums() == before
    assert all(type(f.canvas).__name__ == "FigureCanvasAgg" for f in figures)
    assert matplotlib.get_backend()  # unchanged, whatever it was


def test_seeds_heatmap_and_musk_figure(seeds_analysis):
    heat = seeds_analysis.plot.heatmap()
    assert "Elon Musk" in [t.get_text() for t in heat.axes[0].get_yticklabels()]
    musk = seeds_analysis.plot.actor("musk").axes[0]
    ticks = [t.get_text() for t in musk.get_yticklabels()]
    assert any(t.startswith("Gate (id)") for t in ticks)
    assert any(t.startswith("Unnamed German AI digest (de)") for t in ticks)
