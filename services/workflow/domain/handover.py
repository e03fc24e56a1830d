"""Where a ticket may go: the rules of hand-overs and co-handling invitations, on plain
values the handlers load from workflow's copy of directory (org units, people).

A unit's *bureau* is the nearest unit at or above it whose kind is province, city or
county. A transfer (转办) stays within the holder's bureau; an escalation (上报) goes to the
bureau one level up over the enterprise's area; an assignment down (下派) goes from a city
or the province to a bureau below it over the enterprise's area. Each may name the bureau
itself or one of its departments, and a person on that unit's staff.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.workflow.domain.errors import (
    InvalidCohandling,
    NoLevelAbove,
    NoLevelBelow,
    NotStaffOfUnit,
    SameHolder,
    TargetNotBelow,
    TargetNotOneLevelUp,
    TargetOutsideBureau,
    UnknownTarget,
)
from services.workflow.domain.known import OrgUnit, Person
from shared.org_paths import ancestors_and_self, is_within

BUREAU_KINDS = ("province", "city", "county")
#: Roles that make a person staff: everyone but enterprise users.
ENTERPRISE_USER = "enterprise_user"


@dataclass(frozen=True)
class OrgChart:
    """The kinds of some org units, by path: enough to find the bureau of a path."""

    kinds: Mapping[str, str]

    def bureau_of(self, path: str) -> str | None:
        """The path of the nearest bureau at or above ``path``; None if none is known."""
        for candidate in reversed(ancestors_and_self(path)):
            if self.kinds.get(candidate) in BUREAU_KINDS:
                return candidate
        return None

    def kind_of(self, path: str | None) -> str | None:
        return self.kinds.get(path) if path else None

    def parent_bureau_of(self, bureau: str) -> str | None:
        """The bureau one level above the bureau at ``bureau``; None at the top."""
        parent, _, _ = bureau.rpartition("/")
        return self.bureau_of(parent) if parent else None


@dataclass(frozen=True)
class Holder:
    """Who holds a ticket: an org unit, a person, or both, and the org path they work at."""

    org_unit_id: str | None
    person_id: str | None
    path: str


@dataclass(frozen=True)
class Target:
    """A unit (and optionally a person of it) named in a request, with what workflow knows
    of them (None when it knows nothing)."""

    org_unit_id: str
    unit: OrgUnit | None
    person_id: str | None = None
    person: Person | None = None

    def known_unit(self) -> OrgUnit:
        """The unit, checked to exist, and the person, checked to be on its staff.

        Raises UnknownTarget or NotStaffOfUnit.
        """
        if self.unit is None:
            raise UnknownTarget("org_unit_id", self.org_unit_id)
        if self.person_id is not None:
            if self.person is None:
                raise UnknownTarget("person_id", self.person_id)
            if not is_staff_of(self.person, self.unit):
                raise NotStaffOfUnit(self.person_id)
        return self.unit

    def holder(self) -> Holder:
        unit = self.known_unit()
        return Holder(unit.id, self.person_id, unit.path)


def is_staff_of(person: Person, unit: OrgUnit) -> bool:
    return person.org_unit_id == unit.id and ENTERPRISE_USER not in person.roles


def check_transfer(ticket, target: Target, chart: OrgChart) -> Holder:
    """The new holder of a transfer: a unit of the holder's bureau, not the holder."""
    unit = target.known_unit()
    if chart.bureau_of(unit.path) != chart.bureau_of(_holder_path(ticket)):
        raise TargetOutsideBureau(unit.id)
    return _other_holder(ticket, target)


def check_escalation(ticket, target: Target, chart: OrgChart) -> Holder:
    """The new holder of an escalation: a unit of the bureau one level up, over the
    enterprise's area."""
    up = chart.parent_bureau_of(chart.bureau_of(_holder_path(ticket)) or "")
    if up is None or not is_within(ticket.org_path, up):
        raise NoLevelAbove()
    unit = target.known_unit()
    if chart.bureau_of(unit.path) != up:
        raise TargetNotOneLevelUp(unit.id)
    return _other_holder(ticket, target)


def check_assignment_down(ticket, target: Target, chart: OrgChart) -> Holder:
    """The new holder of an assignment down: a unit of a bureau below the holder's (a
    city's or the province's), over the enterprise's area."""
    if not can_assign_down(ticket, chart):
        raise NoLevelBelow()
    here = chart.bureau_of(_holder_path(ticket)) or ""
    unit = target.known_unit()
    there = chart.bureau_of(unit.path)
    if there is None or there == here or not is_within(there, here):
        raise TargetNotBelow(unit.id)
    if not is_within(ticket.org_path, there):
        raise TargetNotBelow(unit.id)
    return _other_holder(ticket, target)


def can_escalate(ticket, chart: OrgChart) -> bool:
    up = chart.parent_bureau_of(chart.bureau_of(_holder_path(ticket)) or "")
    return up is not None and is_within(ticket.org_path, up)


def can_assign_down(ticket, chart: OrgChart) -> bool:
    here = chart.bureau_of(_holder_path(ticket))
    return chart.kind_of(here) in ("province", "city") and ticket.org_path != here


def _other_holder(ticket, target: Target) -> Holder:
    holder = target.holder()
    if target.person_id is not None:
        same = target.person_id == ticket.assignee_person_id
    else:
        same = ticket.assignee_person_id is None and holder.org_unit_id == (
            ticket.assignee_org_unit_id
        )
    if same:
        raise SameHolder(target.org_unit_id)
    return holder


def _holder_path(ticket) -> str:
    return ticket.holder_path or ticket.org_path


# Co-handling ------------------------------------------------------------------------------


def check_part_units(
    ticket, unit_ids: object, units: Mapping[str, OrgUnit], field: str = "org_unit_ids"
) -> list[OrgUnit]:
    """The units invited to co-handle ``ticket``: each known, a bureau or department of the
    ticket's province, not the holder's own, without an open part already, and listed once.

    Raises InvalidCohandling or UnknownTarget naming ``field``.
    """
    if not isinstance(unit_ids, list | tuple) or not unit_ids:
        raise InvalidCohandling(field, "empty_list")
    checked, seen = [], set()
    for unit_id in unit_ids:
        if unit_id in seen:
            raise InvalidCohandling(field, "duplicate_unit", unit_id)
        seen.add(unit_id)
        checked.append(check_part_unit(ticket, units.get(unit_id), unit_id, field))
    return checked


def check_part_unit(ticket, unit: OrgUnit | None, unit_id: object, field: str) -> OrgUnit:
    """One unit invited to co-handle ``ticket`` (see :func:`check_part_units`)."""
    if unit is None:
        raise UnknownTarget(field, unit_id)
    province = ticket.org_path.split("/", 1)[0]
    if not is_within(unit.path, province):
        raise InvalidCohandling(field, "part_unit_kind", unit.id)
    if unit.path == _holder_path(ticket) or unit.id == ticket.assignee_org_unit_id:
        raise InvalidCohandling(field, "part_is_holder", unit.id)
    if any(part.org_unit_id == unit.id and part.is_open for part in ticket.parts):
        raise InvalidCohandling(field, "part_already_open", unit.id)
    return unit
