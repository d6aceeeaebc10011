"""chitieu.check on the two real reports in ../shared/data/reports/ (read from
there, never copied into the project)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.check import check, extract_figures

ROOT = Path(__file__).resolve().parents[2]


def _reports() -> Path | None:
    # shared/ lies beside the clone (CI, the main checkout) or beside a folder of worktrees.
    for base in ROOT.parents:
        candidate = base / "shared" / "data" / "reports"
        if candidate.is_dir():
            return candidate
    return None


REPORTS = _reports()
pytestmark = pytest.mark.skipif(REPORTS is None,
                                reason="../shared/data/reports/ not found beside the repository")


def _by_text(ex, text):
    found = [loc for loc in ex.figures if loc.fig.text == text]
    assert found, f"no figure {text!r}; found {[loc.fig.text for loc in ex.figures]}"
    return found[0]


@pytest.fixture(scope="module")
def ha_tinh():
    return check(REPORTS / "ha_tinh_2020_h1.txt")


@pytest.fixture(scope="module")
def quarter():
    return check(REPORTS / "quarter_iii_2017.txt")


def test_ha_tinh_tasks_ratio_flagged_as_truncation(ha_tinh):
    ex = ha_tinh.extraction
    ratio, pct = _by_text(ex, "120/195 nhiệm vụ"), _by_text(ex, "61,53%")
    assert (ratio.fig.kind, int(ratio.fig.value), int(ratio.fig.denominator)) == ("ratio", 120, 195)
    assert pct.link == ratio.id and pct.fig.kind == "share" and pct.fig.of == "plan"
    assert ratio.period == pct.period == "2020S1"
    finding = next(f for f in ha_tinh.findings_list if pct.id in f.figures)
    assert finding.verdict == "rounding"
    assert "61,54%" in finding.arithmetic and "truncated" in finding.note
    assert finding in ha_tinh.flagged and not ha_tinh.has_inconsistent


@pytest.mark.parametrize("count_text, pct_text, kind, of, low, high, round_", [
    ("9.997 người", "41,65%", "count", "plan", 24000, 24005, 24000),
    ("4.502 người", "25,44%", "count", "plan", 17694, 17700, 17700),
    ("172.081 đối tượng", "99,13%", "count", "total", 173583, 173600, 173600),
    ("197,1 tỷ đồng", "99,16%", "amount", "total", 198.759, 198.78, None),
])
def test_ha_tinh_shares_link_to_their_figures(ha_tinh, count_text, pct_text, kind, of, low,
                                              high, round_):
    ex = ha_tinh.extraction
    base, pct = _by_text(ex, count_text), _by_text(ex, pct_text)
    assert base.fig.kind == kind and pct.fig.of == of and pct.link == base.id
    assert base.period == pct.period == "2020S1" and base.period_source == "document"
    imp = pct.implied
    assert imp is not None and low - 1 < float(imp.lo) and float(imp.hi) < high + 1
    assert (None if imp.round is None else float(imp.round)) == round_
    frame = ha_tinh.figures().set_index("text")
    assert frame.loc[pct_text, "verdict"] == "cannot check"  # no plan is stated in the text


def test_ha_tinh_implied_plan_of_jobs(ha_tinh):
    pct = _by_text(ha_tinh.extraction, "41,65%")
    assert round(float(pct.implied.value)) == 24002 and pct.phrase == "giải quyết việc làm"


def test_ha_tinh_bounds_units_and_no_dates(ha_tinh):
    ex = ha_tinh.extraction
    assert _by_text(ex, "45.000 người").fig.bound == "lower"
    assert _by_text(ex, "65.362 lượt người").fig.unit == "lượt"
    assert _by_text(ex, "13.234 lượt đối tượng").fig.unit == "lượt"
    hundreds = _by_text(ex, "200 ngàn hồ sơ").fig
    assert hundreds.value == 200000 and hundreds.bound == "lower"
    texts = {loc.fig.text for loc in ex.figures}
    assert not any(t.startswith(("27/7", "09/4", "15/2020", "309", "2019")) for t in texts)


def test_quarter_iii(quarter):
    ex = quarter.extraction
    houses, pct = _by_text(ex, "1.876/1.956 căn nhà"), _by_text(ex, "95,91%")
    assert houses.fig.unit == "căn" and pct.link == houses.id
    finding = next(f for f in quarter.findings_list if pct.id in f.figures)
    assert finding.verdict == "ok" and "95,91%" in finding.arithmetic
    share, change = _by_text(ex, "79,3%"), _by_text(ex, "5,5%")
    assert share.fig.kind == "share" and share.fig.of == "plan"
    assert change.fig.kind == "change" and float(change.fig.value) == 5.5
    assert change.link == share.id and change.relation == "change_of"
    assert change.baseline_period == "2016Q3" and change.period == "2017Q3"
    assert _by_text(ex, "48.640 người").fig.kind == "count"
    money = _by_text(ex, "158 tỷ đồng")
    assert money.fig.kind == "amount" and money.fig.bound == "lower"
    target = _by_text(ex, "1 đến 1,5%")
    assert target.fig.bound == "range" and target.fig.role == "target"
    assert (float(target.fig.value), float(target.fig.value_hi)) == (-1.0, -1.5)
    assert target.period == "2017"
    assert not quarter.has_inconsistent


def test_reports_frame_columns(ha_tinh):
    frame = extract_figures(REPORTS / "ha_tinh_2020_h1.txt").to_pandas()
    assert len(frame) >= 15
    text = ha_tinh.document.text
    for _, row in frame.iterrows():
        assert text[row["start"]:row["end"]] == row["text"]
        assert row["text"] in row["sentence_text"]
