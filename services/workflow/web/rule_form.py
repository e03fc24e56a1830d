"""The routing rule editor's post, read into the rule JSON the API takes, and a rule
turned back into what the editor shows.

The editor names forms, questions, choices, departments and org units by name; their
codes travel in the options' values. A condition row is a question, an operator and
either the chosen choices or a typed value (for "is one of", separated by commas). Typed
values of number and yes/no questions become numbers and true/false. Anything else the
editor sends goes to ``validate_rule`` as it came, so its refusals name the field.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.datastructures import MultiDict

from services.workflow.domain.routing import (
    COUNTY_DEFAULT_DEPARTMENT,
    DEPARTMENT_PREFIX,
    ORG_UNIT_PREFIX,
    PAIRED_LIAISON,
    RoutingRule,
)

TARGET_KINDS = (PAIRED_LIAISON, COUNTY_DEFAULT_DEPARTMENT, "department", "org_unit")
#: Blank condition rows the editor offers below a rule's conditions.
BLANK_ROWS = 2
_ROW = re.compile(r"cond-(\d+)-field")
_LIST_SEPARATORS = re.compile(r"[,，、]")


def rule_from_form(form: MultiDict, field_meta: dict, rule_id: str | None = None) -> dict:
    """The rule an editor post describes; condition rows without a question are left out."""
    data: dict[str, Any] = {
        "id": rule_id if rule_id is not None else form.get("id", "").strip(),
        "form_key": form.get("form_key") or None,
        "conditions": _conditions(form, field_meta),
        "target": _target(form),
        "deadline_working_days": _number(form.get("deadline_working_days")),
        "is_active": form.get("is_active") == "true",
    }
    priority = _number(form.get("priority"))
    if priority is not None:
        data["priority"] = priority
    return data


def _number(text: str | None) -> Any:
    """A whole number typed in a box; the text itself when it is not one (so the rule's
    check names it), None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    return int(text) if re.fullmatch(r"-?\d{1,9}", text) else text


def _target(form: MultiDict) -> str | None:
    kind = form.get("target_kind", "")
    if kind in (PAIRED_LIAISON, COUNTY_DEFAULT_DEPARTMENT):
        return kind
    chosen = form.get(kind, "").strip() if kind in ("department", "org_unit") else ""
    if not chosen:
        return None
    prefix = DEPARTMENT_PREFIX if kind == "department" else ORG_UNIT_PREFIX
    return prefix + chosen


def _conditions(form: MultiDict, field_meta: dict) -> list[dict]:
    rows = sorted(int(match[1]) for key in form if (match := _ROW.fullmatch(key)))
    conditions = []
    for row in rows:
        field = form.get(f"cond-{row}-field", "").strip()
        if field:
            conditions.append(_condition(form, row, field, field_meta.get(field) or {}))
    return conditions


def _condition(form: MultiDict, row: int, field: str, meta: dict) -> dict:
    op = form.get(f"cond-{row}-op", "")
    condition: dict[str, Any] = {"field": field, "op": op}
    if op == "exists":
        return condition
    choices = [_typed(v, meta) for v in form.getlist(f"cond-{row}-choice") if v != ""]
    text = form.get(f"cond-{row}-value", "").strip()
    if choices:
        value = choices if op == "in" or len(choices) > 1 else choices[0]
    elif text and op == "in":
        value = [_typed(item.strip(), meta) for item in _LIST_SEPARATORS.split(text)]
    else:
        value = _typed(text, meta) if text else None
    if value is not None:
        condition["value"] = value
    return condition


def _typed(text: str, meta: dict) -> Any:
    """A value as its question stores it: a choice's own value, a number, true/false."""
    for option in meta.get("options") or ():
        if shown(option["value"]) == text:
            return option["value"]
    kind = meta.get("type")
    if kind == "boolean" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if kind in ("integer", "rating") and re.fullmatch(r"-?\d+", text):
        return int(text)
    if kind == "number" and re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text) if "." in text else int(text)
    return text


def shown(value: Any) -> str:
    """A value as the editor's choice boxes carry it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def form_from_rule(data: dict, field_meta: dict) -> dict:
    """What the editor shows for rule ``data`` (as stored or as posted): the target split
    into its kind and choice, and condition rows with blank ones to add more."""
    target = data.get("target") or ""
    kind, chosen = target, ""
    for prefix, name in ((DEPARTMENT_PREFIX, "department"), (ORG_UNIT_PREFIX, "org_unit")):
        if target.startswith(prefix):
            kind, chosen = name, target.removeprefix(prefix)
    rows = [_row(c, field_meta) for c in data.get("conditions") or [] if isinstance(c, dict)]
    rows += [{"field": "", "op": "eq", "text": "", "chosen": []}] * BLANK_ROWS
    return {**data, "target_kind": kind, "target_choice": chosen, "rows": rows}


def _row(condition: dict, field_meta: dict) -> dict:
    value = condition.get("value")
    values = value if isinstance(value, list) else [] if value is None else [value]
    has_options = bool((field_meta.get(condition.get("field")) or {}).get("options"))
    return {
        "field": condition.get("field") or "",
        "op": condition.get("op") or "eq",
        "text": "" if has_options else ", ".join(shown(v) for v in values),
        "chosen": [shown(v) for v in values] if has_options else [],
    }


def rule_data(rule: RoutingRule) -> dict:
    """A stored rule as the editor's data."""
    return {
        "id": rule.id,
        "priority": rule.priority,
        "form_key": rule.form_key,
        "conditions": [{"field": c.field, "op": c.op, "value": c.value} for c in rule.conditions],
        "target": rule.target,
        "deadline_working_days": rule.deadline_working_days,
        "is_active": rule.is_active,
    }
