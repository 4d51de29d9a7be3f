"""Figures of an analysis: the source × actor heatmap, one actor across sources, translation agreement.

Every function returns a :class:`matplotlib.figure.Figure` drawn on an Agg canvas that is
attached to the figure itself, so nothing here touches ``matplotlib.pyplot``'s global state or
the user's chosen backend: a notebook shows the returned figure once, a script saves it with
``fig.savefig(...)``, and a server without a display works. Values are never rounded in the
tables; only the annotations on a figure are.

In a notebook the same figures are reached through the ``plot`` accessor of an analysis::

    a = stance.analyze("seeds")
    a.plot.heatmap()
    a.plot.actor("musk")
    a.plot.agreement()
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING

from stance.report import ReportSettings, actor_name, source_label

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from stance.actors import ActorCatalog
    from stance.pipeline import Analysis
    from stance.score import ScoringConfig

#: Colours of the three labels, matching the diverging palette of the heatmap (red = hostile).
LABEL_COLORS = {"hostile": "#b2182b", "neutral": "#636363", "favorable": "#2166ac"}
LOW_N_COLOR = "#9e9e9e"
NO_DATA_COLOR = "#ececec"
HATCH = "///"


def _figure(width: float, height: float) -> Figure:
    """A new figure with its own Agg canvas (no pyplot, no global backend switch).

    The figure shows itself in Jupyter through ``_repr_png_``, since it is not registered with
    pyplot (whose inline backend would otherwise be what displays figures).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    class StanceFigure(Figure):
        def _repr_png_(self) -> bytes:
            import io

            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=100)
            return buffer.getvalue()

    figure = StanceFigure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _signed(value: float) -> str:
    text = f"{value:+.2f}"
    return "0.00" if text in ("+0.00", "-0.00") else text.replace("-", "\u2212")


