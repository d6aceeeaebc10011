"""The narrative: word for word on a hand-built province, and every figure in it
equal to the data as displayed, on random assessments."""

import math
import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from text_province import build

import chitieu
from chitieu import text
from chitieu.assessment import Assessment
from chitieu.text.figures import NUMBER_PATTERN
from chitieu.text.narrative import indicator_sentences
from chitieu.text.words import IndicatorText

GOLDEN_PROVINCE = (
    "Tỉnh Hà Tĩnh, 6 tháng đầu năm 2020: "
    "Giải quyết việc làm 9.997 người, đạt 41,65% kế hoạch (chậm tiến độ), tăng 5,5% so với "
    "cùng kỳ năm 2019. "
    "Nhà ở cho người có công 1.876/1.956 căn, đạt 95,91% kế hoạch, tăng 17,25% so với cùng kỳ "
    "năm 2019. "
    "Hộ nghèo 9.500 hộ, kế hoạch không quá 10.000 hộ (đạt kế hoạch), giảm 20,83% so với cùng kỳ "
    "năm 2019. "
    "Tỷ lệ hộ nghèo 4,75%, kế hoạch không quá 5% (đạt kế hoạch), giảm 1,25 điểm % so với cùng kỳ "
    "năm 2019, tương đương giảm 2.500 hộ. "
    "Kinh phí chi trả trợ cấp xã hội 197,1 tỷ đồng, đạt 49,28% kế hoạch, tăng 9,5% so với cùng "
    "kỳ năm 2019.")

GOLDEN_DISTRICTS = (
    "Huyện Hương Sơn, 6 tháng đầu năm 2020: Giải quyết việc làm 6.000 người, đạt 46,15% kế "
    "hoạch (chậm tiến độ), tăng 20% so với cùng kỳ năm 2019.\n\n"
    "Huyện Đức Thọ, 6 tháng đầu năm 2020: Giải quyết việc làm 3.997 người, đạt 36,34% kế hoạch "
    "(không đạt tiến độ), giảm 10,7% so với cùng kỳ năm 2019.")


@pytest.fixture(scope="module")
def province():
    return build()


def test_golden_text_of_a_province_and_its_districts(province):
    hierarchy, catalog, obs, plan = province
    a = chitieu.assess(obs, plan, hierarchy, catalog, level="province", period="2020S1")
    assert a.narrative(catalog=catalog) == GOLDEN_PROVINCE
    d = chitieu.assess(obs, plan, hierarchy, catalog, level="district", period="2020S1")
    assert d.narrative(catalog=catalog, lang="vi") == GOLDEN_DISTRICTS
    assert d.narrative("437", catalog=catalog) == GOLDEN_DISTRICTS.split("\n\n")[1]
    with pytest.raises(KeyError, match="999"):
        d.narrative("999", catalog=catalog)


def test_templates_estimates_and_english(province):
    hierarchy, catalog, obs, plan = province
    a = chitieu.assess(obs, plan, hierarchy, catalog, level="province", period="2020S1")
    templates = pd.DataFrame({"code": ["merit_houses_built"],
                              "phrase": ["xây mới, sửa chữa nhà ở cho người có công được"],
                              "unit_word": ["căn nhà"]})
    story = a.narrative(catalog=catalog, templates=templates, estimated=True)
    assert "Ước xây mới, sửa chữa nhà ở cho người có công được 1.876/1.956 căn nhà, đạt " \
           "95,91% kế hoạch" in story
    english = a.narrative(catalog=catalog, lang="en")
    assert english.startswith("Tỉnh Hà Tĩnh, first half of 2020: Giải quyết việc làm 9,997 "
                              "người, 41.65% of plan (at risk), up 5.5% on the same period of 2019.")
    with pytest.raises(KeyError, match="nope"):
        a.narrative(catalog=catalog, templates={"nope": {"phrase": "x"}})


# -- the round-trip property ---------------------------------------------------

STYLES = {
    "count": IndicatorText("c", "Việc làm", "việc làm", "người", "", 0, "count", False),
    "x_of_y": IndicatorText("x", "Nhà", "nhà", "căn", "", 0, "x_of_y", False),
    "rate": IndicatorText("r", "Tỷ lệ", "tỷ lệ", "%", "đạt", 2, "rate", False),
    "money": IndicatorText("m", "Kinh phí", "kinh phí", "đồng", "", 2, "money", False),
}
finite = st.floats(min_value=-1e6, max_value=1e9, allow_nan=False, allow_infinity=False)
maybe = st.one_of(st.just(math.nan), finite)


