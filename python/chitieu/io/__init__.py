"""The input layer: every file and frame chitieu reads goes through here.

CSV (UTF-8 with or without BOM, UTF-16 with BOM, cp1258 or cp1252 by
``encoding=``), Parquet and Excel .xlsx; Vietnamese or English numbers
(``number_format``); ISO or day-first dates; yes/no columns; unit codes that lost
their leading zeros. Bad input raises :class:`InputError` naming file, line,
column and value; see docs/input.md.
"""

from .booleans import parse_booleans
from .codes import code_texts, fix_unit_codes
from .conform import conform
from .dates import parse_date, parse_dates
from .errors import InputError, InputWarning, Problem, UnitCodesPadded, Where
from .numbers import NUMBER_FORMATS, parse_numbers
from .read import ENCODINGS, read_raw, read_table
from .schema import KINDS, guess_kind
from .text import clean, clean_column
from .validate import validate

__all__ = [
           "ENCODINGS",
           "KINDS",
           "NUMBER_FORMATS",
           "InputError",
           "InputWarning",
           "Problem",
           "UnitCodesPadded",
           "Where",
           "clean",
           "clean_column",
           "code_texts",
           "conform",
           "fix_unit_codes",
           "guess_kind",
           "parse_booleans",
           "parse_date",
           "parse_dates",
           "parse_numbers",
           "read_raw",
           "read_table",
           "validate",
]