def _wrap(text: str, width: int = 16) -> str:
    """Break a long tick label over lines at spaces."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def heatmap(profiles: pd.DataFrame, actors: ActorCatalog | None = None, min_mentions: int | None = None,
            max_actors: int | None = None, max_sources: int | None = None) -> Figure:
    """Source × actor heatmap of profile stance, annotated with the value and the number of mentions.

    Parameters
    ----------
    profiles
        A profiles table (``source, actor, n_mentions, stance, languages``, ...).
    actors
        The actor catalog, for display names (ids are shown otherwise).
    min_mentions
        Cells with fewer mentions are hatched as low-n; by default ``[report] min_mentions``
        of ``scoring.toml``.
    max_actors, max_sources
        Show at most this many actors (the most mentioned) and sources (the most mentions).
    """
    import numpy as np
    import seaborn as sns
    from matplotlib.patches import Patch, Rectangle

    settings = ReportSettings.from_file()
    min_mentions = settings.min_mentions if min_mentions is None else min_mentions
    max_actors = max_actors or settings.max_actors
    max_sources = max_sources or settings.max_sources
    if profiles.empty:
        return _empty("Stance by source and actor", "no profiles: the corpus has no mentions of any actor")
    actor_order = (profiles.groupby("actor")["n_mentions"].sum().sort_values(ascending=False, kind="stable")
                   .index[:max_actors].tolist())
    source_order = (profiles.groupby("source")["n_mentions"].sum().sort_values(ascending=False, kind="stable")
                    .index[:max_sources])
    source_order = sorted(source_order, key=str)
    shown = profiles[profiles["actor"].isin(actor_order) & profiles["source"].isin(source_order)]
    # actors as rows, sources as columns: a corpus has more actors than sources, and rows stay readable
    stance = shown.pivot(index="actor", columns="source", values="stance").reindex(index=actor_order,
                                                                                  columns=source_order)
    counts = shown.pivot(index="actor", columns="source", values="n_mentions").reindex(index=actor_order,
                                                                                      columns=source_order)
    languages = shown.groupby("source")["languages"].agg(lambda v: ",".join(sorted(set(",".join(v).split(",")))))
    stance.columns = [_wrap(source_label(s, languages.get(s, ""))) for s in source_order]
    stance.index = [actor_name(actors, a) for a in actor_order]
    annot = np.full(stance.shape, "", dtype=object)
    for i in range(stance.shape[0]):
        for j in range(stance.shape[1]):
            value = stance.iat[i, j]
            if not math.isnan(value):
                annot[i, j] = f"{_signed(value)}\nn={int(counts.iat[i, j])}"
    values = stance.to_numpy(dtype=float)
    finite = values[~np.isnan(values)]
    limit = max(0.1, math.ceil(float(np.abs(finite).max()) * 10) / 10) if finite.size else 1.0
    width = max(6.5, 3.8 + 1.25 * len(source_order))
    height = max(4.0, 2.4 + 0.5 * len(actor_order))
    figure = _figure(width, height)
    ax = figure.add_subplot()
    ax.set_facecolor(NO_DATA_COLOR)
    with warnings.catch_warnings():  # seaborn 0.13 calls a colormap method matplotlib is deprecating
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        sns.heatmap(stance, ax=ax, cmap="RdBu", center=0.0, vmin=-limit, vmax=limit, annot=annot, fmt="",
                    annot_kws={"fontsize": 8.5}, linewidths=0.6, linecolor="white",
                    cbar_kws={"label": "stance (\u2212 hostile \u2026 + favorable)", "shrink": 0.8})
    low, low_cells = 0, set()
    for i in range(stance.shape[0]):
        for j in range(stance.shape[1]):
            count = counts.iat[i, j]
            if not math.isnan(count) and count < min_mentions:
                # faded and hatched, under the annotation
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor=(1, 1, 1, 0.55), hatch=HATCH, edgecolor=LOW_N_COLOR,
                                       linewidth=0, zorder=2))
                low_cells.add((j, i))
                low += 1
    for text in ax.texts:
        x, y = text.get_position()
        if (int(x), int(y)) in low_cells:
            text.set_color("#222222")
            text.set_fontstyle("italic")
        text.set_zorder(4)
    ax.set_title("Stance by source and actor (mean mention score; n = mentions)")
    ax.set_xlabel("source (languages)")
    ax.set_ylabel("actor")
    ax.tick_params(axis="x", labelrotation=0, labelsize=8.5)
    ax.tick_params(axis="y", labelrotation=0)
    handles = [Patch(facecolor="white", edgecolor=LOW_N_COLOR, hatch=HATCH,
                     label=f"low n: fewer than {min_mentions} mentions, read with care"),
               Patch(facecolor=NO_DATA_COLOR, edgecolor="#bbbbbb", label="no mentions")]
    figure.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False, fontsize=9)
    figure.stance_low_n = low  # type: ignore[attr-defined]  # how many cells were marked (for tests)
    return figure


def actor_comparison(profiles: pd.DataFrame, actor: str, actors: ActorCatalog | None = None,
                     config: ScoringConfig | None = None, min_mentions: int | None = None) -> Figure:
    """One point per source with its 95% CI for one actor, sorted from hostile to favorable."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from stance.score import ScoringConfig

    config = config or ScoringConfig.from_file()
    min_mentions = ReportSettings.from_file().min_mentions if min_mentions is None else min_mentions
    name = actor_name(actors, actor)
    rows = profiles[profiles["actor"] == actor].sort_values(["stance", "source"], kind="stable")
    title = f"{name}: stance by source (mean and 95% CI)"
    if rows.empty:
        return _empty(title, f"no mentions of {name}")
    figure = _figure(8.0, max(3.2, 2.0 + 0.42 * len(rows)))
    ax = figure.add_subplot()
    ax.axvspan(config.hostile_at, config.favorable_at, color="#f2f2f2", zorder=0)
    ax.axvline(0.0, color="#999999", linewidth=0.8, zorder=1)
    labels = []
    for y, row in enumerate(rows.itertuples(index=False)):
        low_n = row.n_mentions < min_mentions
        color = LOW_N_COLOR if low_n else LABEL_COLORS.get(row.label, "#333333")
        ax.errorbar(row.stance, y, xerr=[[row.stance - row.ci_low], [row.ci_high - row.stance]], fmt="o",
                    color=color, ecolor=color, elinewidth=2, capsize=4, markersize=7,
                    markerfacecolor="white" if low_n else color, zorder=3)
        labels.append(f"{source_label(row.source, row.languages)}  n={row.n_mentions}")
    ax.set_yticks(range(len(rows)), labels)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    reach = max(0.2, float(rows[["ci_low", "ci_high"]].abs().to_numpy().max()) + 0.05)
    ax.set_xlim(-reach, reach)
    ax.set_title(title)
    ax.set_xlabel(f"stance toward {name} (\u2212 hostile \u2026 + favorable)")
    ax.set_ylabel("source")
    handles = [Line2D([], [], marker="o", linestyle="", color=LABEL_COLORS[k], label=k) for k in LABEL_COLORS]
    handles.append(Line2D([], [], marker="o", linestyle="", color=LOW_N_COLOR, markerfacecolor="white",
                          label=f"fewer than {min_mentions} mentions"))
    handles.append(Patch(facecolor="#f2f2f2",
                         label=f"neutral zone ({_signed(config.hostile_at)} \u2026 {_signed(config.favorable_at)})"))
    figure.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    return figure


