"""A form's submissions written as CSV or XLSX, one row at a time.

Both writers take the definitions of the form's versions and an iterator of submissions
(anything with ``acceptance_number``, ``created_at``, ``version``, ``form_version_id``,
``enterprise_id``, ``submitted_by`` and ``data``), so an export of any size holds one
submission at a time:

- the columns are those of the submissions table (:mod:`submission_table`): acceptance
  number, filed at, version, enterprise, filed by (the person's name), then each answer
  path across the versions, headed by its label in the reader's language ("Group / Child"
  for a group's child), each cell in the labels of the submission's own version;
- a repeating group goes on its own XLSX sheet, one line per row, keyed by the
  submission's acceptance number and the row's number; CSV holds only the main table;
- text that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return) is prefixed with ``'``;
- XLSX dates and datetimes are real Excel dates in Beijing time with a date format; CSV
  writes them as ``YYYY-MM-DD`` and ``YYYY-MM-DD HH:MM:SS``, in UTF-8 with a BOM so that
  Excel reads Chinese text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import xlsxwriter

from services.forms.domain.submission_table import (
    SHANGHAI,
    Column,
    VersionFields,
    answer_at,
    columns,
    display_value,
    fields_by_path,
    text_of,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADINGS = {
    "acceptance_number": {"zh_CN": "受理编号", "en": "Acceptance number"},
    "filed_at": {"zh_CN": "提交时间", "en": "Filed at"},
    "version": {"zh_CN": "表单版本", "en": "Version"},
    "enterprise": {"zh_CN": "企业", "en": "Enterprise"},
    "filed_by": {"zh_CN": "提交人", "en": "Filed by"},
    "row": {"zh_CN": "行号", "en": "Row"},
}
MAIN_SHEET = {"zh_CN": "提交记录", "en": "Submissions"}
#: Rows of CSV text gathered before they are handed to the response.
CSV_ROWS_PER_CHUNK = 200
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(text: str) -> str:
    """Text a spreadsheet must not read as a formula: prefixed with ``'`` when it starts
    like one."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Layout:
    """The columns of an export: the main table's and each repeating group's."""

    main: tuple[Column, ...]
    repeating: tuple[Column, ...]
    fields: VersionFields
    locale: str
    #: Enterprise names by id, when known; the column shows the id otherwise.
    enterprise_names: Mapping[str, str] | None = None
    #: People's names by id (forms' copy of directory's people); an unknown one by id.
    people_names: Mapping[str, str] | None = None
    #: Per version id, each main column's (answer keys, that version's field), and per
    #: (version id, group path) the group's children: worked out once, not once per cell.
    _plans: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, definitions: Mapping[str, Mapping], locale: str, **names) -> Layout:
        """:param definitions: the version definitions by version id, oldest first."""
        every = columns(definitions)
        return cls(
            main=tuple(c for c in every if not c.is_repeating),
            repeating=tuple(c for c in every if c.is_repeating),
            fields=VersionFields(definitions),
            locale=locale,
            **names,
        )

    def headings(self) -> list[str]:
        fixed = ("acceptance_number", "filed_at", "version", "enterprise", "filed_by")
        return [text_of(HEADINGS[key], self.locale) for key in fixed] + [
            column.heading(self.locale) for column in self.main
        ]

    def row_headings(self, group: Column) -> list[str]:
        fixed = [text_of(HEADINGS[key], self.locale) for key in ("acceptance_number", "row")]
        return fixed + [column.heading(self.locale) for column in group.rows]

    def main_row(self, submission) -> list:
        """The main table's values of one submission: numbers, dates, datetimes, text."""
        enterprise, person = submission.enterprise_id, submission.submitted_by
        values = [
            submission.acceptance_number,
            _aware(submission.created_at).astimezone(SHANGHAI),
            submission.version,
            (self.enterprise_names or {}).get(enterprise, enterprise),
            (self.people_names or {}).get(person, person),
        ]
        data, locale = submission.data, self.locale
        for keys, version_field in self._plan(submission.form_version_id):
            value = data
            for key in keys:
                value = value.get(key) if isinstance(value, dict) else None
            values.append(display_value(version_field, value, locale))
        return values

    def _children(self, version_id: str, path: str) -> dict | None:
        """A repeating group's children by name in one version; None if it has none."""
        key = (version_id, path)
        if key not in self._plans:
            group = self.fields.field(version_id, path)
            is_group = group is not None and group.get("type") == "group"
            self._plans[key] = fields_by_path(group) if is_group else None
        return self._plans[key]

    def _plan(self, version_id: str) -> list[tuple[tuple[str, ...], dict | None]]:
        plan = self._plans.get(version_id)
        if plan is None:
            plan = [
                (tuple(column.path.split(".")), self.fields.field(version_id, column.path))
                for column in self.main
            ]
            self._plans[version_id] = plan
        return plan

    def group_rows(self, submission, group: Column) -> Iterator[list]:
        """One line per row of a repeating group's answer in a submission."""
        children = self._children(submission.form_version_id, group.path)
        rows = answer_at(submission.data, group.path)
        if children is None or not isinstance(rows, list):
            return
        for number, row in enumerate(rows, start=1):
            values = [submission.acceptance_number, number]
            for column in group.rows:
                value = answer_at(row, column.path)
                child = children.get(column.path)
                values.append(display_value(child, value, self.locale))
            yield values


