"""The report a department writes: narrative, tables, charts; HTML, Excel, Word, CSV.

:func:`example_report` runs it on the embedded example data (the nation and its
63 provinces); :func:`files_report` on a user's own hierarchy, catalog,
observations, plan, allocations and payments, for one unit and its sub-units
(``chitieu report --unit 42``). Both write ``report.html``, ``report.xlsx``,
``report.docx`` and CSVs for Excel to ``out_dir``; words and numbers are
Vietnamese by default (``lang="en"`` for English).

>>> from pathlib import Path
>>> paths = example_report(Path("chitieu-report"), units="district")  # doctest: +SKIP
>>> paths["HTML report"]  # doctest: +SKIP
PosixPath('chitieu-report/report.html')
"""

from .run import example_report, files_report, latest_half_year, short_name

__all__ = ["example_report", "files_report", "latest_half_year", "short_name"]
