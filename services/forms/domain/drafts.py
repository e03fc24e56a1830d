"""Draft answers: kept unchecked, but only for fields the form has.

A draft may be incomplete or wrong (the submission checks it), yet every key must be a
field of the form at its level, and a group must be answered by an object (a repeating
group by a list of row objects), so that the intake page can show the draft again. When
a later version of the form no longer has some of a draft's fields, their answers are
left out on resume.
"""

from __future__ import annotations

from typing import Any

from services.forms.domain.errors import FieldError
from services.forms.domain.layout import GROUP, answered, is_repeating, walk


def fitted(answers: dict, fields: list[dict], prefix: str = "") -> tuple[dict, list[FieldError]]:
    """``answers`` without what ``fields`` cannot hold, and why each answer was left out.

    :param answers: answers in the nested shape of a submission.
    :param fields: the fields of one level (a definition's ``fields``, a group's).
    :param prefix: the dotted path of that level (``""``, ``"site."``, ``"outlets.2."``).
    :returns: the answers kept, and a ``FieldError`` per answer left out: ``unknown_field``
        for a key no field of that level has, ``type`` for a group not answered by an
        object (a repeating group: a list) and a row that is not an object.
    """
    by_name = {field["name"]: field for field in answered(fields)}
    kept: dict[str, Any] = {}
    left_out: list[FieldError] = []
    for name, value in answers.items():
        field, path = by_name.get(name), prefix + name
        if field is None:
            left_out.append(FieldError(path, "unknown_field"))
        elif field["type"] != GROUP or value is None:
            kept[name] = value
        else:
            kept[name], errors = _fitted_group(value, field, path)
            left_out.extend(errors)
            if kept[name] is None:
                del kept[name]
    return kept, left_out


def _fitted_group(value: Any, group: dict, path: str) -> tuple[Any, list[FieldError]]:
    """A group's answer fitted to its fields; None when its shape is wrong."""
    if not is_repeating(group):
        if not isinstance(value, dict):
            return None, [FieldError(path, "type", {"expected": "object"})]
        return fitted(value, group["fields"], path + ".")
    if not isinstance(value, list):
        return None, [FieldError(path, "type", {"expected": "array"})]
    rows, left_out = [], []
    for index, row in enumerate(value):
        if not isinstance(row, dict):
            left_out.append(FieldError(f"{path}.{index}", "type", {"expected": "object"}))
            rows.append({})
            continue
        kept, errors = fitted(row, group["fields"], f"{path}.{index}.")
        rows.append(kept)
        left_out.extend(errors)
    return rows, left_out


def labels_of(definition: dict) -> dict[str, dict]:
    """The labels messages name fields by: every field's by its name, the form's title
    under ``""``."""
    return {"": definition["title"]} | {
        field["name"]: field["label"] for field, _group in walk(definition["fields"])
    }
