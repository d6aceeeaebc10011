"""Helpers shared by the engine's tests (indicator, observations, rollup)."""

import pandas as pd

from chitieu import _core


def build_hierarchy(frame: pd.DataFrame):
    """A hierarchy from a (code, name, level, parent_code) frame, levels
    province > district > commune."""
    return _core.hierarchy.build(
        ["province", "district", "commune"],
        frame["code"].tolist(),
        frame["name"].tolist(),
        frame["level"].tolist(),
        frame["parent_code"].tolist(),
    )
