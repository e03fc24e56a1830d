"""Field changes as a person reads them: labels instead of names, values in words."""

from __future__ import annotations

from flask_babel import gettext as _

from services.forms.domain.diff import ADDED, REMOVED, RENAMED, FieldChange
from shared.web.i18n import localized


def kind_labels() -> dict[str, str]:
    return {
        ADDED: _("Added"),
        REMOVED: _("Removed"),
        RENAMED: _("Renamed"),
        "changed": _("Changed"),
    }


def key_labels() -> dict[str, str]:
    return {
        "label": _("Label"),
        "help": _("Help text"),
        "type": _("Type"),
        "required": _("Required"),
        "max_length": _("Max length"),
        "min": _("Minimum"),
        "max": _("Maximum"),
        "min_items": _("Fewest choices"),
        "max_items": _("Most choices"),
        "pattern": _("Pattern"),
        "pattern_message": _("Pattern message"),
        "visible_if": _("Shown if"),
        "required_if": _("Required if"),
        "computed": _("Computed as"),
        "default": _("Default"),
        "placeholder": _("Placeholder"),
        "repeat": _("Repeating rows"),
        "min_rows": _("Fewest rows"),
        "max_rows": _("Most rows"),
        "max_size_mb": _("Largest file (MB)"),
        "accept": _("Accepted file types"),
        "level": _("Region level"),
        "group": _("Group"),
        "options.added": _("Options added"),
        "options.removed": _("Options removed"),
        "options.order": _("Order of options"),
    }


def describe(change: FieldChange, old: dict, new: dict) -> dict:
    """What a diff table row shows for ``change`` between definitions ``old`` and ``new``."""
    labels = {**_labels(old["fields"]), **_labels(new["fields"])}
    return {
        "change": change,
        "kind": kind_labels()[change.kind],
        "label": localized(change.field.get("label")),
        "in_group": localized(labels.get(change.parent.rsplit(".", 1)[-1]))
        if change.parent
        else None,
        "keys": _name_row(change) + [_key_row(key, change, labels) for key in change.keys],
    }


def _name_row(change: FieldChange) -> list[dict]:
    """A renamed field's answers are stored under its new name from then on."""
    if change.kind != RENAMED:
        return []
    return [{"name": _("Name of the answer"), "old": change.old_name, "new": change.name}]


def _labels(fields: list[dict]) -> dict[str, dict]:
    found = {}
    for field in fields:
        found[field["name"]] = field.get("label")
        found.update(_labels(field.get("fields", [])))
    return found


def _key_row(key, change: FieldChange, labels: dict) -> dict:
    names = key_labels()
    if key.key in names:
        name = names[key.key]
    elif key.key.startswith("options."):
        value = key.key.removeprefix("options.").removesuffix(".label")
        name = _("Label of option “%(option)s”", option=_option_label(change, value))
    else:
        name = key.key
    row = {
        "name": name,
        "old": _text(key.key, key.old, change, labels),
        "new": _text(key.key, key.new, change, labels),
    }
    if key.key in ("options.added", "options.removed"):
        # A list of the options added or removed, not a value that became another.
        row["only"] = row["new"] if key.key == "options.added" else row["old"]
    return row


def _option_label(change: FieldChange, value: str) -> str:
    for field in (change.new, change.old):
        for option in (field or {}).get("options", []):
            if option["value"] == value:
                return localized(option.get("label"))
    return value


def _text(key: str, value, change: FieldChange, labels: dict) -> str:
    if value is None:
        return _("not set") if key != "group" else _("top level")
    if key == "group":
        return localized(labels.get(value)) or value
    if key in ("options.added", "options.removed", "options.order"):
        return "、".join(_option_label(change, option) for option in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict) and set(value) <= {"zh_CN", "en"}:
        return localized(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
