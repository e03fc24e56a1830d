"""Staff read the submission behind a ticket they handle.

An enterprise's users read its submissions, and staff those of their area (a county's
staff its enterprises', a city's its counties'). A department's staff are not over the
county's area, yet the tickets routed, handed over or co-handled to them (or to their
department) are theirs to work on, and so is reading what the enterprise asked. Forms
never reads workflow's tables: workflow's events say who handles a ticket from then on,
and forms keeps them as readers of the ticket's submission (``submission_readers``).

Readers accumulate: a person or department that handed the ticket on, or whose
co-handling is done, keeps reading the submission they worked on, as the ticket's
history keeps showing them what they did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PERSON = "person"
ORG_UNIT = "org_unit"

#: Per workflow event: the fields that name the people, then those that name the org
#: units, who handle the ticket from then on (a field may hold one id or a list of them).
HANDLER_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # Routed to a liaison, a department or a person.
    "workflow.ticket.opened": (("assignee_person_id",), ("assignee_org_unit_id",)),
    # Transferred, escalated, assigned down or returned: the new holder.
    "workflow.ticket.handed_over": (("holder_person_id",), ("holder_org_unit_id",)),
    # Departments invited to co-handle (会签, 或签) or added as signers (加签).
    "workflow.ticket.cohandle_invited": ((), ("org_unit_ids",)),
}


@dataclass(frozen=True)
class Reader:
    """A person, or every staff member of an org unit, who may read a submission."""

    kind: str
    id: str


def readers_named(event_type: str, data: Mapping) -> set[Reader]:
    """The readers a workflow event makes of its ticket's submission."""
    person_fields, unit_fields = HANDLER_FIELDS[event_type]
    return {Reader(PERSON, i) for i in _ids(data, person_fields)} | {
        Reader(ORG_UNIT, i) for i in _ids(data, unit_fields)
    }


def _ids(data: Mapping, names: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for name in names:
        value = data.get(name)
        found.update(value if isinstance(value, list) else [value] if value else [])
    return found


def reads_as(principal) -> set[Reader]:
    """What a staff member reads as: themselves, and their org unit. An enterprise's
    users read only their own enterprise's submissions, never as readers."""
    if principal.is_enterprise:
        return set()
    found = {Reader(PERSON, principal.id)}
    if principal.org_unit_id:
        found.add(Reader(ORG_UNIT, principal.org_unit_id))
    return found
