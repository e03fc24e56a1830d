"""Turns an HTML form post into answers of the definition's types.

Input names are the answers' dotted paths: ``subject``, ``site.address`` for a group's
child, ``outlets.2.flow`` for row 3 of a repeating group.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

BOOLEAN_VALUES = {"true": True, "false": False}
#: Fields that hold no answer of the person's: a page break, and values the server computes.
NO_INPUT = ("section",)


def answers_from_form(definition: dict, form: MultiDict) -> dict:
    """Answers as the definition nests them: groups as objects, repeating groups as lists
    of row objects (blank rows at the end dropped), multiselects as lists, booleans as
    ``True``/``False``, a file or image as its upload id. The domain validator cleans
    and checks them."""
    return _answers(definition["fields"], form, "")


def _answers(fields: list[dict], form: MultiDict, prefix: str) -> dict:
    answers = {}
    for field in fields:
        if field["type"] in NO_INPUT or "computed" in field:
            continue
        answers[field["name"]] = _answer(field, form, prefix + field["name"])
    return answers


def _answer(field: dict, form: MultiDict, path: str):
    kind = field["type"]
    if kind == "group" and field.get("repeat"):
        rows = [_answers(field["fields"], form, f"{path}.{i}.") for i in row_indexes(form, path)]
        while rows and is_blank(rows[-1]):
            rows.pop()
        return rows
    if kind == "group":
        return _answers(field["fields"], form, path + ".")
    if kind == "multiselect":
        return form.getlist(path)
    if kind == "boolean":
        return BOOLEAN_VALUES.get(form.get(path, ""), form.get(path))
    return form.get(path, "")


def row_indexes(form: MultiDict, path: str) -> list[int]:
    """The row numbers posted for the repeating group at ``path``, in order."""
    start = path + "."
    indexes = set()
    for key in form:
        index = key[len(start) :].partition(".")[0] if key.startswith(start) else ""
        if index.isascii() and index.isdigit() and len(index) < 6:
            indexes.add(int(index))
    return sorted(indexes)


def is_blank(answer) -> bool:
    """True when nothing was answered: empty or whitespace text, no choice, or a group or
    row whose every answer is blank."""
    if isinstance(answer, dict):
        return all(is_blank(value) for value in answer.values())
    if isinstance(answer, str):
        return not answer.strip()
    return answer is None or answer == []
