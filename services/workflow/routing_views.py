"""Read queries of the routing rules page and the dry run, with names in place of codes.

The rules page shows an administrator the rules that apply in their area in the order
they are tried: their own unit's first, then those inherited from above (city, then
province), each inherited one with the unit that set it and whether one of the unit's own
rules overrides it; rules set further down the area are listed apart, read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.workflow.domain import messages
from services.workflow.domain.access import Viewer, own_org_unit_id
from services.workflow.domain.known import OrgUnit
from services.workflow.domain.routing import (
    COUNTY_DEFAULT_DEPARTMENT,
    DEPARTMENT_PREFIX,
    ORG_UNIT_PREFIX,
    RoutingRule,
    effective_rules,
    rule_order,
)
from services.workflow.domain.staffing import can_act, redirect_target
from services.workflow.naming import Names, text
from shared.org_paths import is_within

#: How many units a warning names before it only counts the rest.
NAMED_IN_WARNING = 3


class Staffing:
    """Who can act where in an administrator's area (and above it), for warnings."""

    def __init__(self, uow, area: str):
        units = uow.known.org_units_in(area) + uow.known.org_units_on(area)
        self.units = {unit.id: unit for unit in units}
        self.roles = uow.known.roles_by_unit(self.units)

    def redirect(self, unit: OrgUnit) -> str | None:
        """Where a ticket for ``unit`` goes instead; None when someone there can act."""
        return redirect_target(unit.path, self.roles)

    def is_empty(self, unit: OrgUnit) -> bool:
        return not can_act(self.roles.get(unit.id))

    def named_by(self, target: str) -> list[OrgUnit]:
        """The units of the area a rule's target may send tickets to."""
        if target.startswith(ORG_UNIT_PREFIX):
            unit = self.units.get(target.removeprefix(ORG_UNIT_PREFIX))
            return [unit] if unit else []
        in_counties = [unit for unit in self.units.values() if self.in_a_county(unit)]
        if target.startswith(DEPARTMENT_PREFIX):
            suffix = "-" + target.removeprefix(DEPARTMENT_PREFIX)
            return [unit for unit in in_counties if unit.id.endswith(suffix)]
        if target == COUNTY_DEFAULT_DEPARTMENT:
            return [unit for unit in in_counties if unit.is_default_department]
        return []

    def in_a_county(self, unit: OrgUnit) -> bool:
        """Whether ``unit`` is a department of a county bureau."""
        parent = self.units.get(unit.parent_id or "")
        return unit.kind == "department" and parent is not None and parent.kind == "county"


def target_warnings(target: str, staffing: Staffing, names: Names) -> list[str]:
    """Warnings for a target that sends tickets where nobody can act (at most three
    named, then a count)."""
    empty = [unit for unit in staffing.named_by(target) if staffing.is_empty(unit)]
    warnings = [unit_warning(unit, staffing, names) for unit in empty[:NAMED_IN_WARNING]]
    if len(empty) > NAMED_IN_WARNING:
        more = len(empty) - NAMED_IN_WARNING
        warnings.append(f"… (+{more})")
    return warnings


def unit_warning(unit: OrgUnit, staffing: Staffing, names: Names) -> str:
    to = staffing.redirect(unit)
    if to is None:
        return messages.message("trace_warning_nowhere", names.lang, unit=names.unit(unit.id))
    return messages.message(
        "trace_warning_unit", names.lang, unit=names.unit(unit.id), to=names.unit(to)
    )


@dataclass(frozen=True)
class RuleRow:
    """One rule on the rules page, in words."""

    rule: RoutingRule
    set_by: str
    is_own: bool
    #: Whether a rule of the same id set nearer (the viewer's own) overrides this one.
    overridden: bool
    form: str
    conditions: list[str]
    target: str
    warnings: list[str]


def rules_page(uow, viewer: Viewer, lang: str) -> dict:
    """The rules that apply in the viewer's area, in order, and those set below it."""
    names = Names(uow, lang, viewer.org_path)
    staffing = Staffing(uow, viewer.org_path)
    above = uow.workflow.routing_rules_above(viewer.org_path)
    effective = {id(rule) for rule in effective_rules(above)}
    rows = [
        _row(rule, names, staffing, is_own=rule.tier == 0, overridden=id(rule) not in effective)
        for rule in sorted(above, key=rule_order)
    ]
    below = [
        _row(rule, names, staffing, is_own=False, overridden=False)
        for rule in uow.workflow.routing_rules_below(viewer.org_path)
    ]
    return {"rows": rows, "below": below, "own_unit": names.unit(own_org_unit_id(viewer))}


