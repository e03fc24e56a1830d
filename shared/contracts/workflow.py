"""Events the workflow service publishes."""

from marshmallow import Schema, fields

from shared.contracts import contract


@contract("workflow.ticket.opened")
class TicketOpenedV1(Schema):
    """Sent by workflow when a ticket is opened in an enterprise's service account and
    assigned: to the paired liaison (``assignee_person_id``) or, for an unpaired
    enterprise, to the county's default department (``assignee_org_unit_id``)."""

    ticket_id = fields.String(required=True)
    number = fields.String(required=True)
    account_id = fields.String(required=True)
    enterprise_id = fields.String(required=True)
    enterprise_name = fields.String(required=True)
    submission_id = fields.String(load_default=None, allow_none=True)
    title = fields.String(required=True)
    county_id = fields.String(required=True)
    org_path = fields.String(required=True)
    assignee_person_id = fields.String(load_default=None, allow_none=True)
    assignee_org_unit_id = fields.String(load_default=None, allow_none=True)
    opened_at = fields.AwareDateTime(required=True)
    due_at = fields.AwareDateTime(load_default=None, allow_none=True)


class _TicketTransitionV1(Schema):
    """The fields every ticket transition event carries."""

    ticket_id = fields.String(required=True)
    number = fields.String(required=True)
    county_id = fields.String(required=True)
    org_path = fields.String(required=True)
    #: The person who moved the ticket.
    actor_id = fields.String(required=True)
    at = fields.AwareDateTime(required=True)


@contract("workflow.ticket.accepted")
class TicketAcceptedV1(_TicketTransitionV1):
    """Sent by workflow when a ticket's assignee (or an administrator over its county)
    accepts it: the matter is being handled."""


@contract("workflow.ticket.resolved")
class TicketResolvedV1(_TicketTransitionV1):
    """Sent by workflow when a ticket is resolved. The note saying what was done stays in
    workflow's history; only its length travels."""

    note_length = fields.Integer(required=True)


@contract("workflow.ticket.closed")
class TicketClosedV1(_TicketTransitionV1):
    """Sent by workflow when a resolved ticket is closed (written off): the loop is
    complete."""


@contract("workflow.pairing.created")
class PairingCreatedV1(Schema):
    """Sent by workflow when an administrator pairs an enterprise with a liaison (and
    optionally a contact leader) for a year; feeds rosters and reminders."""

    pairing_id = fields.String(required=True)
    enterprise_id = fields.String(required=True)
    liaison_person_id = fields.String(required=True)
    contact_leader_person_id = fields.String(load_default=None, allow_none=True)
    year = fields.Integer(required=True)
    county_id = fields.String(required=True)
    org_path = fields.String(required=True)
    created_by = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)
