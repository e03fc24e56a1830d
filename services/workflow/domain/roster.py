"""The pairing roster's rules (结对).

An administrator pairs an enterprise of their area with a liaison for a year: the liaison
must be a person with the liaison role in the enterprise's county; a contact leader, when
named, a person with the contact leader role there too. An enterprise has at most one
active pairing a year. Input is untrusted: each refusal names the field and the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.workflow.domain.errors import InvalidPairing
from services.workflow.domain.known import Enterprise, Person
from shared.org_paths import is_within

MIN_YEAR, MAX_YEAR = 2000, 2099
#: The longest reason for ending a pairing, in characters.
MAX_END_REASON = 500
LIAISON = "liaison"
CONTACT_LEADER = "contact_leader"
_KEYS = frozenset({"enterprise_id", "liaison_person_id", "contact_leader_person_id", "year"})
#: The rule a person breaks by lacking the role.
_ROLE_RULES = {LIAISON: "not_liaison", CONTACT_LEADER: "not_contact_leader"}


@dataclass(frozen=True)
class PairingInput:
    """A well-formed pairing request, not yet checked against who and what exist."""

    enterprise_id: str
    liaison_person_id: str
    contact_leader_person_id: str | None
    year: int


def validate_pairing_input(data: Any) -> PairingInput:
    """Build a pairing request from untrusted input (the API or a form).

    Raises InvalidPairing naming the first field that breaks a rule, and the rule.
    """
    if not isinstance(data, Mapping):
        raise InvalidPairing("pairing", "not_object")
    unknown = sorted(str(key) for key in data if key not in _KEYS)
    if unknown:
        raise InvalidPairing(unknown[0], "unknown_field")
    leader = data.get("contact_leader_person_id")
    return PairingInput(
        enterprise_id=_required_string(data.get("enterprise_id"), "enterprise_id"),
        liaison_person_id=_required_string(data.get("liaison_person_id"), "liaison_person_id"),
        contact_leader_person_id=(
            None if leader is None else _required_string(leader, "contact_leader_person_id")
        ),
        year=_year(data.get("year")),
    )


def validate_end_reason(data: Any) -> str:
    """The reason an administrator gives for ending a pairing, from untrusted input
    (``{"reason": ...}``): required, at most 500 characters, trimmed.

    Raises InvalidPairing naming the field and the rule.
    """
    if not isinstance(data, Mapping):
        raise InvalidPairing("pairing", "not_object")
    unknown = sorted(str(key) for key in data if key != "reason")
    if unknown:
        raise InvalidPairing(unknown[0], "unknown_field")
    reason = _required_string(data.get("reason"), "reason")
    if len(reason) > MAX_END_REASON:
        raise InvalidPairing("reason", "too_long", MAX_END_REASON)
    return reason


def check_enterprise(enterprise: Enterprise | None, area: str, enterprise_id: str) -> Enterprise:
    """The enterprise, if it exists within the administrator's ``area`` (an org path).

    Raises InvalidPairing otherwise; an enterprise outside the area is not told apart from
    one that does not exist.
    """
    if enterprise is None or not is_within(enterprise.org_path, area):
        raise InvalidPairing("enterprise_id", "unknown_enterprise", enterprise_id)
    return enterprise


def check_staff(person: Person | None, role: str, field: str, county_path: str, person_id: str):
    """Check that ``person`` exists, has ``role`` and belongs to the enterprise's county.

    Raises InvalidPairing naming ``field`` and the first rule broken.
    """
    if person is None:
        raise InvalidPairing(field, "unknown_person", person_id)
    if not person.has_role(role):
        raise InvalidPairing(field, _ROLE_RULES[role])
    if not is_within(person.org_path, county_path):
        raise InvalidPairing(field, "outside_county")


def _required_string(value: Any, field: str) -> str:
    if value is None:
        raise InvalidPairing(field, "required")
    if not isinstance(value, str):
        raise InvalidPairing(field, "not_string")
    if not value.strip():
        raise InvalidPairing(field, "required")
    return value.strip()


def _year(value: Any) -> int:
    if value is None:
        raise InvalidPairing("year", "required")
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPairing("year", "not_integer")
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise InvalidPairing("year", "year_range", value)
    return value