def _row(rule, names: Names, staffing: Staffing, *, is_own: bool, overridden: bool) -> RuleRow:
    return RuleRow(
        rule=rule,
        set_by=names.unit(rule.org_unit_id),
        is_own=is_own,
        overridden=overridden,
        form=names.form(rule.form_key),
        conditions=[names.condition(condition) for condition in rule.conditions],
        target=names.target(rule.target),
        warnings=target_warnings(rule.target, staffing, names),
    )


def editor_choices(uow, viewer: Viewer, lang: str) -> dict:
    """What the rule editor offers by name: forms and their questions, departments and
    org units of the area (each with a warning when nobody there can act)."""
    names = Names(uow, lang, viewer.org_path)
    staffing = Staffing(uow, viewer.org_path)
    area_units = [u for u in staffing.units.values() if is_within(u.path, viewer.org_path)]
    return {
        "forms": [(key, text(form.title, lang)) for key, form in sorted(names.forms.items())],
        "field_groups": _field_groups(names),
        "field_meta": _field_meta(names),
        "departments": _departments(area_units, staffing, names),
        "org_units": [
            (unit.id, *_with_warning(names.unit(unit.id), unit, staffing, names))
            for unit in sorted(area_units, key=lambda u: u.path)
        ],
    }


def _with_warning(label: str, unit: OrgUnit, staffing: Staffing, names: Names):
    """(label, warning): the label followed by the warning when nobody in ``unit`` can
    act, and the warning alone (None otherwise)."""
    if not staffing.is_empty(unit):
        return label, None
    warning = unit_warning(unit, staffing, names)
    return f"{label} — {warning}", warning


def _departments(area_units, staffing: Staffing, names: Names) -> list[tuple[str, str, str]]:
    """Department codes of the area's counties by name (code, label, warning), with a
    warning naming the counties whose department of that code has nobody who can act."""
    names_by_code: dict[str, str] = {}
    for unit in sorted(area_units, key=lambda u: u.path):
        if staffing.in_a_county(unit):
            names_by_code.setdefault(unit.id.rsplit("-", 1)[1], names.own_name(unit))
    choices = []
    for code, name in names_by_code.items():
        warnings = target_warnings(f"{DEPARTMENT_PREFIX}{code}", staffing, names)
        label = f"{name} — {warnings[0]}" if warnings else name
        choices.append((code, label, " ".join(warnings) or None))
    return sorted(choices, key=lambda choice: choice[1])


def _field_groups(names: Names) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The questions a condition may test, grouped: the enterprise's attributes, then
    each form's questions; each group as (key, name, [(field, name)])."""
    attributes = [f"enterprise.{a}" for a in ("scale", "types")]
    groups = [
        (
            "enterprise",
            messages.message("field_group_enterprise", names.lang),
            [(name, names.field(name)) for name in attributes],
        )
    ]
    for key, form in sorted(names.forms.items()):
        fields = [(f["name"], text(f.get("label"), names.lang) or f["name"]) for f in form.fields]
        groups.append((key, text(form.title, names.lang) or key, fields))
    return groups


def _field_meta(names: Names) -> dict:
    """Each question's type and choices by name (labels in the page's language), for the
    editor's script and for reading the editor's post."""
    meta: dict[str, dict] = {}
    fields = [f for form in names.forms.values() for f in form.fields]
    fields += [names.field_meta(f"enterprise.{a}") for a in ("scale", "types")]
    for item in fields:
        options = item.get("options") or []
        if item.get("type") == "boolean":
            options = [
                {"value": v, "label": {names.lang: names.label("boolean", str(v).lower())}}
                for v in (True, False)
            ]
        meta.setdefault(
            item["name"],
            {
                "type": item.get("type"),
                "options": [
                    {"value": o["value"], "label": text(o.get("label"), names.lang)}
                    for o in options
                ],
            },
        )
    return meta
