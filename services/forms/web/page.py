"""What the form macros (``forms/_fields.html``) need besides the definition: its pages,
the parsed conditions and computed values for fill.js, the division tree, and texts.

They are template globals and filters, so the intake page and the designer's preview
render a form with the same macros and nothing else to pass.
"""

from __future__ import annotations

import datetime

from flask import Blueprint
from flask_babel import gettext as _

from services.forms.domain.expressions import ExpressionError, parse
from services.forms.domain.layout import pages, walk
from services.forms.domain.messages import ROW_LABEL, SUBMISSION_MESSAGES, render
from services.forms.domain.regions import division_name
from services.forms.web.divisions import division_tree
from shared.web.i18n import current_locale, localized

#: Datetime answers without an offset are Beijing time, as the definition format says.
BEIJING = datetime.timezone(datetime.timedelta(hours=8))
#: Keys of a field that hold an expression, as fill.js reads them.
EXPRESSION_KEYS = ("visible_if", "required_if", "computed")


def form_pages(fields: list[dict]) -> list[dict]:
    """The definition's top-level fields cut into pages at each ``section``:
    ``[{"section": field or None, "fields": [...]}]``; one page when there is no section."""
    return [{"section": section, "fields": members} for section, members in pages(fields)]


def has_field_type(definition: dict, kind: str) -> bool:
    return any(field["type"] == kind for field, _group in walk(definition["fields"]))


def form_logic(definition: dict) -> dict[str, dict]:
    """``{field name: {"visible_if"|"required_if"|"computed": tree}}`` of every field,
    group and section with an expression (names are unique across the whole form)."""
    logic = {}
    for field, _group in walk(definition["fields"]):
        trees = {key: _tree(field[key]) for key in EXPRESSION_KEYS if field.get(key)}
        trees = {key: tree for key, tree in trees.items() if tree is not None}
        if trees:
            logic[field["name"]] = trees
    return logic


def _tree(text: str) -> list | None:
    # A published definition's expressions always parse; a draft's in the designer's
    # preview may not yet, and its field then simply always shows.
    try:
        return parse(text)
    except ExpressionError:
        return None


def form_texts() -> dict[str, str]:
    """Messages fill.js shows, in the reader's language, with ``{placeholders}``."""
    locale = current_locale()
    return {
        "required": render(SUBMISSION_MESSAGES, "required", {"label": "{label}"}, locale),
        "row_label": ROW_LABEL[locale],
        "uploading": _("Uploading %(name)s…", name="{name}"),
        "upload_failed": _(
            "%(name)s was not attached: %(reason)s", name="{name}", reason="{reason}"
        ),
    }


def region_name(code: str | None) -> str:
    """The name of a region answer's division in the reader's language."""
    return division_name(code, current_locale())


def option_labels(field: dict, value) -> list[str]:
    """The labels, in the reader's language, of the options chosen in a select or
    multiselect answer; a value that is not an option is shown as it is."""
    chosen = value if isinstance(value, list) else [value]
    labels = {option["value"]: option["label"] for option in field["options"]}
    return [localized(labels[item]) if item in labels else str(item) for item in chosen]


def as_datetime(value: str) -> datetime.datetime | str:
    """A datetime answer (``2026-12-02T14:30:00+08:00``) as a moment for
    ``datetimeformat``; text that is not one stays as it is."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    return moment if moment.tzinfo else moment.replace(tzinfo=BEIJING)


def file_size(size: int) -> str:
    """A file's size as people read it: 512 B, 2.1 KB, 3.4 MB (as fill.js shows it)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def init_page(bp: Blueprint) -> None:
    """Make the helpers above available to every template of the app."""
    bp.add_app_template_filter(form_pages)
    bp.add_app_template_filter(has_field_type)
    bp.add_app_template_filter(option_labels)
    bp.add_app_template_filter(as_datetime)
    bp.add_app_template_filter(file_size)
    bp.add_app_template_global(form_logic)
    bp.add_app_template_global(form_texts)
    bp.add_app_template_global(division_tree)
    bp.add_app_template_global(region_name)
