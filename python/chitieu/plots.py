"""Charts for rollups, assessments and disbursement, drawn with matplotlib.

Every helper takes a pandas DataFrame (the ``.to_pandas()`` of a result) and an
optional ``ax``; it returns the Axes so a notebook can restyle it. matplotlib is
imported lazily: ``import chitieu`` never needs it.

>>> ax = progress_vs_plan(assessment.to_pandas(), "jobs_created")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._util import Lang

__all__ = ["progress_vs_plan", "ranking", "s_curves"]


def _axes(ax: Any, height: float = 4.0) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(8, height))
    return ax


def _label(frame: pd.DataFrame) -> pd.Series:
    """Unit names where the frame has them, else codes."""
    if "unit_name" in frame:
        return frame["unit_name"].astype(str)
    return frame["unit"].astype(str)


_WORDS = {
    "vi": {"expected": "tiến độ dự kiến", "pct": "% kế hoạch",
           "progress": "tiến độ so với kế hoạch",
           "ranking_high": "xếp hạng (cao nhất trên cùng)",
           "ranking_low": "xếp hạng (thấp nhất trên cùng)",
           "curve_y": "lũy kế giải ngân so với kinh phí được giao (%)",
           "curve_title": "Tiến độ giải ngân (nét đứt: kế hoạch)"},
    "en": {"expected": "expected by now", "pct": "% of plan", "progress": "progress against plan",
           "ranking_high": "ranking (highest first)", "ranking_low": "ranking (lowest first)",
           "curve_y": "cumulative share of allocation (%)",
           "curve_title": "Disbursement S-curves (dashed: schedule)"},
}


def _words(lang: Lang) -> dict[str, str]:
    if lang not in _WORDS:
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    return _WORDS[lang]


def _select(frame: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = frame[frame["indicator"].astype(str) == indicator]
    if rows.empty:
        known = sorted(frame["indicator"].astype(str).unique())
        raise KeyError(f"indicator {indicator!r} is not in the table; it has {known[:10]}")
    return rows


def progress_vs_plan(
    assessment: pd.DataFrame,
    indicator: str,
    *,
    kind: str | None = None,
    top: int | None = 20,
    ax: Any = None,
    title: str | None = None,
    lang: Lang = "vi",
) -> Any:
    """Horizontal bars of ``pct_of_plan`` per unit, with the expected share as a tick.

    "đạt X% kế hoạch" for every unit at once: bars are coloured by ``status`` when
    the table has it, and units are sorted from best to worst. When an indicator
    has targets of several kinds (a ``total`` and a ``change``), ``kind`` picks
    one; by default the first of total, level, change that it has. ``title``
    replaces the indicator code in the title (give its name); ``lang`` picks the
    words of axes and legend ("vi" or "en").

    >>> progress_vs_plan(assessment.to_pandas(), "jobs_created")  # doctest: +SKIP
    """
    from .text import status_word

    words = _words(lang)
    rows = _select(assessment, indicator)
    if "kind" in rows:
        kinds = set(rows["kind"].astype(str))
        if kind is None:
            kind = next((k for k in ("total", "level", "change") if k in kinds), None)
        if kind is not None:
            if kind not in kinds:
                raise KeyError(f"{indicator!r} has no {kind!r} target; it has {sorted(kinds)}")
            rows = rows[rows["kind"].astype(str) == kind]
    rows = rows.dropna(subset=["pct_of_plan"])
    rows = rows.sort_values("pct_of_plan", ascending=True)
    if top is not None:
        rows = rows.tail(top)
    ax = _axes(ax, height=max(3.0, 0.28 * len(rows) + 1))
    colours = {"met": "#1a7f37", "on_track": "#4c9f70", "at_risk": "#d4a72c",
               "off_track": "#cf222e"}
    status = rows["status"] if "status" in rows else pd.Series("", index=rows.index)
    ax.barh(_label(rows), rows["pct_of_plan"],
            color=[colours.get(str(s), "#57606a") for s in status])
    if "expected_pct" in rows:
        ax.scatter(rows["expected_pct"], _label(rows), marker="|", s=200,
                   color="black", label=words["expected"], zorder=3)
    from matplotlib.patches import Patch

    handles, _ = ax.get_legend_handles_labels()
    handles += [Patch(color=colours[s], label=status_word(s, lang=lang))
                for s in colours if s in set(status.astype(str))]
    if handles:
        ax.legend(handles=handles, loc="lower right", fontsize="small")
    ax.axvline(100, color="#57606a", linewidth=0.8, linestyle="--")
    ax.set_ylim(-0.7, len(rows) - 0.3)  # no blank band above and below the bars
    ax.set_xlabel(words["pct"])
    ax.set_title(f"{title or indicator}: {words['progress']}"
                 + (f" ({kind})" if kind not in (None, "total") else ""))
    return ax


def s_curves(
    curve: pd.DataFrame,
    *,
    group: str = "unit",
    period: str = "period",
    disbursed: str = "disbursed_rate",
    planned: str | None = "planned_rate",
    top: int | None = 8,
    ax: Any = None,
    lang: Lang = "vi",
) -> Any:
    """Cumulative disbursement over the year, one line per ``group`` value.

    The planned schedule, when present, is drawn dashed. With ``top`` only the
    first groups (in table order) are drawn, so a chart of 63 provinces stays
    legible.

    >>> s_curves(result.s_curve())  # doctest: +SKIP
    """
    ax = _axes(ax)
    groups = list(dict.fromkeys(curve[group].astype(str)))
    if top is not None:
        groups = groups[:top]
    for name in groups:
        rows = curve[curve[group].astype(str) == name]
        line = ax.plot(rows[period].astype(str), rows[disbursed], marker="o",
                       markersize=3, label=name)[0]
        if planned is not None and planned in rows:
            ax.plot(rows[period].astype(str), rows[planned], linestyle="--",
                    color=line.get_color(), linewidth=0.8)
    words = _words(lang)
    ax.set_ylabel(words["curve_y"])
    ax.set_title(words["curve_title"])
    ax.tick_params(axis="x", labelrotation=45)
    ax.legend(fontsize="small", ncol=2)
    return ax


def ranking(
    table: pd.DataFrame,
    indicator: str,
    *,
    value: str = "value",
    top: int | None = 15,
    higher_is_better: bool = True,
    ax: Any = None,
    title: str | None = None,
    xlabel: str | None = None,
    lang: Lang = "vi",
) -> Any:
    """Units ranked by ``value`` for one indicator, best at the top.

    >>> ranking(rollup.to_pandas(), "poverty_rate", higher_is_better=False)  # doctest: +SKIP
    """
    rows = _select(table, indicator).dropna(subset=[value])
    rows = rows.sort_values(value, ascending=not higher_is_better)
    if top is not None:
        rows = rows.head(top)
    rows = rows.iloc[::-1]
    ax = _axes(ax, height=max(3.0, 0.28 * len(rows) + 1))
    ax.barh(_label(rows), rows[value], color="#0969da")
    words = _words(lang)
    ax.set_xlabel(xlabel or value)
    ax.set_title(f"{title or indicator}: "
                 f"{words['ranking_high' if higher_is_better else 'ranking_low']}")
    return ax