def _aware(moment: datetime) -> datetime:
    # SQLite gives back the stored UTC time without its zone.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def csv_chunks(layout: Layout, submissions: Iterable) -> Iterator[bytes]:
    """The CSV of the main table, UTF-8 with a BOM, in chunks of a few hundred rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([neutralise(heading) for heading in layout.headings()])
    for count, submission in enumerate(submissions, start=1):
        writer.writerow([_csv_text(value) for value in layout.main_row(submission)])
        if count % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


class _Sheet:
    """A worksheet written top to bottom, as XlsxWriter's constant-memory mode needs."""

    def __init__(self, workbook, name: str, headings: list[str], formats: dict):
        self.sheet = workbook.add_worksheet(name)
        self.formats = formats
        self.sheet.freeze_panes(1, 0)
        self.sheet.set_column(0, len(headings) - 1, 18)
        self.row = 0
        self.write(headings, formats["heading"])

    def write(self, values: list, text_format=None) -> None:
        put, formats, row = self.sheet, self.formats, self.row
        for col, value in enumerate(values):
            kind = type(value)
            if kind is str:
                put.write_string(row, col, neutralise(value), text_format)
            elif kind is int or kind is float:
                put.write_number(row, col, value)
            elif value is None:
                continue
            elif kind is datetime:
                put.write_datetime(row, col, value.replace(tzinfo=None), formats["datetime"])
            elif kind is date:
                put.write_datetime(row, col, value, formats["date"])
            else:
                put.write_string(row, col, neutralise(str(value)), text_format)
        self.row += 1


def sheet_name(label: str, taken: set[str]) -> str:
    """A valid, unused worksheet name from a label: at most 31 characters, none of
    ``[]:*?/\\``, unique regardless of case."""
    base = _SHEET_NAME_FORBIDDEN.sub(" ", label).strip("' ")[:31] or "Sheet"
    name, number = base, 1
    while name.lower() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def write_xlsx(target, layout: Layout, submissions: Iterable, tmpdir: str | None = None) -> int:
    """Write the XLSX of the submissions to ``target`` (a path or a binary file) with
    XlsxWriter in constant-memory mode: the main sheet, then one sheet per repeating group.

    :returns: the number of submissions written.
    """
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "tmpdir": tmpdir,
    }
    workbook = xlsxwriter.Workbook(target, options)
    formats = {
        "heading": workbook.add_format({"bold": True}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
    }
    taken: set[str] = set()
    main = _Sheet(
        workbook, sheet_name(text_of(MAIN_SHEET, layout.locale), taken), layout.headings(), formats
    )
    groups = [
        (
            group,
            _Sheet(
                workbook,
                sheet_name(group.heading(layout.locale), taken),
                layout.row_headings(group),
                formats,
            ),
        )
        for group in layout.repeating
    ]
    for submission in submissions:
        main.write(layout.main_row(submission))
        for group, sheet in groups:
            for values in layout.group_rows(submission, group):
                sheet.write(values)
    workbook.close()
    return main.row - 1