def agreement_scatter(agreement: pd.DataFrame, actors: ActorCatalog | None = None,
                      config: ScoringConfig | None = None, annotate_max: int = 40) -> Figure:
    """Native (original) against translated stance per document and actor, with the diagonal."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from stance.score import ScoringConfig

    config = config or ScoringConfig.from_file()
    if agreement.empty:
        return _empty("Translation agreement", "no original/translation pairs with enough mentions to compare")
    agree = agreement["agree"].astype(bool)
    title = (f"Translation agreement: {int(agree.sum())}/{len(agreement)} pairs "
             f"({agree.mean():.0%}) get the same label")
    figure = _figure(6.8, 6.0)
    ax = figure.add_subplot()
    x = agreement["stance_original"].to_numpy(dtype=float)
    y = agreement["stance_translation"].to_numpy(dtype=float)
    reach = max(0.2, float(max(abs(x).max(), abs(y).max())) + 0.08)
    band = (config.hostile_at, config.favorable_at)
    ax.axvspan(*band, color="#f2f2f2", zorder=0)
    ax.axhspan(*band, color="#f2f2f2", zorder=0)
    ax.plot([-reach, reach], [-reach, reach], color="#555555", linestyle="--", linewidth=1, zorder=1)
    ax.scatter(x[agree.to_numpy()], y[agree.to_numpy()], s=36, color="#2166ac", zorder=3)
    ax.scatter(x[~agree.to_numpy()], y[~agree.to_numpy()], s=60, color="#d6604d", marker="X", zorder=3)
    if len(agreement) <= annotate_max:
        for row, xi, yi in zip(agreement.itertuples(index=False), x, y):
            if row.agree and max(abs(xi), abs(yi)) < 0.1:
                continue  # the crowded neutral middle: only changed labels are named there
            ax.annotate(actor_name(actors, row.actor), (xi, yi), xytext=(4, 3), textcoords="offset points",
                        fontsize=7, color="#333333")
    ax.set_xlim(-reach, reach)
    ax.set_ylim(-reach, reach)
    ax.set_aspect("equal")
    ax.set_title(title)
    ax.set_xlabel("native score (stance in the original text)")
    ax.set_ylabel("translated score (stance in the translation)")
    handles = [Line2D([], [], marker="o", linestyle="", color="#2166ac", label="same label"),
               Line2D([], [], marker="X", linestyle="", color="#d6604d", markersize=8, label="different label"),
               Line2D([], [], color="#555555", linestyle="--", label="translation = original"),
               Patch(facecolor="#f2f2f2", label="neutral zone")]
    ax.legend(handles=handles, loc="upper left", fontsize=8, framealpha=0.9)
    return figure


def _empty(title: str, message: str) -> Figure:
    """A small figure that says why there is nothing to plot (a plot never silently disappears)."""
    figure = _figure(6.0, 2.0)
    ax = figure.add_subplot()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555555")
    ax.set_axis_off()
    return figure


class AnalysisPlots:
    """The ``plot`` accessor of an :class:`~stance.pipeline.Analysis` (``analysis.plot``).

    Each method returns a matplotlib ``Figure``.
    """

    def __init__(self, analysis: Analysis) -> None:
        self._analysis = analysis

    def heatmap(self, min_mentions: int | None = None, max_actors: int | None = None,
                max_sources: int | None = None) -> Figure:
        """Source × actor heatmap of stance (see :func:`heatmap`)."""
        a = self._analysis
        return heatmap(a.profiles, a.actors, min_mentions, max_actors, max_sources)

    def actor(self, actor: str, min_mentions: int | None = None) -> Figure:
        """One actor across sources with 95% CIs (see :func:`actor_comparison`).

        Raises
        ------
        UnknownActorError
            When ``actor`` is not an actor id of the analysis.
        """
        a = self._analysis
        _check_actor(a, actor)
        return actor_comparison(a.profiles, actor, a.actors, a.config, min_mentions)

    def agreement(self) -> Figure:
        """Native against translated stance (see :func:`agreement_scatter`)."""
        a = self._analysis
        return agreement_scatter(a.agreement, a.actors, a.config)


def _check_actor(analysis: Analysis, actor: str) -> None:
    from stance.errors import UnknownActorError

    known = set(analysis.mentions["actor"])
    if analysis.actors is not None:
        known |= set(analysis.actors.actors)
    if actor not in known:
        raise UnknownActorError(actor, known)
