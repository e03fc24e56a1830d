"""The columns of a form's submissions across its versions, and each answer shown in the
labels of the version it was filed against.

A form's versions may add, rename or remove fields. The table of its submissions has one
column per answer path that any version has: the latest version's fields in its order,
then the fields later versions removed (newest first). A column's heading is the label of
the latest version that has the field; a cell is rendered with the field of the
submission's own version, so a choice shows the option label that version offered.

Paths are those of submission field paths (the v2 contract): ``subject``, ``site.address``
(a child of a group); a repeating group is one column whose cells are lists of rows, and
its own columns are the union of its children.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.forms.domain.regions import division_name

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Field types that hold no answer of their own.
_NO_ANSWER = ("section",)
_YES_NO = {"zh_CN": ("是", "否"), "en": ("Yes", "No")}
_LIST_SEPARATOR = {"zh_CN": "、", "en": ", "}
_ROWS = {"zh_CN": "{count} 行", "en": "{count} rows"}


def text_of(texts: Mapping[str, str] | None, locale: str) -> str:
    """A label in ``locale``, falling back to the other language (one may be blank)."""
    if not texts:
        return ""
    return texts.get(locale) or texts.get("zh_CN") or texts.get("en") or ""


@dataclass(frozen=True)
class Column:
    """One answer path of a form, across its versions."""

    #: The answer's dotted path: ``subject``, ``site.address``; a repeating group's name.
    path: str
    type: str
    #: The field's label in the latest version that has it.
    label: dict
    #: The label of the (non-repeating) group the field belongs to, if any.
    group_label: dict | None = None
    #: True when the latest version no longer has the field.
    is_removed: bool = False
    #: A repeating group's own columns: the union of its children across versions.
    rows: tuple[Column, ...] = ()
    #: The versions whose field at this path has this column's type (for filters).
    version_ids: tuple[str, ...] = ()
    #: A choice's options in the latest version that has the field.
    options: tuple[dict, ...] = ()

    @property
    def is_repeating(self) -> bool:
        return self.type == "group"

    def heading(self, locale: str) -> str:
        """The column's heading: "Group / Child" for a group's child."""
        label = text_of(self.label, locale)
        if self.group_label:
            return f"{text_of(self.group_label, locale)} / {label}"
        return label


def _entries(fields: Iterable[dict], prefix: str = "", group_label: dict | None = None):
    """(path, field, group label) of each answer among ``fields``: a non-repeating group's
    children by their dotted paths, a repeating group as itself."""
    for field in fields:
        if field.get("type") in _NO_ANSWER:
            continue
        path = prefix + field["name"]
        if field.get("type") == "group" and not field.get("repeat"):
            yield from _entries(field.get("fields", []), path + ".", field.get("label"))
        else:
            yield path, field, group_label


def fields_by_path(definition: Mapping) -> dict[str, dict]:
    """A version's answer fields by path (see :func:`columns`)."""
    return {path: field for path, field, _group in _entries(definition.get("fields", []))}


def _union(field_lists: list[tuple[str, list[dict]]]) -> list[Column]:
    """Columns of several versions' field lists, given as (version id, fields), oldest
    first."""
    found: dict[str, Column] = {}
    rows_of: dict[str, list[tuple[str, list[dict]]]] = {}
    types: dict[str, list[tuple[str, str]]] = {}
    for age, (version_id, fields) in enumerate(reversed(field_lists)):
        for path, field, group_label in _entries(fields):
            if field.get("type") == "group":
                rows_of.setdefault(path, []).insert(0, (version_id, field.get("fields", [])))
            types.setdefault(path, []).append((version_id, field.get("type")))
            if path not in found:
                found[path] = Column(
                    path,
                    field["type"],
                    field["label"],
                    group_label,
                    age > 0,
                    options=tuple(field.get("options", [])),
                )
    return [
        replace(
            column,
            rows=tuple(_union(rows_of[column.path])) if column.path in rows_of else (),
            version_ids=tuple(sorted(v for v, kind in types[column.path] if kind == column.type)),
        )
        for column in found.values()
    ]


def columns(definitions: Mapping[str, Mapping]) -> list[Column]:
    """The columns of a form's submissions.

    :param definitions: the definitions of the form's published versions by version id,
        oldest first.
    :returns: the latest version's answer paths in its order, then those only earlier
        versions have (newest version first), each flagged ``is_removed``.
    """
    return _union([(vid, list(d.get("fields", []))) for vid, d in definitions.items()])


def answer_at(data: Mapping | None, path: str):
    """The answer at a dotted path of a submission's data, or None."""
    value = data
    for name in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(name)
    return value


def file_text(answer: Mapping) -> str:
    """A stored file answer as its name and size: ``report.pdf (1.2 MB)``."""
    size = answer.get("size")
    if not isinstance(size, int | float):
        return str(answer.get("name", ""))
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{answer.get('name', '')} ({size / scale:.1f} {unit})"
    return f"{answer.get('name', '')} ({int(size)} B)"


def _option_label(field: Mapping, value, locale: str) -> str:
    for option in field.get("options", []):
        if option.get("value") == value:
            return text_of(option.get("label"), locale)
    return str(value)


def display_value(field: Mapping | None, value, locale: str):
    """An answer as a person reads it, in ``locale`` and in the labels of ``field`` (the
    field of the submission's own version); a region by its division's name in ``locale``.

    :returns: None for no answer; a number, a :class:`date`, an aware :class:`datetime`
        (Beijing time) or text otherwise; a repeating group gives its rows' count as text.
    """
    if value is None or value == "" or value == []:
        return None
    kind = field.get("type") if field else None
    if kind == "select":
        return _option_label(field, value, locale)
    if kind == "multiselect" and isinstance(value, list):
        labels = (_option_label(field, item, locale) for item in value)
        return _LIST_SEPARATOR.get(locale, ", ").join(labels)
    if kind == "boolean" and isinstance(value, bool):
        yes, no = _YES_NO.get(locale, _YES_NO["en"])
        return yes if value else no
    if kind == "group" and isinstance(value, list):
        return _ROWS.get(locale, _ROWS["en"]).format(count=len(value))
    if kind in ("file", "image") and isinstance(value, Mapping):
        return file_text(value)
    if kind == "region" and isinstance(value, str):
        return division_name(value, locale)
    return _typed(kind, value)


def _typed(kind: str | None, value):
    if isinstance(value, bool | int | float) and kind in ("integer", "number", "rating"):
        return value
    try:
        if kind == "date":
            return date.fromisoformat(value)
        if kind == "datetime":
            # Without an offset, a moment is Beijing time (docs/forms.md).
            moment = datetime.fromisoformat(value)
            return (moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)).astimezone(
                SHANGHAI
            )
    except (TypeError, ValueError):
        pass
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


class VersionFields:
    """Each version's fields by path, built once per version for many submissions."""

    def __init__(self, definitions: Mapping[str, Mapping]):
        self._by_version = {vid: fields_by_path(d) for vid, d in definitions.items()}

    def field(self, version_id: str, path: str) -> dict | None:
        return self._by_version.get(version_id, {}).get(path)
