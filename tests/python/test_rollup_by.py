"""Disaggregated rollups (categories kept with by=, totalled over otherwise)
against a plain-pandas oracle on random data."""

import numpy as np
import pandas as pd
import pytest
from _engine_helpers import build_hierarchy
from test_rollup import LEVELS, containing, random_hierarchy, span, structure

import chitieu
from chitieu import Catalog, Indicator, Observations

NONE = "-"  # the oracle's name for a category a row does not give
TIME_AGG = {"sum": "sum", "last": "last", "first": "first", "max": "max", "min": "min",
            "mean": "mean"}


def catalog():
    return Catalog([
        Indicator.flow("jobs"),
        Indicator.flow("paid", value_type="money"),
        Indicator.stock("poor"),
        Indicator.stock("households"),
        Indicator.max("peak"),
        Indicator("avg_space", time_rule="last", space_rule="mean"),
        Indicator.ratio("poverty_rate", "poor", "households"),
        Indicator.sum("jobs_and_poor", "jobs", "poor"),
    ])


def random_rows(rng, frame, cat, n):
    units = frame.code[frame.level != "province"].tolist()
    months = [f"2024{m:02d}" for m in range(1, 13)]
    base = [i for i in cat if not i.derived]
    sexes, ages = ["female", "male", None], ["0-14", "15-59", "60+"]
    seen, rows = set(), []
    for _ in range(n):
        ind = base[int(rng.integers(len(base)))]
        key = (ind.code, units[int(rng.integers(len(units)))], months[int(rng.integers(12))],
               sexes[int(rng.integers(3))], ages[int(rng.integers(3))])
        if key in seen:
            continue
        seen.add(key)
        value = float(rng.integers(0, 10**6)) if ind.value_type == "money" else \
            float(rng.integers(-2000, 10000)) / 8
        rows.append(key + (value,))
    d = pd.DataFrame(rows, columns=["indicator", "unit", "period", "sex", "age", "value"])
    return d.assign(row=np.arange(len(d)))


def oracle(d, cat, frame, level, kind, by):
    """{(indicator, *kept options, target, period): (value, n_reporting, n_expected)}."""
    anc, level_of = structure(frame)
    spec = {i.code: i for i in cat}
    d = d.assign(sex=d.sex.fillna(NONE), age=d.age.fillna(NONE),
                 out=d.period.map(lambda p: containing(p, kind)),
                 last=d.period.map(lambda p: span(p)[1]))
    d = d.sort_values(["last", "row"], kind="stable")
    # The time rule per series (indicator x every option) and unit.
    parts = []
    for code, rows in d.groupby("indicator", sort=False):
        per = rows.groupby(["sex", "age", "unit", "out"], dropna=False, sort=False)["value"]
        parts.append(per.agg(TIME_AGG[spec[code].time_rule]).rename("v").reset_index()
                     .assign(indicator=code))
    keys = pd.concat(parts, ignore_index=True)
    keys["target"] = keys.unit.map(anc[level])
    keys = keys[keys.target.notna()]
    keys["depth"] = keys.unit.map(lambda u: LEVELS.index(level_of[u]))
    # The space rule over units and the options of the dropped categories.
    out = {}
    cell = ["indicator", *by, "target", "out"]
    for key, g in keys.groupby(cell, dropna=False, sort=False):
        i = spec[key[0]]
        deepest = g.depth.max()
        n_rep = g[g.depth == deepest].unit.nunique()
        under = sum(1 for u, a in anc[level].items() if a == key[-2]
                    and LEVELS.index(level_of[u]) == deepest)
        out[key] = (g.v.agg(i.space_rule), n_rep, under)
    for ind in (i for i in cat if i.derived):
        for key in [k for k in out if k[0] == ind.parts[0]]:
            parts = [out.get((p,) + key[1:]) for p in ind.parts]
            if any(p is None for p in parts):
                continue
            if ind.formula.startswith("ratio"):
                value = np.nan if parts[1][0] == 0 else parts[0][0] / parts[1][0] * ind.factor
            else:
                value = sum(p[0] for p in parts)
            out[(ind.code,) + key[1:]] = (value, min(p[1] for p in parts),
                                          max(p[2] for p in parts))
    return out


@pytest.mark.parametrize("seed", range(30))
def test_disaggregated_rollups_match_pandas_oracle(seed):
    rng = np.random.default_rng(seed)
    cat = catalog()
    frame = random_hierarchy(rng)
    h = build_hierarchy(frame)
    d = random_rows(rng, frame, cat, int(rng.integers(5, 300)))
    obs = Observations.from_frame(d, h, cat, categories=["sex", "age"])
    by = [[], ["sex"], ["age"], ["sex", "age"], ["age", "sex"]][seed % 5]
    kind = ["quarter", "year", "month"][seed % 3]
    level = ["province", "district"][seed % 2]
    got = chitieu.rollup(obs, level=level, period_type=kind, by=by,
                         threads=1 + seed % 2).to_pandas()
    assert list(got.columns[1:1 + len(by)]) == by
    want = oracle(d, cat, frame, level, kind, by)
    assert len(got) == len(want)
    for row in got.itertuples(index=False):
        options = tuple(NONE if pd.isna(getattr(row, b)) else getattr(row, b) for b in by)
        key = (row.indicator, *options, row.unit, row.period)
        assert key in want, key
        value, n_rep, n_exp = want[key]
        if np.isnan(value):
            assert np.isnan(row.value), key
        else:
            assert row.value == pytest.approx(value, rel=1e-12, abs=1e-9), key
        assert (row.n_reporting, row.n_expected) == (n_rep, n_exp), key


def test_by_needs_categories_and_known_names():
    vn = build_hierarchy(pd.DataFrame({"code": ["P", "P1"], "name": ["P", "P1"],
                                       "level": ["province", "district"],
                                       "parent_code": ["", "P"]}))
    cat = Catalog([Indicator.flow("jobs")])
    d = pd.DataFrame({"indicator": "jobs", "unit": "P1", "period": "202401",
                      "value": [1.0, 2.0], "sex": ["female", "male"]})
    plain = Observations.from_frame(d.drop(columns="sex").iloc[:1], vn, cat)
    with pytest.raises(ValueError, match="carry no categories"):
        chitieu.rollup(plain, level="province", period_type="year", by="sex")
    obs = Observations.from_frame(d, vn, cat, categories=["sex"])
    with pytest.raises(KeyError, match="age"):
        chitieu.rollup(obs, level="province", period_type="year", by="age")
    total = chitieu.rollup(obs, level="province", period_type="year").to_pandas()
    assert total["value"].tolist() == [3.0]
    other = Catalog([Indicator.flow("jobs"), Indicator.flow("visits")])
    with pytest.raises(ValueError, match="another catalog"):
        chitieu.rollup(obs, vn, other, level="province", period_type="year")
