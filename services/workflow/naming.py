"""Names in place of codes, for workflow's administrative pages and dry runs: org units,
forms and their questions, enterprise attributes, rule conditions and targets.

One :class:`Names` serves one request, in one language, inside an open unit of work; it
looks up what it names as it goes and remembers it.
"""

from __future__ import annotations

import json
from typing import Any

from services.workflow.domain import messages
from services.workflow.domain.known import Form, OrgUnit
from services.workflow.domain.routing import (
    COUNTY_DEFAULT_DEPARTMENT,
    DEPARTMENT_PREFIX,
    ENTERPRISE_ATTRIBUTES,
    ENTERPRISE_PREFIX,
    MISSING,
    ORG_UNIT_PREFIX,
    PAIRED_LIAISON,
    Condition,
)
from shared.org_paths import is_within


def text(label: dict | None, lang: str) -> str:
    """A ``{"zh_CN", "en"}`` text in ``lang``, falling back to the other language."""
    label = label or {}
    first = "zh_CN" if messages.language(lang) == messages.ZH_CN else "en"
    return label.get(first) or next((value for value in label.values() if value), "")


def nearest_forms(forms: list[Form], path: str) -> dict[str, Form]:
    """One form per key: the one set nearest above ``path`` (the one that applies there),
    else one set below it."""
    chosen: dict[str, Form] = {}
    for form in sorted(forms, key=lambda f: (not is_within(path, f.org_path), -len(f.org_path))):
        chosen.setdefault(form.key, form)
    return chosen


class Names:
    """Names in ``lang`` of what the administrator at ``area`` sees."""

    def __init__(self, uow, lang: str, area: str):
        self.uow, self.lang, self.area = uow, messages.language(lang), area
        self.forms = nearest_forms(uow.known.forms_for(area), area)
        self._units: dict[str, OrgUnit | None] = {}

    def label(self, kind: str, code: str) -> str:
        return messages.label(kind, code, self.lang)

    def org_unit(self, unit_id: str) -> OrgUnit | None:
        if unit_id not in self._units:
            self._units[unit_id] = self.uow.known.org_unit(unit_id)
        return self._units[unit_id]

    def unit(self, unit_id: str | None) -> str:
        """An org unit's name; a department's with its bureau's ("上城区 办公室")."""
        unit = self.org_unit(unit_id) if unit_id else None
        if unit is None:
            return unit_id or ""
        own = self.own_name(unit)
        parent = self.org_unit(unit.parent_id) if unit.kind == "department" else None
        return f"{self.own_name(parent)} {own}" if parent else own

    def own_name(self, unit: OrgUnit) -> str:
        """The unit's own name, without its bureau's."""
        return unit.name if self.lang == messages.ZH_CN else unit.name_en or unit.name

    def form(self, key: str | None) -> str:
        if key is None:
            return ""
        form = self.forms.get(key)
        return text(form.title, self.lang) if form else key

    def field_meta(self, name: str) -> dict | None:
        """The question ``name`` of any known form (type, label, options), or for an
        ``enterprise.*`` field its attribute's choices."""
        if name.startswith(ENTERPRISE_PREFIX):
            kind = name.removeprefix(ENTERPRISE_PREFIX)
            values = ENTERPRISE_ATTRIBUTES.get(kind, ())
            options = [{"value": v, "label": {self.lang: self.label(kind, v)}} for v in values]
            return {"name": name, "type": "enterprise", "options": options}
        return next(
            (found for form in self.forms.values() if (found := form.field_named(name))), None
        )

    def field(self, name: str) -> str:
        if name.startswith(ENTERPRISE_PREFIX):
            return self.label("field", name)
        meta = self.field_meta(name)
        return text(meta.get("label"), self.lang) if meta else name

    def value(self, field: str, value: Any) -> str:
        """A tested or compared value in words: choices by their labels, lists joined."""
        if value is MISSING or value is None:
            return messages.message("trace_unanswered", self.lang)
        if isinstance(value, list):
            joiner = "、" if self.lang == messages.ZH_CN else ", "
            return joiner.join(self.value(field, item) for item in value)
        if isinstance(value, bool):
            return self.label("boolean", "true" if value else "false")
        meta = self.field_meta(field) or {}
        option = next((o for o in meta.get("options", ()) if o.get("value") == value), None)
        if option is not None:
            return text(option.get("label"), self.lang) or str(value)
        return f"“{value}”" if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    def condition(self, condition: Condition) -> str:
        words = [self.field(condition.field), self.label("op", condition.op)]
        if condition.op != "exists":
            words.append(self.value(condition.field, condition.value))
        return " ".join(words)

    def department(self, code: str) -> str:
        """The name of the department of that code in the area (the first one found)."""
        found = self.uow.known.department_in(self.area, code)
        return self.own_name(found) if found else code

    def target(self, target: str) -> str:
        """What a rule's target names, in words."""
        if target in (PAIRED_LIAISON, COUNTY_DEFAULT_DEPARTMENT):
            return self.label("target", target)
        if target.startswith(DEPARTMENT_PREFIX):
            return self.department(target.removeprefix(DEPARTMENT_PREFIX))
        if target.startswith(ORG_UNIT_PREFIX):
            return self.unit(target.removeprefix(ORG_UNIT_PREFIX))
        return target
