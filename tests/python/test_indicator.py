import io
import pickle

import pandas as pd
import pytest

import chitieu
from chitieu import Catalog, Indicator

PRESETS = {
    "flow": ("sum", "sum"),
    "stock": ("last", "sum"),
    "stock_average": ("mean", "sum"),
    "level": ("mean", "mean"),
    "max": ("max", "max"),
    "min": ("min", "min"),
}


@pytest.mark.parametrize("preset, rules", PRESETS.items())
def test_presets_set_both_rules(preset, rules):
    ind = getattr(Indicator, preset)("x", "Tên", "hộ")
    assert (ind.time_rule, ind.space_rule) == rules
    assert ind.preset == preset
    assert (ind.code, ind.name, ind.unit) == ("x", "Tên", "hộ")
    assert not ind.derived


def test_custom_rules_and_enums():
    ind = Indicator("x", time_rule="first", space_rule="max", value_type="money",
                    direction="lower", cumulative=True)
    assert ind.preset is None
    assert (ind.value_type, ind.direction, ind.cumulative) == ("money", "lower_is_better", True)
    with pytest.raises(ValueError, match="'median'"):
        Indicator("x", time_rule="median")
    with pytest.raises(ValueError, match="'float'"):
        Indicator.flow("x", value_type="float")


def test_derived_formulas():
    r = Indicator.ratio("rate", "poor", "households", 1000, unit="‰")
    assert r.derived and r.formula == "ratio(poor, households, 1000)" and r.factor == 1000
    assert Indicator.difference("net", "a", "b").formula == "difference(a, b)"
    assert Indicator.sum("all", "a", "b", "c").parts == ["a", "b", "c"]
    assert Indicator.from_formula("r", "ratio(a,b)").factor == 100
    for bad in ["ratio(a)", "mean(a, b)", "sum(a)", "ratio(a, b, x)", "ratio(a, b, 0)"]:
        with pytest.raises(ValueError, match="'q'"):
            Indicator.from_formula("q", bad)


def test_catalog_ids_lookup_and_errors():
    cat = Catalog([Indicator.flow("jobs"), Indicator.stock("poor")])
    assert len(cat) == 2 and cat.id("poor") == 1 and "jobs" in cat and "x" not in cat
    assert cat["poor"].time_rule == "last" and cat[0].code == "jobs" and cat[-1].code == "poor"
    with pytest.raises(KeyError, match="'nope'"):
        cat["nope"]
    with pytest.raises(ValueError, match="'jobs'"):
        cat.add(Indicator.flow("jobs"))
    with pytest.raises(ValueError, match="'missing'"):
        cat.add(Indicator.ratio("r", "jobs", "missing"))
    assert len(cat) == 2  # nothing added by failed calls
    assert cat.add(Indicator.ratio("r", "jobs", "poor")) == 2


def test_catalog_rejects_cycles_naming_them():
    with pytest.raises(ValueError, match="a -> b -> a"):
        Catalog([Indicator.sum("a", "b", "x"), Indicator.sum("b", "a", "x"), Indicator.flow("x")])


def test_catalog_table_round_trip():
    cat = Catalog([
        Indicator.stock("households", "Số hộ", "hộ"),
        Indicator.stock("poor", "Hộ nghèo", "hộ", direction="lower"),
        Indicator.ratio("rate", "poor", "households", unit="%", direction="lower"),
        Indicator.flow("paid", "Giải ngân", "VND", value_type="money", cumulative=True),
        Indicator("odd", time_rule="first", space_rule="min"),
        Indicator.difference("net", "paid", "paid"),
    ])
    frame = cat.to_frame()
    again = Catalog.from_frame(frame)
    assert list(again) == list(cat)
    assert again["net"].value_type == "money"  # money - money
    assert again["rate"].value_type == "real"
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    buffer.seek(0)
    assert list(Catalog.from_csv(buffer)) == list(cat)
    assert list(pickle.loads(pickle.dumps(cat))) == list(cat)


def test_catalog_from_frame_errors_name_row_and_code():
    frame = pd.DataFrame({"code": ["a", "b"], "preset": ["flow", "stok"]})
    with pytest.raises(ValueError, match=r"row 2 \('b'\).*'stok'"):
        Catalog.from_frame(frame)
    with pytest.raises(ValueError, match="needs a preset"):
        Catalog.from_frame(pd.DataFrame({"code": ["a"], "name": ["x"]}))
    with pytest.raises(ValueError, match="'colour'"):
        Catalog.from_frame(pd.DataFrame({"code": ["a"], "colour": ["red"]}))


def test_exported_names():
    for name in ["Indicator", "Catalog", "Observations", "rollup", "partial_rollup",
                 "RollupResult", "RollupState"]:
        assert name in chitieu.__all__ and hasattr(chitieu, name)


def test_docstring_examples():
    import doctest

    import chitieu.catalog
    import chitieu.indicator

    for module in (chitieu.indicator, chitieu.catalog):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__
