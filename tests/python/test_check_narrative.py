"""The Vietnamese narrative of issue 13 (chitieu.text) passes the checker with
no flag, and its figures agree with the data they were written from, on
provinces with random figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

# The indicators of the text tests' province (names as the narrative writes them).
from text_province import CATALOG

import chitieu
from chitieu.check import check

narrative_module = pytest.importorskip(
    "chitieu.text.narrative", reason="chitieu.text (issue 13, the narrative) is not importable")

HIERARCHY = pd.DataFrame({"code": ["40", "401", "402", "403"],
                          "name": ["Tỉnh Nghệ An", "Huyện A", "Huyện B", "Huyện C"],
                          "level": ["province", "district", "district", "district"],
                          "parent_code": [None, "40", "40", "40"]})


def _province(seed: int):
    rng = np.random.default_rng(seed)
    rows = []
    for unit in ("401", "402", "403"):
        households = int(rng.integers(20_000, 90_000))
        for year in (2019, 2020):
            poor = int(households * rng.uniform(0.02, 0.09))
            for month in range(1, 7):
                period = f"{year}{month:02d}"
                rows += [("jobs_created", unit, period, int(rng.integers(50, 900))),
                         ("merit_houses_built", unit, period, int(rng.integers(0, 60))),
                         ("households", unit, period, households),
                         ("poor_households", unit, period, poor),
                         ("social_assistance_paid", unit, period,
                          int(rng.integers(1, 9_000)) * 1_000_000)]
    hierarchy = chitieu.Hierarchy.from_frame(HIERARCHY)
    catalog = chitieu.Catalog.from_frame(CATALOG)
    obs = chitieu.Observations.from_frame(
        pd.DataFrame(rows, columns=["indicator", "unit", "period", "value"]), hierarchy, catalog)
    plan = chitieu.Plan()
    plan.add_total("jobs_created", "40", "2020", int(rng.integers(5_000, 20_000)))
    plan.add_total("merit_houses_built", "40", "2020", int(rng.integers(300, 900)))
    plan.add_level("poverty_rate", "40", "2020", float(rng.integers(2, 8)), bound="at_most")
    plan.add_total("social_assistance_paid", "40", "2020",
                   int(rng.integers(50, 200)) * 1_000_000_000)
    plan.add_total("jobs_created", "401", "2020", int(rng.integers(1_000, 8_000)))
    district = chitieu.assess(obs, plan, hierarchy, catalog, level="district", period="2020S1")
    province = chitieu.assess(obs, plan, hierarchy, catalog, level="province", period="2020S1")
    return province, district, catalog


@pytest.mark.parametrize("seed", range(6))
def test_the_narrative_passes_the_checker(seed):
    assessment, _districts, catalog = _province(seed)
    text = narrative_module.result_narrative(assessment, catalog=catalog)
    assert "Tỉnh Nghệ An" in text and "%" in text
    result = check(text, data=assessment, phrases=CATALOG)
    assert len(result.extraction.figures) >= 6, text
    assert result.flagged == [], (text, result.flagged)
    against = [f for f in result.findings_list if f.check == "against_data"]
    assert against and all(f.verdict == "ok" for f in against), (text, against)


@pytest.mark.parametrize("seed", range(3))
def test_the_district_narrative_passes_with_no_flag(seed):
    _, districts, catalog = _province(seed)
    text = narrative_module.result_narrative(districts, catalog=catalog)
    result = check(text)
    assert len(result.extraction.figures) >= 6, text
    assert result.flagged == [], (text, result.flagged)
    for unit in ("401", "402", "403"):
        own = text.split("\n\n")[int(unit) - 401]
        against = check(own, data=districts, unit=unit, phrases=CATALOG).findings_list
        assert all(f.verdict == "ok" for f in against if f.check == "against_data"), own
