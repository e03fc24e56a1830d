"""What an administrator asks of a form's submissions: filters, dates, paging, order.

``parse_query`` reads the query string of the submissions table and its exports into a
:class:`SubmissionQuery`, or raises :class:`InvalidSubmissionQuery` naming each wrong
parameter and the rule it breaks, in zh_CN and en. The repository turns the query into
SQL (``SqlFormRepository.submission_page``).

``f.<path>=<value>`` filters on an answer. How it matches depends on the field's type in
the latest version that has it (:class:`~services.forms.domain.submission_table.Column`):

- text, textarea, email, phone, credit_code: case-insensitive substring;
- a file or image: substring of the file's name;
- select, region, integer, number, rating, boolean, date: equality;
- multiselect: the choices include the value;
- datetime: on that day (``YYYY-MM-DD``, Beijing time);
- a child of a repeating group (``f.outlets.kind``): any row matches.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from services.forms.domain.errors import FormsError
from services.forms.domain.submission_table import SHANGHAI, Column

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50
FILTER_PREFIX = "f."

SUBSTRING = ("text", "textarea", "email", "phone", "credit_code", "file", "image")
EQUAL = ("select", "region", "integer", "number", "rating", "boolean", "date")
#: How a filter matches, by field type (the module's docstring).
MATCH_BY_TYPE = {
    **dict.fromkeys(SUBSTRING, "contains"),
    **dict.fromkeys(EQUAL, "equals"),
    "multiselect": "includes",
    "datetime": "day",
}
_TRUE, _FALSE = ("true", "1", "yes", "是"), ("false", "0", "no", "否")

_RULES = {
    "unknown_field": (
        "表单中没有字段“{name}”，无法按它筛选。",
        "The form has no field '{name}' to filter on.",
    ),
    "not_filterable": (
        "字段“{name}”不能用于筛选。",
        "The field '{name}' cannot be filtered on.",
    ),
    "integer": ("必须是整数。", "Must be a whole number."),
    "number": ("必须是数字。", "Must be a number."),
    "boolean": ("必须是 true 或 false。", "Must be true or false."),
    "date": ("必须是有效日期，格式为 YYYY-MM-DD。", "Must be a valid date written as YYYY-MM-DD."),
    "range": (
        "必须是 {low} 到 {high} 之间的整数。",
        "Must be a whole number from {low} to {high}.",
    ),
    "range_order": ("不能晚于结束日期 to。", "Must not be later than the end date 'to'."),
    "choice": ("必须是以下之一：{choices}。", "Must be one of: {choices}."),
    "blank": ("不能为空白。", "Must not be blank."),
}


class InvalidSubmissionQuery(FormsError):
    """Raised when the query string of a submissions table or export is not valid:
    ``errors`` names each parameter and the broken rule in zh_CN and en."""

    status = 400

    def __init__(self, problems: dict[str, tuple[str, dict]]):
        errors = {
            parameter: {
                locale: [_RULES[rule][index].format(**params)]
                for index, locale in enumerate(("zh_CN", "en"))
            }
            for parameter, (rule, params) in problems.items()
        }
        super().__init__(
            {"zh_CN": "查询参数无效。", "en": "The query parameters are not valid."},
            field=next(iter(problems)),
            rule=next(iter(problems.values()))[0],
            errors=errors,
        )
        #: parameter -> the rule it broke.
        self.rules = {parameter: rule for parameter, (rule, _params) in problems.items()}


@dataclass(frozen=True)
class AnswerFilter:
    """One ``f.<path>`` filter: the answer's path, how it matches, the value."""

    path: str
    match: str
    value: object
    #: For a child of a repeating group: the group's path; ``path`` is then the child's name.
    rows_of: str | None = None
    #: The field type the filter was read for.
    type: str = "text"
    #: The versions whose field at the path has that type: only their submissions match.
    version_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubmissionQuery:
    filters: tuple[AnswerFilter, ...] = ()
    #: Filed at or after (UTC); the start of the ``from`` day in Beijing.
    filed_from: datetime | None = None
    #: Filed before (UTC); the end of the ``to`` day in Beijing.
    filed_before: datetime | None = None
    acceptance_number: str | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    newest_first: bool = True
    #: "labels" (as a person reads them) or "raw" (the stored values).
    values: str = "labels"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _find_column(columns: list[Column], path: str) -> tuple[Column | None, str | None]:
    """The column of ``path``, and for a repeating group's child the group's path."""
    for column in columns:
        if column.path == path:
            return column, None
        if column.rows and path.startswith(column.path + "."):
            child = path[len(column.path) + 1 :]
            return next((c for c in column.rows if c.path == child), None), column.path
    return None, None


