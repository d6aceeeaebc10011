import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from chitieu import plots  # noqa: E402
from chitieu.html import HtmlReport, table_html  # noqa: E402


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
