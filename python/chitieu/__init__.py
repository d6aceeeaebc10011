"""chitieu: public-sector performance indicators, rolled up fast.

Periods, org-unit hierarchies, indicators, plans and disbursement schedules over a
vectorised C++ aggregation engine (``chitieu._core``).

>>> import chitieu
>>> str(chitieu.Period.parse("6 tháng đầu năm 2020"))
'2020S1'
"""

from __future__ import annotations

try:
    from . import _core
except ImportError as err:  # pragma: no cover - only when the extension is missing
    raise ImportError(
        "chitieu's compiled core (chitieu._core) could not be imported. Install the "
        "package with `pip install .` (or run `make demo`) rather than importing the "
        "source tree."
    ) from err

from .crosswalk import Crosswalk
from .hierarchy import Hierarchy, Unit
from .period import Period, PeriodIndex

__version__: str = _core.__version__

from . import datasets  # noqa: E402

__all__ = ["__version__", "Crosswalk", "Hierarchy", "Period", "PeriodIndex", "Unit", "datasets"]
from .indicator import Catalog, Indicator  # noqa: E402
from .observations import Observations  # noqa: E402
from .rollup import RollupResult, RollupState, partial_rollup, rollup  # noqa: E402

__all__ += ["Indicator", "Catalog", "Observations", "rollup", "partial_rollup", "RollupResult", "RollupState"]
from .plan import Assessment, Phasing, Plan, Thresholds, assess  # noqa: E402

__all__ += ["Plan", "Phasing", "assess", "Assessment", "Thresholds"]
