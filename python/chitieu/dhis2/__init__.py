"""DHIS2 exchange: period ids, dataValueSets (JSON and CSV) and metadata.

DHIS2 (the health and social information system many ministries run) moves
aggregate data as *dataValueSets*: rows of (dataElement, period, orgUnit,
categoryOptionCombo, attributeOptionCombo, value, ...) keyed by 11-character
uids. This package reads and writes them, maps uids to chitieu codes through a
:class:`Mapping` (unknown uids are listed, never dropped), and builds a
Hierarchy and a Catalog from DHIS2 metadata. See docs/dhis2.md.

>>> from chitieu import dhis2
>>> str(dhis2.parse_period("2020April")), dhis2.to_dhis2("2020-04-01/2021-03-31")
('2020-04-01/2021-03-31', '2020April')
"""

from .datavalues import COLUMNS, read_csv, read_json, write_csv, write_json
from .mapping import Mapping, from_observations, from_result, to_observations
from .metadata import (
    Metadata,
    catalog_from_metadata,
    hierarchy_from_metadata,
    read_metadata,
)
from .periods import parse_period, period_ids, to_dhis2

__all__ = [
    "COLUMNS",
    "Mapping",
    "Metadata",
    "catalog_from_metadata",
    "from_observations",
    "from_result",
    "hierarchy_from_metadata",
    "parse_period",
    "period_ids",
    "read_csv",
    "read_json",
    "read_metadata",
    "to_dhis2",
    "to_observations",
    "write_csv",
    "write_json",
]
