"""Helpers shared by the engine's tests (indicator, observations, rollup)."""

import pandas as pd

import chitieu


def build_hierarchy(frame: pd.DataFrame) -> chitieu.Hierarchy:
    """A hierarchy from a (code, name, level, parent_code) frame, levels
    province > district > commune."""
    return chitieu.Hierarchy.from_frame(frame, levels=["province", "district", "commune"])


def labour_catalog() -> chitieu.Catalog:
    """Flows, a stock, money and a ratio of a stock to a flow: the rules that merge
    differently across blocks (the Dask and out-of-core tests)."""
    return chitieu.Catalog([
        chitieu.Indicator.flow("jobs"),
        chitieu.Indicator.stock("poor"),
        chitieu.Indicator.flow("paid", value_type="money"),
        chitieu.Indicator.flow("households"),
        chitieu.Indicator.ratio("poor_rate", "poor", "households"),
    ])
