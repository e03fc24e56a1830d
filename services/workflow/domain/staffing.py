"""Who can act on a ticket assigned to an org unit, and where it goes when nobody can.

A ticket assigned to an org unit reaches the people whose org unit it is and who may act
on what it holds: department staff, or an administrator of that unit. A unit without any
(a department nobody was put in yet) would leave the ticket with nobody, so it goes to
the nearest bureau above the unit (county, then city, then province) with an
administrator in it; the ticket remembers the unit it was meant for.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from services.workflow.domain.access import ADMIN_ROLES, DEPARTMENT_STAFF

#: The roles that let a member of an org unit act on a ticket assigned to the unit.
ACTING_ROLES = frozenset({DEPARTMENT_STAFF, *ADMIN_ROLES})


def can_act(roles: Collection[str] | None) -> bool:
    """Whether someone of a unit holding ``roles`` may act on the unit's tickets."""
    return bool(roles) and not ACTING_ROLES.isdisjoint(roles)


def administers(roles: Collection[str] | None) -> bool:
    """Whether ``roles`` (of the people of a bureau) include an administrator's."""
    return bool(roles) and not frozenset(ADMIN_ROLES).isdisjoint(roles)


def redirect_target(unit_path: str, roles_in: Mapping[str, Collection[str]]) -> str | None:
    """Where a ticket for the unit at ``unit_path`` goes instead, or None to keep it there.

    :param unit_path: the unit's org path ("33/3301/330102/330102-eia"); each code in it is
        the id of the unit at that level.
    :param roles_in: for each unit id, the roles its people hold together.
    :returns: None when someone in the unit can act; else the id of the nearest unit above
        it with an administrator; None too when no unit above has one (nowhere better).
    """
    codes = unit_path.split("/")
    if can_act(roles_in.get(codes[-1])):
        return None
    return next((code for code in reversed(codes[:-1]) if administers(roles_in.get(code))), None)
