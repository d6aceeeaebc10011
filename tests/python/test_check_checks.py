"""The consistency checks of chitieu.check, on sentences written for them,
with an independent oracle for the ratio check on random figures."""

from __future__ import annotations

import doctest
import importlib
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chitieu.check import check


def _verdicts(text: str, **kwargs) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in check(text, **kwargs).findings_list:
        out.setdefault(f.check, []).append(f.verdict)
    return out


@pytest.mark.parametrize("sentence, verdict", [
    ("Hoàn thành 1.876/1.956 căn nhà, đạt 95,91% kế hoạch.", "ok"),
    ("Hoàn thành 120/195 nhiệm vụ, đạt 61,53% kế hoạch.", "rounding"),   # truncated
    ("Có 45/52 xã đạt chuẩn, đạt 86,54%.", "ok"),
    ("Có 45/52 xã đạt chuẩn, đạt 86,6%.", "rounding"),                    # rounded up
    ("Có 45/52 xã đạt chuẩn, đạt 85,54%.", "inconsistent"),
    ("Hoàn thành 37/40 nhiệm vụ, đạt 92,5 % kế hoạch.", "ok"),
    ("Hoàn thành 0/0 nhiệm vụ, đạt 0% kế hoạch.", "cannot check"),
])
def test_ratio_against_percent(sentence, verdict):
    assert _verdicts(sentence)["ratio_percent"] == [verdict]


def test_truncation_is_explained():
    f = check("Hoàn thành 120/195 nhiệm vụ, đạt 61,53% kế hoạch.").findings_list[0]
    assert "61,54%" in f.arithmetic and "truncated" in f.note


def _vi(value: Decimal, decimals: int) -> str:
    whole, _, frac = f"{value:.{decimals}f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return groups + ("," + frac if frac else "")


@settings(max_examples=60, deadline=None)
@given(x=st.integers(0, 10**6), y=st.integers(1, 10**6), decimals=st.integers(0, 3),
       how=st.sampled_from(["half_up", "truncate", "off"]))
def test_ratio_check_against_an_oracle(x, y, decimals, how):
    # The oracle: Decimal division to 40 digits, rounded by the standard library.
    exact = Decimal(x * 100) / Decimal(y)
    quantum = Decimal(1).scaleb(-decimals)
    half_up = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    stated = {"half_up": half_up, "truncate": exact.quantize(quantum, rounding=ROUND_DOWN),
              "off": half_up + 7 * quantum}[how]
    expected = ("ok" if stated == half_up else
                "rounding" if abs(stated - half_up) <= quantum else "inconsistent")
    done = f"{_vi(Decimal(x), 0)}/{_vi(Decimal(y), 0)}"
    text = f"Hoàn thành {done} hồ sơ, đạt {_vi(stated, decimals)}% kế hoạch."
    assert _verdicts(text)["ratio_percent"] == [expected], text


@pytest.mark.parametrize("plan, verdict", [("24.000", "ok"), ("24.002", "ok"),
                                           ("20.000", "inconsistent"), ("24.010", "rounding")])
def test_implied_plan_against_a_stated_plan(plan, verdict):
    text = (f"Kế hoạch năm 2020 giao giải quyết việc làm cho {plan} người. "
            "Sáu tháng đầu năm, giải quyết việc làm 9.997 người, đạt 41,65% kế hoạch.")
    assert _verdicts(text)["share_vs_plan"] == [verdict]


def test_implied_plan_without_a_stated_one_shows_the_interval():
    f = check("Giải quyết việc làm 9.997 người, đạt 41,65% kế hoạch.").findings_list[0]
    assert f.verdict == "cannot check"
    assert "24.000 to 24.005" in f.arithmetic and "≈ 24.000" in f.arithmetic


def test_share_of_total_against_a_stated_total():
    text = ("Tổng số đối tượng được phê duyệt là 173.600 đối tượng. "
            "Đã chi trả cho 172.081 đối tượng, chiếm 99,13% tổng số.")
    assert _verdicts(text)["share_vs_total"] == ["ok"]


