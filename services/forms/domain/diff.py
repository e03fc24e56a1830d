"""What changed between two definitions, field by field.

``diff_definitions(old, new)`` compares every field at every level (groups' child fields
included) and lists one :class:`FieldChange` per field that was added, removed, renamed or
changed, in the order of the new definition (a removed field after the field that came
before it). A removed and an added field of the same type under the same parent are one
rename when they stand at the same position or share a label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ADDED, REMOVED, RENAMED, CHANGED = "added", "removed", "renamed", "changed"

#: Keys compared as a whole; ``name`` and ``fields`` are the field's identity and children.
_NOT_COMPARED = frozenset({"name", "fields", "options"})


@dataclass(frozen=True)
class KeyChange:
    """One key of a field that changed: ``old`` or ``new`` is None when it was not set.

    Options are listed per kind: ``options.added`` and ``options.removed`` (lists of option
    values), ``options.<value>.label`` (a relabelled option) and ``options.order``.
    """

    key: str
    old: Any
    new: Any


@dataclass(frozen=True)
class FieldChange:
    """One field's change. ``path`` is its dotted path (``site.address``) in the new
    definition, or in the old one for a removed field; ``old_path`` its path before."""

    kind: str
    path: str
    old_path: str | None
    old: dict | None
    new: dict | None
    keys: tuple[KeyChange, ...] = ()
    #: The field's index among its siblings (in the new definition; the old for removed).
    position: int = 0
    #: The name of the sibling just before it there, None when it comes first.
    after: str | None = None

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def old_name(self) -> str | None:
        return self.old_path.rsplit(".", 1)[-1] if self.old_path else None

    @property
    def parent(self) -> str | None:
        """The dotted path of the group holding the field, None at the top level."""
        return self.path.rsplit(".", 1)[0] if "." in self.path else None

    @property
    def field(self) -> dict:
        """The field as it is now, or as it was for a removed one."""
        return self.new if self.new is not None else self.old


@dataclass(frozen=True)
class _Place:
    """Where a field stands in one definition."""

    field: dict
    parent: str | None
    position: int
    after: str | None
    path: str


def _places(fields: list[dict], parent: str | None = None) -> dict[str, _Place]:
    """Every field by name, parents before their children, in the definition's order."""
    found: dict[str, _Place] = {}
    for position, field in enumerate(fields):
        path = f"{parent}.{field['name']}" if parent else field["name"]
        after = fields[position - 1]["name"] if position else None
        found[field["name"]] = _Place(
            field, parent and parent.rsplit(".", 1)[-1], position, after, path
        )
        found.update(_places(field.get("fields", []), path))
    return found


def diff_definitions(old: dict, new: dict) -> list[FieldChange]:
    """The changes from ``old`` to ``new``, both definitions in the format of docs/forms.md."""
    before, after = _places(old["fields"]), _places(new["fields"])
    renamed = _renames(before, after)
    changes: list[tuple[float, FieldChange]] = []
    order = {name: index for index, name in enumerate(after)}
    for name, place in after.items():
        old_name = renamed.get(name, name)
        if old_name in before:
            change = _compared(before[old_name], place, renamed)
        elif not _inside_new(place, before, renamed):
            change = FieldChange(
                ADDED, place.path, None, None, place.field, (), place.position, place.after
            )
        else:
            change = None
        if change:
            changes.append((order[name], change))
    gone = set(before) - set(renamed.values()) - set(after)
    for name in gone:
        place = before[name]
        if place.parent in gone:
            continue  # reported with its removed group
        change = FieldChange(
            REMOVED, place.path, place.path, place.field, None, (), place.position, place.after
        )
        changes.append((_removed_order(place, before, order, renamed), change))
    return [change for _order, change in sorted(changes, key=lambda item: item[0])]


def _inside_new(place: _Place, before: dict, renamed: dict) -> bool:
    """Whether the field's parent group is itself new (the group's addition reports it)."""
    return place.parent is not None and renamed.get(place.parent, place.parent) not in before


def _removed_order(place: _Place, before: dict, order: dict, renamed: dict) -> float:
    """Sort a removed field just after the nearest earlier field that is still there."""
    kept = {renamed.get(name, name): name for name in order}
    names = list(before)
    for name in reversed(names[: names.index(place.field["name"])]):
        if name in kept:
            return order[kept[name]] + 0.5
    return -0.5


def _renames(before: dict[str, _Place], after: dict[str, _Place]) -> dict[str, str]:
    """New name -> old name of the fields that were renamed."""
    renamed: dict[str, str] = {}
    removed = [name for name in before if name not in after]
    for name, place in after.items():
        if name in before:
            continue
        parent = renamed.get(place.parent, place.parent)
        candidates = [
            before[old]
            for old in removed
            if old not in renamed.values()
            and before[old].parent == parent
            and before[old].field["type"] == place.field["type"]
        ]
        match = next((c for c in candidates if c.position == place.position), None) or next(
            (c for c in candidates if _same_label(c.field, place.field)), None
        )
        if match:
            renamed[name] = match.field["name"]
    return renamed


def _same_label(old: dict, new: dict) -> bool:
    """Whether the labels agree in a language both give."""
    first, second = old.get("label") or {}, new.get("label") or {}
    return any(
        (first.get(language) or "").strip()
        and (first.get(language) or "").strip() == (second.get(language) or "").strip()
        for language in ("zh_CN", "en")
    )


def _compared(before: _Place, after: _Place, renamed: dict) -> FieldChange | None:
    keys = key_changes(before.field, after.field)
    if renamed.get(after.parent, after.parent) != before.parent:
        keys = (KeyChange("group", before.parent, after.parent), *keys)
    name_changed = before.field["name"] != after.field["name"]
    if not keys and not name_changed:
        return None
    kind = RENAMED if name_changed else CHANGED
    return FieldChange(
        kind, after.path, before.path, before.field, after.field, keys, after.position, after.after
    )


def key_changes(old: dict, new: dict) -> tuple[KeyChange, ...]:
    """The keys of one field (children aside) whose values differ, options option by option."""
    keys = sorted((set(old) | set(new)) - _NOT_COMPARED)
    changed = [
        KeyChange(key, old.get(key), new.get(key)) for key in keys if old.get(key) != new.get(key)
    ]
    return (*changed, *_option_changes(old.get("options") or [], new.get("options") or []))


def _option_changes(old: list[dict], new: list[dict]) -> list[KeyChange]:
    old_by_value = {o["value"]: o for o in old}
    new_by_value = {o["value"]: o for o in new}
    changes = []
    added = [value for value in new_by_value if value not in old_by_value]
    removed = [value for value in old_by_value if value not in new_by_value]
    if added:
        changes.append(KeyChange("options.added", None, added))
    if removed:
        changes.append(KeyChange("options.removed", removed, None))
    for value, option in new_by_value.items():
        if value in old_by_value and old_by_value[value].get("label") != option.get("label"):
            changes.append(
                KeyChange(
                    f"options.{value}.label", old_by_value[value].get("label"), option.get("label")
                )
            )
    kept_old = [value for value in old_by_value if value in new_by_value]
    kept_new = [value for value in new_by_value if value in old_by_value]
    if kept_old != kept_new:
        changes.append(KeyChange("options.order", kept_old, kept_new))
    return changes
