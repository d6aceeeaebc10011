"""Helpers shared by the engine's tests (indicator, observations, rollup)."""

import pandas as pd

import chitieu


def build_hierarchy(frame: pd.DataFrame) -> chitieu.Hierarchy:
    """A hierarchy from a (code, name, level, parent_code) frame, levels
    province > district > commune."""
    return chitieu.Hierarchy.from_frame(frame, levels=["province", "district", "commune"])
