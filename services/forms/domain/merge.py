"""Applying one template change to a county's draft, field by field.

A county that forked a template merges the template's later changes one field at a time:
an added field is inserted at the same place (after the same sibling, in the same group),
a removed one removed, a renamed or changed one given the template's new values for just
the keys the template changed, so the county's own changes to its other keys stay.
"""

from __future__ import annotations

import copy

from services.forms.domain.diff import ADDED, REMOVED, FieldChange, KeyChange
from services.forms.domain.errors import MergeConflict


def is_applied(draft: dict, change: FieldChange) -> bool:
    """Whether ``draft`` already has ``change`` (merged, or made by the county itself)."""
    if change.kind == REMOVED:
        return _find(draft["fields"], change.old_name) is None
    found = _find(draft["fields"], change.name)
    if found is None:
        return False
    if change.kind == ADDED:
        return True
    siblings, index, parent = found
    return all(_key_applied(siblings[index], parent, key) for key in change.keys)


def apply_change(draft: dict, change: FieldChange) -> dict:
    """A copy of ``draft`` with ``change`` applied.

    :raises MergeConflict: the draft has another field of the added field's name, or lacks
        the group the field belongs in.
    """
    draft = copy.deepcopy(draft)
    if change.kind == ADDED:
        _insert(draft, change, copy.deepcopy(change.new))
        return draft
    found = _find(draft["fields"], change.old_name)
    if change.kind == REMOVED:
        if found:
            del found[0][found[1]]
        return draft
    if found is None:
        # The county had removed the field: the template's version of it comes back.
        _insert(draft, change, copy.deepcopy(change.new))
        return draft
    siblings, index, _parent = found
    updated = _updated(siblings[index], change)
    if any(key.key == "group" for key in change.keys):
        del siblings[index]
        _insert(draft, change, updated)
    else:
        siblings[index] = updated
    return draft


def _find(fields: list[dict], name: str | None, parent: str | None = None):
    """(siblings, index, parent group name) of the field called ``name``, or None."""
    for index, field in enumerate(fields):
        if field["name"] == name:
            return fields, index, parent
        found = _find(field.get("fields", []), name, field["name"])
        if found:
            return found
    return None


def _insert(draft: dict, change: FieldChange, field: dict) -> None:
    if _find(draft["fields"], field["name"]) is not None:
        raise MergeConflict(
            field["label"],
            "name_taken",
            {
                "zh_CN": f"草稿中已有名为 {field['name']} 的另一个字段。",
                "en": f"the draft already has another field named {field['name']}.",
            },
        )
    siblings = draft["fields"]
    if change.parent:
        group = _find(draft["fields"], change.parent.rsplit(".", 1)[-1])
        if group is None:
            raise MergeConflict(
                field["label"],
                "no_group",
                {
                    "zh_CN": "草稿中没有它所在的分组，请先合并该分组。",
                    "en": "the draft lacks the group it belongs in; merge the group first.",
                },
            )
        group_siblings, group_index, _ = group
        siblings = group_siblings[group_index].setdefault("fields", [])
    siblings.insert(_position(siblings, change), field)


def _position(siblings: list[dict], change: FieldChange) -> int:
    """After the sibling it follows in the template, else at the template's index."""
    if change.after is None:
        return 0
    names = [field["name"] for field in siblings]
    if change.after in names:
        return names.index(change.after) + 1
    return min(change.position, len(siblings))


def _updated(field: dict, change: FieldChange) -> dict:
    field = {**copy.deepcopy(field), "name": change.name}
    for key in change.keys:
        if key.key == "group" or key.key.startswith("options."):
            continue
        if key.new is None:
            field.pop(key.key, None)
        else:
            field[key.key] = copy.deepcopy(key.new)
    if any(key.key.startswith("options.") for key in change.keys):
        field["options"] = _merged_options(field.get("options", []), change)
    return field


def _merged_options(options: list[dict], change: FieldChange) -> list[dict]:
    template = change.new.get("options", [])
    by_value = {option["value"]: option for option in template}
    merged = [copy.deepcopy(option) for option in options]
    for key in change.keys:
        if key.key == "options.removed":
            merged = [option for option in merged if option["value"] not in key.old]
        elif key.key == "options.added":
            for value in key.new:
                merged.append(copy.deepcopy(by_value[value]))
        elif key.key.endswith(".label"):
            value = key.key.removeprefix("options.").removesuffix(".label")
            for option in merged:
                if option["value"] == value:
                    option["label"] = copy.deepcopy(key.new)
    # The template's order, for the options it has; the county's own ones keep theirs after.
    order = {option["value"]: index for index, option in enumerate(template)}
    return sorted(merged, key=lambda option: order.get(option["value"], len(order)))


def _key_applied(field: dict, parent: str | None, key: KeyChange) -> bool:
    values = [option["value"] for option in field.get("options", [])]
    if key.key == "group":
        return parent == key.new
    if key.key == "options.added":
        return all(value in values for value in key.new)
    if key.key == "options.removed":
        return not any(value in values for value in key.old)
    if key.key == "options.order":
        return [value for value in values if value in key.new] == key.new
    if key.key.startswith("options."):
        value = key.key.removeprefix("options.").removesuffix(".label")
        labels = [
            option.get("label") for option in field.get("options", []) if option["value"] == value
        ]
        return labels == [key.new]
    return field.get(key.key) == key.new