@pytest.mark.parametrize("households, verdict", [("2.500", "ok"), ("3.500", "inconsistent")])
def test_equivalent_households_against_the_rate_change(households, verdict):
    text = (f"Toàn tỉnh có 500.000 hộ. Tỷ lệ hộ nghèo giảm 0,5% (tương đương giảm "
            f"{households} hộ).")
    assert _verdicts(text)["equivalent_vs_rate"] == [verdict]


def test_equivalent_needs_the_total():
    text = "Tỷ lệ hộ nghèo giảm 0,50% (tương đương giảm 2.500 hộ)."
    assert _verdicts(text)["equivalent_vs_rate"] == ["cannot check"]
    assert _verdicts(text, totals={"hộ": 500000})["equivalent_vs_rate"] == ["ok"]
    assert _verdicts(text, totals={"hộ": 400000})["equivalent_vs_rate"] == ["inconsistent"]


@pytest.mark.parametrize("target, verdict", [("52,5", "ok"), ("53,5", "inconsistent")])
def test_change_against_a_target_level(target, verdict):
    text = ("Tỷ lệ lao động qua đào tạo đạt 50,75%, tăng 0,75%, đạt 30% so với kế hoạch. "
            f"Phấn đấu năm 2020 tỷ lệ lao động qua đào tạo đạt {target}% trở lên.")
    assert _verdicts(text)["change_vs_target_level"] == [verdict]


@pytest.mark.parametrize("sentence, verdict", [
    ("Tổng kinh phí là 54,6 tỷ đồng, trong đó trung ương 38,2 tỷ đồng, địa phương 16,4 tỷ đồng.",
     "ok"),
    ("Tổng kinh phí là 54,6 tỷ đồng, gồm trung ương 38,2 tỷ đồng, địa phương 16,9 tỷ đồng.",
     "inconsistent"),
    ("Tổng kinh phí là 54,6 tỷ đồng, trong đó trung ương 38,2 tỷ đồng, địa phương 10 tỷ đồng.",
     "cannot check"),
    ("Tổng kinh phí 55 tỷ đồng, gồm trung ương 38,2 tỷ đồng, địa phương 16,5 tỷ đồng.",
     "rounding"),
    ("Tổng kinh phí 1,2 tỷ đồng, gồm trung ương 700 triệu đồng, địa phương 500 triệu đồng.", "ok"),
    ("Tổng số lao động là 1.560 người, gồm: trong tỉnh 1.020 người, ngoài tỉnh 430 người, "
     "nước ngoài 110 người.", "ok"),
])
def test_parts_against_total(sentence, verdict):
    assert _verdicts(sentence)["parts_vs_total"] == [verdict]


def test_verdict_ordering_and_flags():
    result = check("Có 45/52 xã đạt chuẩn, đạt 85,54%. Hoàn thành 120/195 nhiệm vụ, đạt 61,53%. "
                   "Giải quyết việc làm 9.997 người, đạt 41,65% kế hoạch.")
    table = result.table()
    assert table["verdict"].tolist()[:4] == ["inconsistent", "inconsistent", "rounding", "rounding"]
    assert result.has_inconsistent and len(result.flagged) == 2
    assert "inconsistent: 1" in repr(result)


@pytest.mark.parametrize("module", ["document", "numbers", "rounding", "units", "periods",
                                    "grammar", "links", "extract", "checks", "verdicts", "sums", "result",
                                    "against", "__init__"])
def test_doctests(module):
    name = "chitieu.check" if module == "__init__" else f"chitieu.check.{module}"
    assert doctest.testmod(importlib.import_module(name)).failed == 0


def test_no_flag_from_a_guess():
    # A plan of another year is not this period's plan.
    text = ("Giải quyết việc làm 9.997 người, đạt 41,65% kế hoạch. Kế hoạch năm 2021 giao "
            "giải quyết việc làm cho 30.000 người.")
    assert _verdicts(text, period="2020S1")["share_vs_plan"] == ["cannot check"]
    # The only total nearby is of all households, not of poor ones: not flagged.
    text = ("Toàn tỉnh có tổng số 500.000 hộ; 1.200 hộ thoát nghèo, chiếm 2,5% tổng số hộ "
            "nghèo đầu năm.")
    assert _verdicts(text)["share_vs_total"] == ["cannot check"]
    # The households in all, not the poor households, are the denominator.
    text = ("Tổng số hộ nghèo là 21.870 hộ. Tỷ lệ hộ nghèo giảm 0,5% (tương đương giảm "
            "2.500 hộ).")
    assert _verdicts(text)["equivalent_vs_rate"] == ["cannot check"]


