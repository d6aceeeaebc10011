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

from . import dask, datasets, translate
from .catalog import Catalog
from .crosswalk import Crosswalk
from .dataset import assess_dataset, rollup_dataset
from .disbursement import (
    Allocations,
    DisbursementResult,
    Payments,
    Schedule,
    disbursement,
)
from .hierarchy import Hierarchy, Unit
from .indicator import Indicator
from .observations import Observations
from .period import Period, PeriodIndex
from .plan import Assessment, Phasing, Plan, Thresholds, assess
from .rollup import RollupResult, RollupState, partial_rollup, rollup

__version__: str = _core.__version__

__all__ = [
    "Allocations",
    "Assessment",
    "Catalog",
    "Crosswalk",
    "DisbursementResult",
    "Hierarchy",
    "Indicator",
    "Observations",
    "Payments",
    "Period",
    "PeriodIndex",
    "Phasing",
    "Plan",
    "RollupResult",
    "RollupState",
    "Schedule",
    "Thresholds",
    "Unit",
    "__version__",
    "assess",
    "assess_dataset",
    "dask",
    "datasets",
    "disbursement",
    "partial_rollup",
    "rollup",
    "rollup_dataset",
    "translate",
]