def _filter_value(kind: str, text: str):
    """``text`` as a value of a field of type ``kind``; (rule, params) when it is not."""
    if kind in ("integer", "rating"):
        try:
            return int(text)
        except ValueError:
            return ("integer", {})
    if kind == "number":
        try:
            value = float(text)
        except ValueError:
            return ("number", {})
        return value if math.isfinite(value) else ("number", {})
    if kind == "boolean":
        lowered = text.lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else ("boolean", {})
    if kind in ("date", "datetime"):
        parsed = _date(text)
        return parsed.isoformat() if parsed else ("date", {})
    return text


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _answer_filter(parameter: str, text: str, columns: list[Column]):
    path = parameter[len(FILTER_PREFIX) :]
    column, rows_of = _find_column(columns, path)
    if column is None:
        return ("unknown_field", {"name": path})
    match = MATCH_BY_TYPE.get(column.type)
    if match is None:
        return ("not_filterable", {"name": path})
    value = _filter_value(column.type, text.strip())
    if isinstance(value, tuple):
        return value
    if rows_of:
        path = column.path
    return AnswerFilter(path, match, value, rows_of, column.type, column.version_ids)


def _page_number(text: str, low: int, high: int | None):
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < low or (high is not None and value > high):
        return ("range", {"low": low, "high": high if high is not None else "∞"})
    return value


def _local_day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, SHANGHAI).astimezone(UTC)


def parse_query(args: Mapping[str, str], columns: list[Column]) -> SubmissionQuery:
    """Read a submissions query string (its first value of each parameter).

    :param args: the query parameters: ``f.<path>``, ``from``, ``to`` (dates, Beijing),
        ``acceptance_number``, ``page``, ``per_page`` (1 to 200), ``sort`` (``filed_at``
        or ``-filed_at``), ``values`` (``labels`` or ``raw``); ``lang`` is ignored.
    :param columns: the form's columns (:func:`submission_table.columns`).
    :raises InvalidSubmissionQuery: naming every wrong parameter.
    """
    problems: dict[str, tuple[str, dict]] = {}
    found: dict[str, object] = {}
    filters: list[AnswerFilter] = []
    for parameter, text in args.items():
        if parameter.startswith(FILTER_PREFIX):
            if not text.strip():
                continue
            result = _answer_filter(parameter, text, columns)
        elif parameter in ("from", "to"):
            result = (_date(text.strip()) or ("date", {})) if text.strip() else None
        elif parameter == "page":
            result = _page_number(text, 1, None)
        elif parameter == "per_page":
            result = _page_number(text, 1, MAX_PER_PAGE)
        elif parameter == "sort":
            result = text if text in ("filed_at", "-filed_at") else _choice("filed_at, -filed_at")
        elif parameter == "values":
            result = text if text in ("labels", "raw") else _choice("labels, raw")
        elif parameter == "acceptance_number":
            result = text.strip() or None
        else:
            continue
        if isinstance(result, tuple):
            problems[parameter] = result
        elif isinstance(result, AnswerFilter):
            filters.append(result)
        elif result is not None:
            found[parameter] = result
    if "from" in found and "to" in found and found["from"] > found["to"]:
        problems["from"] = ("range_order", {})
    if problems:
        raise InvalidSubmissionQuery(problems)
    return SubmissionQuery(
        filters=tuple(filters),
        filed_from=_local_day_start(found["from"]) if "from" in found else None,
        filed_before=(_local_day_start(found["to"] + timedelta(days=1)) if "to" in found else None),
        acceptance_number=found.get("acceptance_number"),
        page=found.get("page", 1),
        per_page=found.get("per_page", DEFAULT_PER_PAGE),
        newest_first=found.get("sort", "-filed_at") == "-filed_at",
        values=found.get("values", "labels"),
    )


def _choice(choices: str) -> tuple[str, dict]:
    return ("choice", {"choices": choices})
