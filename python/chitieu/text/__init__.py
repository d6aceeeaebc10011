"""Text for people: Vietnamese (and English) numbers, period labels, words and
narrative sentences, used by every human-facing output (tables, charts, HTML,
Excel, Word).

>>> from chitieu import text
>>> text.format_number(9997), text.format_percent(41.6458), text.format_money(197_100_000_000)
('9.997', '41,65%', '197,1 tỷ đồng')
>>> text.period_label("2020S1"), text.status_word("at_risk")
('6 tháng đầu năm 2020', 'chậm tiến độ')
"""

from .figures import (
                      SCALES,
                      change_word,
                      format_change,
                      format_money,
                      format_number,
                      format_percent,
                      money_scale,
                      parse_number,
                      round_decimal,
                      rounding_note,
                      to_decimal,
)
from .periods import period_label, same_period_phrase
from .words import (
                      IndicatorText,
                      header,
                      headers,
                      indicator_texts,
                      level_word,
                      status_word,
                      unit_word,
)

__all__ = [
                      "SCALES",
                      "IndicatorText",
                      "change_word",
                      "format_change",
                      "format_money",
                      "format_number",
                      "format_percent",
                      "header",
                      "headers",
                      "indicator_texts",
                      "level_word",
                      "money_scale",
                      "parse_number",
                      "period_label",
                      "round_decimal",
                      "rounding_note",
                      "same_period_phrase",
                      "status_word",
                      "to_decimal",
                      "unit_word",
]