@st.composite
def rows(draw):
    style = draw(st.sampled_from(sorted(STYLES)))
    value = draw(st.integers(0, 10**13).map(float) if style == "money" else
                 st.floats(0, 1e7, allow_nan=False))
    kind = draw(st.sampled_from(["total", "level"]))
    return style, {
        "indicator": STYLES[style].code, "unit": "42", "unit_name": "Tỉnh Hà Tĩnh",
        "kind": kind, "bound": draw(st.sampled_from(["at_least", "at_most"])),
        "value": value, "actual": value,
        "target": draw(st.integers(1, 10**13).map(float) if style == "money" else
                       st.floats(0.01, 1e7)),
        "lo": math.nan, "hi": math.nan,
        "pct_of_plan": draw(maybe), "status": draw(st.sampled_from(
            ["met", "on_track", "at_risk", "off_track", None])),
        "yoy_pct": draw(maybe), "yoy_pp": draw(maybe), "same_period_last_year": math.nan,
        "coverage": draw(st.floats(0, 100)), "baseline_period": None, "change_unit": None}


def _displayed(value, decimals):
    return abs(Decimal(repr(float(value)))).quantize(Decimal(1).scaleb(-decimals),
                                                     rounding=ROUND_HALF_UP)


def _candidates(row):
    """Every figure the row may display, as the test itself rounds it."""
    out = set()
    for column in ("value", "target", "pct_of_plan", "yoy_pct", "yoy_pp"):
        v = row[column]
        if not (isinstance(v, float) and math.isnan(v)):
            out |= {_displayed(v, 0), _displayed(v, 2)}
            for scale in (10**6, 10**9):  # money in triệu / tỷ đồng
                out.add(_displayed(Decimal(int(v)) / scale if float(v).is_integer() else 0, 2))
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(rows(), min_size=1, max_size=4))
def test_every_figure_in_the_narrative_is_the_displayed_data(drawn):
    frame = pd.DataFrame([row for _, row in drawn]).drop_duplicates("indicator")
    texts = {t.code: t for t in STYLES.values()}
    for sentence in indicator_sentences(frame, period="2020S1", texts=texts):
        row = frame[frame["indicator"] == sentence.indicator].iloc[0]
        body = re.sub(r"năm \d{4}", "", sentence.text)  # the years of "cùng kỳ năm 2019"
        shown = [abs(text.parse_number(n)) for n in NUMBER_PATTERN.findall(body)]
        assert shown == [abs(f) for f in sentence.figures], sentence.text
        allowed = _candidates(row)
        assert all(f in allowed for f in shown), (sentence.text, shown, allowed)
        if row["coverage"] < 100:
            assert sentence.text.startswith("Ước ")


def test_assessment_object_narrative_and_repr():
    frame = pd.DataFrame([{"indicator": "c", "unit": "42", "unit_name": "Tỉnh Hà Tĩnh",
                           "kind": "total", "value": 9997.0, "actual": 9997.0,
                           "target": 24000.0, "pct_of_plan": 41.6458, "status": "at_risk",
                           "yoy_pct": math.nan, "yoy_pp": math.nan, "coverage": 100.0}])
    a = Assessment(frame, period="2020S1", level="province")
    assert a.narrative() == "Tỉnh Hà Tĩnh, 6 tháng đầu năm 2020: C 9.997, đạt 41,65% kế " \
                            "hoạch (chậm tiến độ)."


def test_a_change_target_with_a_range_is_written_as_the_reports_write_targets():
    import chitieu

    catalog = chitieu.Catalog([
        chitieu.Indicator.stock("poor", "Hộ nghèo", "hộ", direction="lower"),
        chitieu.Indicator.stock("households", "Số hộ", "hộ"),
        chitieu.Indicator.ratio("poverty_rate", "poor", "households", 100,
                                name="Tỷ lệ hộ nghèo", unit="%", direction="lower")])
    row = {"indicator": "poverty_rate", "unit": "42", "unit_name": "Tỉnh Hà Tĩnh",
           "kind": "change", "bound": "range", "value": 4.75, "actual": -1.27,
           "target": math.nan, "lo": -1.5, "hi": -1.0, "pct_of_plan": 84.67,
           "status": "on_track", "yoy_pct": math.nan, "yoy_pp": -1.25, "coverage": 100.0,
           "same_period_last_year": 6.0, "baseline_period": "2019", "change_unit": "points"}
    a = Assessment(pd.DataFrame([row]), period="2020S1", level="province")
    assert a.narrative(catalog=catalog) == (
        "Tỉnh Hà Tĩnh, 6 tháng đầu năm 2020: Tỷ lệ hộ nghèo 4,75%, giảm 1,25 điểm % so với "
        "cùng kỳ năm 2019; giảm 1,27 điểm % so với năm 2019, kế hoạch giảm từ 1 đến 1,5 "
        "điểm % (đúng tiến độ).")
