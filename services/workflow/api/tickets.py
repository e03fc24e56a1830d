"""Tickets: list and read those in one's scope, and move them through the closed loop."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, pre_dump

from services.workflow import handlers, views
from services.workflow.domain.commands import AcceptTicket, CloseTicket, ResolveTicket
from shared.web.api import login_required_api

bp = Blueprint(
    "workflow_tickets",
    __name__,
    url_prefix="/workflow/api",
    description='Tickets: "one event, one order", from assignment to write-off',
)

TICKET_FIELDS = (
    "id",
    "number",
    "title",
    "status",
    "account_id",
    "enterprise_id",
    "submission_id",
    "acceptance_number",
    "county_id",
    "org_path",
    "assignee_person_id",
    "assignee_org_unit_id",
    "opened_at",
    "due_at",
)


class HistoryEntrySchema(Schema):
    at = fields.AwareDateTime()
    actor_id = fields.String(attribute="actor")
    action = fields.String(metadata={"description": "open, accept, resolve or close"})
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    details = fields.Dict()


class TicketSchema(Schema):
    id = fields.String()
    number = fields.String()
    title = fields.String()
    status = fields.String(metadata={"description": "assigned, accepted, resolved or closed"})
    account_id = fields.String()
    enterprise_id = fields.String()
    enterprise_name = fields.String()
    submission_id = fields.String(allow_none=True)
    acceptance_number = fields.String(allow_none=True)
    county_id = fields.String()
    org_path = fields.String()
    assignee_person_id = fields.String(allow_none=True)
    assignee_org_unit_id = fields.String(allow_none=True)
    opened_at = fields.AwareDateTime()
    due_at = fields.AwareDateTime(allow_none=True)
    deadline = fields.String(allow_none=True, metadata={"description": "overdue, due_soon or null"})

    @pre_dump
    def flatten(self, row: dict, **_kwargs) -> dict:
        ticket = row["ticket"]
        flat = {name: getattr(ticket, name) for name in TICKET_FIELDS}
        return {**row, **flat}


class AttachmentSchema(Schema):
    upload_id = fields.String()
    filename = fields.String()
    size = fields.Integer(metadata={"description": "in bytes"})
    url = fields.String(metadata={"description": "forms' download of the file"})


class AnswerRowSchema(Schema):
    name = fields.String(
        metadata={"description": "the answer's dotted path (site.address, outlets.0.flow)"}
    )
    label = fields.Dict(metadata={"description": '{"zh_CN": …, "en": …}'})
    text = fields.Dict(
        allow_none=True,
        metadata={"description": '{"zh_CN": …, "en": …}; null when unanswered or a heading'},
    )
    files = fields.List(fields.Nested(AttachmentSchema))
    depth = fields.Integer(metadata={"description": "0 at the top; one more under a heading"})
    is_heading = fields.Boolean(
        metadata={"description": "a section, group or repeated row naming the lines under it"}
    )


class ContactSchema(Schema):
    name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    submitter_name = fields.String(
        allow_none=True, metadata={"description": "the enterprise user who filed"}
    )


class TicketDetailSchema(TicketSchema):
    form_key = fields.String(allow_none=True)
    form_version = fields.Integer(allow_none=True)
    answers = fields.List(
        fields.Nested(AnswerRowSchema),
        metadata={
            "description": "the submission's answers in its version's labels, as rows to show "
            "(empty for a ticket opened before tickets kept them)"
        },
    )
    contact = fields.Nested(ContactSchema, allow_none=True)
    submission_url = fields.String(
        allow_none=True, metadata={"description": "forms' page of the submission"}
    )
    history = fields.List(fields.Nested(HistoryEntrySchema))
    actions = fields.List(
        fields.String(), metadata={"description": "the actions open to the caller now"}
    )


class ResolveRequestSchema(Schema):
    note = fields.String(required=True, metadata={"description": "what was done"})


@bp.get("/tickets")
@login_required_api
@bp.response(200, TicketSchema(many=True))
def list_tickets():
    """Every ticket the caller may see: an administrator's area, what is assigned to them
    or their department, or an enterprise user's own enterprise's tickets."""
    with _runtime().uow() as uow:
        return views.visible_tickets(uow, current_user, handlers.now())


@bp.get("/tickets/<ticket_id>")
@login_required_api
@bp.response(200, TicketDetailSchema)
def get_ticket(ticket_id: str):
    """One ticket with its history; 404 when it is outside what the caller may see."""
    return _detail(ticket_id)


@bp.post("/tickets/<ticket_id>/accept")
@login_required_api
@bp.response(200, TicketDetailSchema)
def accept(ticket_id: str):
    """Accept an assigned ticket (its assignee, or an administrator over it)."""
    _runtime().execute(handlers.accept_ticket, AcceptTicket(ticket_id, current_user))
    return _detail(ticket_id)


@bp.post("/tickets/<ticket_id>/resolve")
@login_required_api
@bp.doc(requestBody={"content": {"application/json": {"schema": ResolveRequestSchema}}})
@bp.response(200, TicketDetailSchema)
def resolve(ticket_id: str):
    """Resolve an accepted ticket; ``note`` says what was done and is required."""
    body = request.get_json(silent=True)
    note = body.get("note") if isinstance(body, dict) else None
    _runtime().execute(handlers.resolve_ticket, ResolveTicket(ticket_id, current_user, note))
    return _detail(ticket_id)


@bp.post("/tickets/<ticket_id>/close")
@login_required_api
@bp.response(200, TicketDetailSchema)
def close(ticket_id: str):
    """Close (write off) a resolved ticket."""
    _runtime().execute(handlers.close_ticket, CloseTicket(ticket_id, current_user))
    return _detail(ticket_id)


def _detail(ticket_id: str) -> dict:
    with _runtime().uow() as uow:
        return views.ticket_detail(uow, current_user, ticket_id, handlers.now())


def _runtime():
    return current_app.extensions["qinqing"]
