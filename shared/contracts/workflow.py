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
