import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from chitieu import plots
from chitieu.html import HtmlReport, table_html


def test_table_elides_middle_rows_and_counts_them():
    frame = pd.DataFrame({"unit": [f"u{i}" for i in range(100)], "value": np.arange(100.0)})
    out = table_html(frame, max_rows=10)
    assert "u0" in out and "u99" in out and "u50" not in out
    assert "90 more rows" in out
    assert "100 rows × 2 columns" in out


def test_table_escapes_and_formats():
    frame = pd.DataFrame({"name": ["<b>Hà Nội</b>"], "n": [9997], "pct": [41.6541],
                          "status": ["at_risk"]})
    out = table_html(frame)
    assert "&lt;b&gt;Hà Nội&lt;/b&gt;" in out
    assert "9,997" in out and "41.65" in out
    assert 'class="at_risk"' in out


def test_report_is_self_contained_with_embedded_chart(tmp_path):
    report = HtmlReport("Báo cáo", subtitle="6 tháng đầu năm 2020")
    report.heading("Tiến độ")
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    report.figure(fig, alt="chart")
    plt.close(fig)
    path = tmp_path / "r.html"
    report.write(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "data:image/png;base64," in text
    assert "http" not in text.replace('lang="vi"', "")


def _assessment():
    return pd.DataFrame({
        "indicator": ["jobs"] * 3 + ["other"],
        "unit": ["01", "02", "03", "01"],
        "pct_of_plan": [41.65, 80.0, np.nan, 10.0],
        "expected_pct": [50.0, 50.0, 50.0, 50.0],
        "status": ["at_risk", "on_track", "off_track", "off_track"],
    })


def test_progress_vs_plan_draws_one_bar_per_unit_with_a_value():
    ax = plots.progress_vs_plan(_assessment(), "jobs")
    assert len(ax.patches) == 2
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["tiến độ dự kiến", "đúng tiến độ", "chậm tiến độ"]  # statuses drawn, in order
    plt.close(ax.figure)
    ax = plots.progress_vs_plan(_assessment(), "jobs", lang="en", title="Jobs")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "expected by now", "on track", "at risk"]
    assert ax.get_title() == "Jobs: progress against plan"
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [41.65, 80.0]
    plt.close(ax.figure)


def test_unknown_indicator_is_a_key_error_naming_it():
    with pytest.raises(KeyError, match="nope"):
        plots.progress_vs_plan(_assessment(), "nope")


def test_ranking_orders_best_first():
    ax = plots.ranking(_assessment(), "jobs", value="pct_of_plan", higher_is_better=False)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "01"  # lowest pct is best here, drawn at the top
    plt.close(ax.figure)


def test_s_curves_one_line_per_group_plus_dashed_plan():
    curve = pd.DataFrame({
        "unit": ["a", "a", "b", "b"], "period": ["2020Q1", "2020Q2"] * 2,
        "disbursed_rate": [10, 40, 5, 20], "planned_rate": [15, 45, 15, 45],
    })
    ax = plots.s_curves(curve)
    assert len(ax.lines) == 4
    plt.close(ax.figure)


def _small_rollup():
    import chitieu

    vn = chitieu.Hierarchy.vietnam(2024)
    cat = chitieu.Catalog([chitieu.Indicator.flow("jobs")])
    rng = np.random.default_rng(7)
    communes = ["00001", "00004", "00685", "00691", "26734", "26737"]  # Hà Nội, Hà Giang, HCMC
    frame = pd.DataFrame({"indicator": "jobs", "unit": np.repeat(communes, 2),
                          "period": ["202001", "202007"] * len(communes),
                          "value": rng.integers(1, 1000, 2 * len(communes)).astype(float)})
    obs = chitieu.Observations.from_frame(frame, vn, cat)
    result = chitieu.rollup(obs, vn, cat, level=["province", "nation"], period_type="half")
    return frame, vn, result


def test_rollup_repr_html_is_the_compact_styled_table():
    _, _, result = _small_rollup()
    out = result._repr_html_()
    assert out.startswith('<div class="chitieu-repr"><style>')
    assert f"RollupResult: {len(result):,} rows" in out and 'class="chitieu"' in out


def test_rollup_plot_ranks_one_level_and_period_like_pandas():
    frame, vn, result = _small_rollup()
    ax = result.plot("jobs", level="province", period="2020S2")
    frame["province"] = [vn.ancestor(u, "province") for u in frame["unit"]]
    oracle = frame[frame.period == "202007"].groupby("province")["value"].sum()
    drawn = {t.get_text(): p.get_width() for t, p in zip(ax.get_yticklabels(), ax.patches)}
    assert drawn == oracle.to_dict()
    assert [p.get_width() for p in ax.patches] == sorted(oracle)  # best drawn at the top
    plt.close(ax.figure)
    # Defaults: the level with most units, the latest period.
    ax = result.plot("jobs")
    assert sorted(p.get_width() for p in ax.patches) == sorted(oracle)
    plt.close(ax.figure)
    ax = result.plot("jobs", level="province", hierarchy=vn)
    assert {t.get_text() for t in ax.get_yticklabels()} == {
        vn.unit(code).name for code in oracle.index}
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="'bars'"):
        result.plot("jobs", kind="bars")
    with pytest.raises(KeyError, match="2019S1"):
        result.plot("jobs", period="2019S1")


def test_disbursement_plot_one_line_per_group_for_one_unit():
    import chitieu

    vn = chitieu.Hierarchy.vietnam(2024)
    alloc = chitieu.Allocations.from_frame(pd.DataFrame({
        "programme": ["a", "a", "b"], "source": ["central", "local", "central"],
        "unit": ["001", "001", "002"], "year": 2020, "amount": [1_000, 3_000, 2_000]}))
    pay = chitieu.Payments.from_frame(pd.DataFrame({
        "date": pd.to_datetime(["2020-01-15", "2020-02-10", "2020-02-20"]),
        "programme": ["a", "a", "b"], "source": ["central", "local", "central"],
        "unit": ["00001", "00001", "00037"], "amount": [500, 1_500, 400]}))
    result = chitieu.disbursement(alloc, pay, chitieu.Schedule.linear(), vn, level="nation",
                                  as_of="2020-03-31")
    assert result._repr_html_().startswith('<div class="chitieu-repr">')
    ax = result.plot()
    labels = sorted(line.get_label() for line in ax.lines if not line.get_label().startswith("_"))
    assert labels == ["a / central", "a / local", "b / central"]
    final = {line.get_label(): line.get_ydata()[-1] for line in ax.lines
             if not line.get_label().startswith("_")}
    assert final == {"a / central": 50.0, "a / local": 50.0, "b / central": 20.0}
    plt.close(ax.figure)


def test_progress_vs_plan_picks_one_target_kind():
    frame = pd.DataFrame({
        "indicator": "enrol", "unit": ["01", "02", "01", "02"],
        "kind": ["change", "change", "total", "total"],
        "pct_of_plan": [120.0, 80.0, 45.0, 55.0], "status": "on_track",
    })
    ax = plots.progress_vs_plan(frame, "enrol")
    assert sorted(p.get_width() for p in ax.patches) == [45.0, 55.0]
    plt.close(ax.figure)
    ax = plots.progress_vs_plan(frame, "enrol", kind="change")
    assert sorted(p.get_width() for p in ax.patches) == [80.0, 120.0]
    assert "(change)" in ax.get_title()
    plt.close(ax.figure)
    with pytest.raises(KeyError, match="'level'"):
        plots.progress_vs_plan(frame, "enrol", kind="level")
