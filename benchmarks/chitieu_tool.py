"""The four jobs with chitieu (placeholder until the engine lands on main)."""

from __future__ import annotations


def require_engine() -> None:
    import chitieu  # noqa: PLC0415

    for name in ("rollup", "Observations", "Catalog", "Indicator", "Hierarchy"):
        if not hasattr(chitieu, name):
            raise AttributeError(f"chitieu.{name} is not available yet")


class ChitieuTool:
    name = "chitieu"

    def __init__(self, data, meta, threads=1):
        require_engine()
