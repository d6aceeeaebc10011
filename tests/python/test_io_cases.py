"""Real-shaped bad inputs (tests/python/data/inputs/): each case ends in the right
numbers or in an error naming file, line, column and value -- never silently wrong.

Read the ids as the issue's table: ``<file> -> <what must happen>``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _io_files import cp1258

import chitieu
from chitieu import io as chio

INPUTS = Path(__file__).parent / "data" / "inputs"


@pytest.fixture(scope="module")
def vn():
    return chitieu.Hierarchy.vietnam(2024)


@dataclass(frozen=True)
class Reads:
    """The file reads, and ``column`` holds exactly ``values``."""

    column: str
    values: list[Any]


@dataclass(frozen=True)
class Refused:
    """The file is refused; the first problem names this line, column and value."""

    line: int | None
    column: str | None
    value: str | None
    says: str


CASES = {
    "payments_day_first_dates.csv": ("day-first 10/01..10/06/2024 read as 10 Jan..10 Jun",
                                     Reads("date", [pd.Timestamp(2024, m, 10) for m in range(1, 7)])),
    "plan_dot_thousands_only.csv": ("target 2.400 alone is ambiguous: refused, option named",
                                    Refused(2, "target", "2.400", "number_format")),
    "observations_dot_thousands_only.csv": ("value 1.250 alone is ambiguous: refused",
                                            Refused(2, "value", "1.250", "ambiguous")),
    "observations_dot_thousands_with_evidence.csv": ("1.250 beside 2.400.000 is Vietnamese: 1250",
                                                     Reads("value", [1250, 2400000])),
    "payments_reversal_blank_co_khong.csv": ("reversal blank/có/không/x read as F/T/F/T",
                                             Reads("reversal", [False, True, False, True])),
    "payments_reversal_not_yes_no.csv": ("reversal 'maybe' refused naming its line",
                                         Refused(3, "reversal", "maybe", "not yes/no")),
    "observations_nfd_period.csv": ("NFD 'quý III năm 2017' becomes NFC",
                                    Reads("period", ["quý III năm 2017"])),
    "observations_not_a_number.csv": ("'abc' refused at its line (12,5 is Vietnamese 12.5)",
                                      Refused(2, "value", "abc", "is not a number")),
    "observations_header_only.csv": ("a header-only file is refused, not read as nothing",
                                     Refused(None, None, None, "no data rows")),
    "payments_impossible_dates.csv": ("2024-02-30 and 30/02/2024 refused at lines 3 and 4",
                                      Refused(3, "date", "2024-02-30", "no day 30 in month 2")),
    "payments_month_first_date.csv": ("06/13/2024 refused: month-first is never guessed",
                                      Refused(2, "date", "06/13/2024", "never guessed")),
    "allocations_year_nam.csv": ("year 'năm 2024' is 2024", Reads("year", [2024])),
    "payments_fractional_dong.csv": ("8100000.5 đồng refused, no numpy repr",
                                     Refused(2, "amount", "8100000.5", "whole number of đồng")),
    "observations_units_lost_zeros_ambiguous.csv": ("units 1 and 4 alone refused with the hint",
                                                    Refused(2, "unit", "1", "format the column as Text")),
    "observations_unknown_unit.csv": ("unit 99999 refused as not in the hierarchy",
                                      Refused(3, "unit", "99999", "not a unit of the hierarchy")),
    "observations_mixed_number_formats.csv": ("1.234,5 beside 1,234.5 refused",
                                              Refused(2, "value", "1.234,5", "mixes")),
    "observations_semicolon_vi.csv": ("Excel-vi CSV: ';' separated, 1.234,5 and 2.000",
                                      Reads("value", [1234.5, 2000.0])),
    "observations_blank_lines.csv": ("blank lines counted: 'three' is on line 5",
                                     Refused(5, "value", "three", "is not a number")),
    "observations_invisible_spaces.csv": ("no-break and zero-width spaces removed from codes",
                                          Reads("unit", ["00001", "00004"])),
    "allocations.csv": ("plain allocations read", Reads("amount", [12_000_000])),
    "observations_en.csv": ("English numbers read", Reads("value", [1250.5, 2400.0, 3.0])),
}


def _kind(name: str) -> str:
    return name.split("_")[0].replace(".csv", "")


def _expect(path: Path, expected: Reads | Refused, read: Any) -> None:
    if isinstance(expected, Reads):
        frame = read()
        assert list(frame[expected.column]) == expected.values
        return
    with pytest.raises(chio.InputError) as caught:
        read()
    first = caught.value.problems[0]
    assert first.file == str(path)
    assert (first.line, first.column, first.value) == (expected.line, expected.column,
                                                       expected.value)
    assert expected.says in first.problem and str(path) in str(caught.value)
    assert "np." not in str(caught.value)


@pytest.mark.parametrize("name", list(CASES), ids=[f"{n} -> {CASES[n][0]}" for n in CASES])
def test_input_case(name, vn):
    path = INPUTS / name
    _expect(path, CASES[name][1], lambda: chio.read_table(path, _kind(name), hierarchy=vn))


def test_impossible_dates_lists_every_line(vn):
    with pytest.raises(chio.InputError) as caught:
        chio.read_table(INPUTS / "payments_impossible_dates.csv", hierarchy=vn)
    assert [(p.line, p.value) for p in caught.value.problems] == [(3, "2024-02-30"),
                                                                 (4, "30/02/2024")]


def test_units_that_lost_zeros_are_padded_with_a_warning(vn):
    with pytest.warns(chio.UnitCodesPadded, match="1 -> 00001"):
        frame = chio.read_table(INPUTS / "observations_units_lost_zeros.csv", hierarchy=vn)
    assert list(frame["unit"]) == ["00001", "00004", "00006"]


def test_not_a_number_column_is_vietnamese_by_its_evidence():
    frame = pd.DataFrame({"value": ["12,5", "3"]})
    assert list(chio.parse_numbers(frame["value"], chio.Where("f.csv", "value"))) == [12.5, 3.0]


def test_vi_money_is_exact_int64_beyond_float_precision():
    amounts = pd.Series(["9.007.199.254.740.993", "8.100.000"])  # 2**53 + 1
    got = chio.parse_numbers(amounts, chio.Where("a.csv", "amount"), money=True)
    assert got.dtype == "int64" and got.tolist() == [2**53 + 1, 8_100_000]


@pytest.mark.parametrize("encoding, bom", [("utf-16", True), ("cp1258", False),
                                           ("cp1252", False), ("utf-8-sig", True)])
def test_encodings_read_with_the_option_or_by_bom(tmp_path, encoding, bom, vn):
    name = "Ba Đình" if encoding != "cp1252" else "Café"
    text = f"code,name,preset\njobs,{name},flow\n"
    path = tmp_path / f"catalog_{encoding}.csv"
    path.write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    if not bom:
        with pytest.raises(chio.InputError) as caught:
            chio.read_table(path, "catalog")
        assert caught.value.line == 2 and "encoding='cp1258'" in str(caught.value)
    frame = chio.read_table(path, "catalog", encoding=None if bom else encoding)
    assert list(frame["name"]) == [unicodedata.normalize("NFC", name)]


def test_xlsx_typed_cells_and_codes_stored_as_numbers(tmp_path, vn):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Chi trả"
    sheet.append(["date", "programme", "source", "unit", "amount", "reversal"])
    sheet.append([dt.datetime(2024, 1, 10), "merit", "central", 1, 8_100_000, None])
    sheet.append(["10/02/2024", "merit", "central", "00006", "8.250.000", "có"])
    sheet.append([dt.datetime(2024, 2, 29), "merit", "central", 7, 12.5, None])
    path = tmp_path / "payments.xlsx"
    book.save(path)
    with pytest.raises(chio.InputError) as caught, pytest.warns(chio.UnitCodesPadded):
        chio.read_table(path, sheet="Chi trả", hierarchy=vn)
    first = caught.value.problems[0]
    assert (first.line, first.column, first.value) == (4, "amount", "12.5")
    assert first.file == f"{path} (sheet Chi trả)"
    sheet.delete_rows(4)
    book.save(path)
    with pytest.warns(chio.UnitCodesPadded, match="1 -> 00001"):
        frame = chio.read_table(path, hierarchy=vn)
    assert frame["amount"].tolist() == [8_100_000, 8_250_000]
    assert frame["date"].tolist() == [pd.Timestamp(2024, 1, 10), pd.Timestamp(2024, 2, 10)]
    assert frame["reversal"].tolist() == [False, True]
    with pytest.raises(chio.InputError, match="no sheet 'Nope'; its sheets: Chi trả"):
        chio.read_table(path, sheet="Nope")


def test_as_of_is_day_first_and_refuses_impossible():
    assert chio.parse_date("05/06/2024", "--as-of") == dt.date(2024, 6, 5)
    with pytest.raises(chio.InputError, match=r"--as-of: '31/06/2024'.*no day 31 in month 6"):
        chio.parse_date("31/06/2024", "--as-of")
