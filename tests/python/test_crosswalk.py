import doctest

import numpy as np
import pandas as pd
import pytest

import chitieu
from chitieu import Crosswalk, Hierarchy


def _flat(codes):
    return Hierarchy.from_arrays(codes, codes, ["p"] * len(codes), [""] * len(codes))


@pytest.fixture
def merge_and_split():
    old, new = _flat(["A", "B", "C"]), _flat(["AB", "C1", "C2"])
    frame = pd.DataFrame({"old": ["A", "B", "C", "C"], "new": ["AB", "AB", "C1", "C2"],
                          "weight": [1, 1, 0.3, 0.7]})
    return Crosswalk.from_frame(frame, old, new)


def test_docstring_example():
    assert doctest.testmod(chitieu.crosswalk).failed == 0


def test_merge_and_split_preserve_money_totals_exactly(merge_and_split):
    cw = merge_and_split
    assert cw.split_units == ["C"] and cw.merged_units == ["AB"]
    data = pd.DataFrame({"indicator": "paid", "unit": ["A", "B", "C"], "period": "2024",
                         "value": np.array([100, 250, 1_000_000_001], dtype=np.int64)})
    out, split = cw.apply(data)
    assert split == ["C"]
    assert out["value"].dtype == np.int64
    assert out["value"].sum() == data["value"].sum()
    assert out.set_index("unit")["value"].to_dict() == {"AB": 350, "C1": 300_000_000, "C2": 700_000_001}


def test_random_crosswalks_against_a_pandas_oracle():
    rng = np.random.default_rng(5)
    old_codes = [f"o{i}" for i in range(30)]
    new_codes = [f"n{i}" for i in range(12)]
    old, new = _flat(old_codes), _flat(new_codes)
    rows = []
    for o in old_codes:
        k = int(rng.integers(1, 4))
        targets = rng.choice(new_codes, k, replace=False)
        w = rng.dirichlet(np.ones(k))
        w[-1] = 1 - w[:-1].sum()
        rows += [(o, t, x) for t, x in zip(targets, w)]
    table = pd.DataFrame(rows, columns=["old", "new", "weight"])
    cw = Crosswalk.from_frame(table, old, new)
    data = pd.DataFrame({
        "indicator": rng.choice(["flowf", "flowm", "lvl", "hi"], 400),
        "unit": rng.choice(old_codes, 400),
        "period": rng.choice(["2023", "2024"], 400),
    })
    data = data.drop_duplicates(["indicator", "unit", "period"]).reset_index(drop=True)
    data["value"] = rng.uniform(0, 1000, len(data))
    rules = {"flowf": "sum", "flowm": "sum", "lvl": "mean", "hi": "max"}
    out, _ = cw.apply(data, rules)
    got = out.set_index(["indicator", "unit", "period"])["value"]
    # Oracle: join rows to the table, then per rule combine plainly.
    j = data.merge(table, left_on="unit", right_on="old")
    for ind, rule in rules.items():
        s = j[j.indicator == ind]
        if rule == "sum":
            exp = (s.value * s.weight).groupby([s.new, s.period]).sum()
        elif rule == "mean":
            keys = [s.new, s.period]
            exp = (s.value * s.weight).groupby(keys).sum() / s.weight.groupby(keys).sum()
        else:
            exp = s.value.groupby([s.new, s.period]).max()
        for (unit, period), v in exp.items():
            assert got[(ind, unit, period)] == pytest.approx(v, rel=1e-12)
        assert len(got.loc[ind]) == len(exp)


def test_bad_weights_and_unknown_codes_are_named():
    old, new = _flat(["A", "C"]), _flat(["AB", "C1", "C2"])
    with pytest.raises(ValueError, match="'C'"):
        Crosswalk.from_frame(pd.DataFrame({"old": ["A", "C", "C"], "new": ["AB", "C1", "C2"],
                                           "weight": [1, 0.3, 0.6]}), old, new)
    with pytest.raises(KeyError, match="'Z'"):
        Crosswalk.from_frame(pd.DataFrame({"old": ["Z"], "new": ["AB"]}), old, new)
    cw = Crosswalk.from_frame(pd.DataFrame({"old": ["A"], "new": ["AB"]}), old, new)
    with pytest.raises(ValueError, match="'C'"):
        cw.apply(pd.DataFrame({"indicator": "x", "unit": ["C"], "period": "2024", "value": [1.0]}))
    with pytest.raises(ValueError, match="median"):
        cw.apply(pd.DataFrame({"indicator": "x", "unit": ["A"], "period": "2024", "value": [1.0]}),
                 {"x": "median"})
