"""A submission's answers as rows another service's page shows without knowing the form
language, and how to reach the enterprise about it.

The rows follow the submission page (``web/templates/forms/_answers.html``): every field
of the version the answers were filed against, in its order and by its label; a section,
a group and a repeating group as a heading with their fields under it, each row of a
repeating group under a heading of its own ("Row 1"); each answer read as the submissions
table and the exports read it (:func:`submission_table.display_value`: options by their
labels, divisions by name, yes or no), in both languages. They travel in the
``forms.submission.received`` event (``AnswerRowV1``, ``ContactV1``), so that workflow's
ticket page shows what the enterprise asked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime

from services.forms.domain.layout import GROUP, SECTION, is_repeating
from services.forms.domain.submission import located_answers
from services.forms.domain.submission_table import display_value, text_of

LOCALES = ("zh_CN", "en")
#: The heading of one row of a repeating group, counted from 1.
ROW_HEADING = {"zh_CN": "第 {row} 行", "en": "Row {row}"}
#: A rating's answer: its stars and its number.
RATING = {"zh_CN": "{stars} {value} 星", "en": "{stars} {value} stars"}
#: Text fields whose answer names the person to contact, by convention (the programme's
#: intake form has ``contact_person``).
CONTACT_NAME_FIELDS = ("contact_person", "contact_name")
_ATTACHMENTS = ("file", "image")


def answer_rows(definition: Mapping, data: Mapping) -> list[dict]:
    """The rows of a submission's answers (the shape of ``AnswerRowV1``).

    :param definition: the definition of the version the answers were filed against.
    :param data: the stored answers (files as their upload's metadata).
    :returns: headings and answers in form order; an unanswered field's ``text`` is None.
    """
    return list(_rows(definition.get("fields", []), data, "", 0))


def _rows(fields: list[dict], data, prefix: str, depth: int) -> Iterator[dict]:
    for field in fields:
        path = prefix + field["name"]
        if field["type"] == SECTION:
            yield _heading(path, field["label"], depth)
            continue
        value = data.get(field["name"]) if isinstance(data, Mapping) else None
        if field["type"] == GROUP and value not in (None, [], {}):
            yield _heading(path, field["label"], depth)
            yield from _group_rows(field, value, path, depth + 1)
        else:
            yield _answer(path, field, value, depth)


def _group_rows(group: dict, value, path: str, depth: int) -> Iterator[dict]:
    children = group.get("fields", [])
    if not is_repeating(group):
        yield from _rows(children, value, path + ".", depth)
        return
    for index, row in enumerate(value if isinstance(value, list) else []):
        label = {locale: ROW_HEADING[locale].format(row=index + 1) for locale in LOCALES}
        yield _heading(f"{path}.{index}", label, depth)
        yield from _rows(children, row, f"{path}.{index}.", depth + 1)


def _heading(name: str, label: Mapping, depth: int) -> dict:
    return {**_row(name, label, depth), "is_heading": True}


def _row(name: str, label: Mapping, depth: int) -> dict:
    texts = {locale: text_of(label, locale) for locale in LOCALES}
    return {"name": name, "label": texts, "text": None, "files": [], "depth": depth}


def _answer(path: str, field: dict, value, depth: int) -> dict:
    row = {**_row(path, field["label"], depth), "is_heading": False}
    if value is None or value == "" or value == []:
        return row
    if field["type"] in _ATTACHMENTS and isinstance(value, Mapping):
        row["files"] = [
            {"upload_id": value["id"], "filename": value["name"], "size": value["size"]}
        ]
    row["text"] = {locale: answer_text(field, value, locale) for locale in LOCALES}
    return row


def answer_text(field: Mapping, value, locale: str) -> str:
    """One answer as text in ``locale``: what :func:`display_value` reads, with dates as
    ``YYYY-MM-DD``, moments in Beijing time as ``YYYY-MM-DD HH:MM`` and a rating as stars."""
    shown = display_value(field, value, locale)
    if field.get("type") == "rating" and isinstance(shown, int):
        stars = "★" * shown + "☆" * max(0, 5 - shown)
        return RATING[locale].format(stars=stars, value=shown)
    if isinstance(shown, datetime):
        return shown.strftime("%Y-%m-%d %H:%M")
    if isinstance(shown, date):
        return shown.isoformat()
    return str(shown)


def contact_of(definition: Mapping, data: Mapping, submitter_name: str | None) -> dict:
    """How to reach the enterprise about a submission (the shape of ``ContactV1``): the
    answer of a ``contact_person`` or ``contact_name`` text field, of the first ``phone``
    and ``email`` fields outside repeating groups, and the filer's name."""
    found: dict[str, str | None] = {"name": None, "phone": None, "email": None}
    for path, field, value in located_answers(data, definition.get("fields", [])):
        if not isinstance(value, str) or not value or _in_a_row(path):
            continue
        if field["type"] in ("phone", "email"):
            found[field["type"]] = found[field["type"]] or value
        elif field["type"] == "text" and field["name"] in CONTACT_NAME_FIELDS:
            found["name"] = found["name"] or value
    return {**found, "submitter_name": submitter_name}


def _in_a_row(path: str) -> bool:
    return any(part.isdigit() for part in path.split("."))
