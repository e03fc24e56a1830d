"""CSV files that Excel opens correctly for Chinese users."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

#: First characters that make a spreadsheet read a cell as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_csv(headings: list[str], rows: Iterable[list]) -> bytes:
    """Encode a table as CSV in UTF-8 with a byte order mark.

    Excel in Chinese Windows reads a CSV without the mark as GBK and garbles the text.

    :param headings: the first line.
    :param rows: one list of cell values per line.
    :returns: the file's bytes.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    writer.writerows([_safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _safe_cell(value):
    # Text that looks like a formula is prefixed with a quote so it is shown, not run.
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
