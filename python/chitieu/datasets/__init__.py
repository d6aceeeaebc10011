"""Example data, generated offline and deterministically from a seed.

- :func:`labour_social`: a realistic province-wide labour / social-affairs data set
  on the real 2024 Vietnamese hierarchy (shipped in the package): monthly reports
  from every commune for ~20 indicators, district and province plans, and the
  allocations, payments and approved beneficiaries of three programmes.
- :func:`daily_payments`: a year of daily payments by every commune (millions of
  rows), matching ``labour_social(seed).allocations`` of that year.
- :func:`synthetic`: up to 1e8+ random observations (indicator x commune x month)
  for benchmarks, as numpy arrays.

Values are illustrative: levels, regional differences and seasonality resemble
Vietnam's official 2016-2020 figures but are generated, not statistics.

>>> from chitieu import datasets
>>> data = datasets.labour_social(seed=1, years=(2020,), units="district")
>>> sorted(data.observations.columns)
['indicator', 'period', 'unit', 'value']
"""

from __future__ import annotations

from ._gen_money import PROGRAMMES, SOURCES
from .benchmark import SyntheticData, synthetic
from .labour import LabourSocialData, labour_social
from .payments import daily_payments

__all__ = [
    "PROGRAMMES",
    "SOURCES",
    "LabourSocialData",
    "SyntheticData",
    "daily_payments",
    "labour_social",
    "synthetic",
]