def test_parts_of_a_part_are_not_parts():
    text = ("Tổng kinh phí 54,6 tỷ đồng, trong đó ngân sách trung ương 38,2 tỷ đồng (gồm vốn "
            "đầu tư 20 tỷ đồng, vốn sự nghiệp 18,2 tỷ đồng), ngân sách địa phương 16,4 tỷ đồng.")
    assert _verdicts(text)["parts_vs_total"] == ["ok"]


@pytest.mark.parametrize("pct, verdict", [("41,65", "ok"), ("41,56", "inconsistent")])
def test_percent_after_a_plan_in_the_clause(pct, verdict):
    text = f"Giải quyết việc làm 9.997 người, kế hoạch 24.000 người, đạt {pct}%."
    assert _verdicts(text)["share_vs_plan"] == [verdict]


@pytest.mark.parametrize("rate, note", [("tỷ lệ hộ nghèo", "not stated"),
                                        ("ước cuối năm tỷ lệ 3,32%,", "may not be")])
def test_a_total_of_some_is_not_the_total_of_all(rate, note):
    text = (f"Tổng số hộ nghèo đầu năm là 12.520 hộ; {rate} giảm 0,89% (tương đương "
            "giảm 2.650 hộ).")
    finding = check(text).findings_list[-1]
    assert (finding.check, finding.verdict) == ("equivalent_vs_rate", "cannot check")
    assert note in finding.note


def test_a_percent_after_a_plan_in_brackets_stays_an_actual():
    ex = check("Giải quyết việc làm cho 21.356 lao động, đạt 82,14% kế hoạch năm (26.000 lao "
               "động), tăng 12,3% so với cùng kỳ.").extraction
    roles = {loc.fig.text: loc.fig.role for loc in ex.figures}
    assert roles == {"21.356 lao động": "actual", "82,14%": "actual",
                     "26.000 lao động": "target", "12,3%": "actual"}
    change = ex.figures[-1]
    assert ex.by_id(change.link).fig.text == "82,14%"


def test_a_plan_sentence_holds_targets():
    ex = check("Kế hoạch năm 2023: giải quyết việc làm cho 27.000 lao động; tỷ lệ hộ nghèo "
               "giảm 1-1,5%.").extraction
    assert [loc.fig.role for loc in ex.figures] == ["target", "target"]
    assert [loc.period for loc in ex.figures] == ["2023", "2023"]


@pytest.mark.parametrize("sentence, verdict", [
    ("Số người tham gia là 95.320 người, tăng 3.120 người (tăng 3,38%) so với cùng kỳ.", "ok"),
    ("Số người tham gia là 95.320 người, tăng 3.120 người (tăng 3,28%) so với cùng kỳ.",
     "inconsistent"),
    ("Số hộ nghèo còn 9.870 hộ, giảm 2.650 hộ (giảm 21,17%).", "ok"),
    ("Số hộ nghèo còn 9.870 hộ, giảm 2.650 hộ (tăng 21,17%).", "inconsistent"),
])
def test_change_in_a_count_against_its_percent(sentence, verdict):
    assert _verdicts(sentence)["change_vs_count"] == [verdict]


@pytest.mark.parametrize("again, verdict", [("9.997", "ok"), ("9.979", "inconsistent")])
def test_a_figure_stated_twice(again, verdict):
    text = ("Sáu tháng đầu năm 2020, giải quyết việc làm 9.997 người, đạt 41,65% kế hoạch. "
            f"Về lao động: giải quyết việc làm {again} người.")
    assert _verdicts(text)["repeated_figure"] == [verdict]
    other_period = text.replace("Về lao động:", "Năm 2019,")
    assert "repeated_figure" not in _verdicts(other_period)


def test_figures_of_two_units_are_not_one_figure_twice():
    text = ("Huyện Hương Sơn, 6 tháng đầu năm 2020: giải quyết việc làm 6.000 người.\n\n"
            "Huyện Đức Thọ, 6 tháng đầu năm 2020: giải quyết việc làm 3.997 người.")
    assert "repeated_figure" not in _verdicts(text)
