"""Tickets: list and read those in one's scope, and move them through the closed loop.

Every action is ``POST /workflow/api/tickets/<id>/<action>`` with a JSON body (documented
per action below) and answers the ticket as ``GET`` does. A body may carry the
``version`` the caller saw (or send ``If-Match: "<version>"``): if the ticket changed
since, or another change commits first, the answer is 409 and nothing changes.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, pre_dump

from services.workflow import handlers, tickets, views
from services.workflow.domain.commands import TicketAction
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
    "version",
    "account_id",
    "enterprise_id",
    "submission_id",
    "acceptance_number",
    "county_id",
    "org_path",
    "holder_path",
    "assignee_person_id",
    "assignee_org_unit_id",
    "form_key",
    "form_version",
    "category",
    "opened_at",
    "due_at",
    "supervised_by_org_unit_id",
)
#: The answers and contact come from the view, with the files' download addresses.
DETAIL_FIELDS = (
    "submitted_by",
    "resolved_at",
    "confirm_due_at",
    "closed_at",
    "rating",
    "rating_comment",
    "auto_confirmed",
    "suspended_at",
    "resume_on",
    "suspended_from",
    "supervised_at",
)
STATUSES = "assigned, accepted, returned, suspended, reopened, resolved, closed or cancelled"


class HistoryEntrySchema(Schema):
    at = fields.AwareDateTime()
    actor_id = fields.String(attribute="actor", metadata={"description": '"system": the sweep'})
    action = fields.String(metadata={"description": "open, or the action taken"})
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    details = fields.Dict(
        metadata={"description": "what the action said: note, reason, body, hand-over ..."}
    )
    internal = fields.Boolean(metadata={"description": "staff only; never sent to enterprises"})


class PartSchema(Schema):
    id = fields.String()
    group_id = fields.String(metadata={"description": "parts invited together"})
    mode = fields.String(metadata={"description": "all (会签) or any (或签)"})
    org_unit_id = fields.String()
    person_id = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "invited, accepted or done"})
    invited_by = fields.String()
    invited_at = fields.AwareDateTime()
    accepted_by = fields.String(allow_none=True)
    accepted_at = fields.AwareDateTime(allow_none=True)
    done_by = fields.String(allow_none=True)
    done_at = fields.AwareDateTime(allow_none=True)
    note = fields.String(allow_none=True)


class TicketSchema(Schema):
    id = fields.String()
    number = fields.String()
    title = fields.String()
    status = fields.String(metadata={"description": STATUSES})
    version = fields.Integer(metadata={"description": "counts the changes; send it back"})
    account_id = fields.String()
    enterprise_id = fields.String()
    enterprise_name = fields.String()
    submission_id = fields.String(allow_none=True)
    acceptance_number = fields.String(allow_none=True)
    county_id = fields.String()
    org_path = fields.String(metadata={"description": "the enterprise's area"})
    holder_path = fields.String(metadata={"description": "where the holder works"})
    assignee_person_id = fields.String(allow_none=True)
    assignee_org_unit_id = fields.String(allow_none=True)
    form_key = fields.String(allow_none=True)
    form_version = fields.Integer(allow_none=True)
    category = fields.String(allow_none=True)
    opened_at = fields.AwareDateTime()
    due_at = fields.AwareDateTime(allow_none=True)
    deadline = fields.String(allow_none=True, metadata={"description": "overdue, due_soon or null"})
    supervised_by_org_unit_id = fields.String(
        allow_none=True, metadata={"description": "the unit supervising the ticket (督办)"}
    )

    @pre_dump
    def flatten(self, row: dict, **_kwargs) -> dict:
        ticket = row["ticket"]
        flat = {name: getattr(ticket, name) for name in (*TICKET_FIELDS, *DETAIL_FIELDS)}
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
    submitted_by = fields.String(allow_none=True)
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
    resolved_at = fields.AwareDateTime(allow_none=True)
    confirm_due_at = fields.AwareDateTime(
        allow_none=True, metadata={"description": "closed as confirmed if still resolved then"}
    )
    closed_at = fields.AwareDateTime(allow_none=True)
    rating = fields.Integer(allow_none=True)
    rating_comment = fields.String(allow_none=True)
    auto_confirmed = fields.Boolean()
    suspended_at = fields.AwareDateTime(allow_none=True)
    resume_on = fields.Date(allow_none=True)
    suspended_from = fields.String(allow_none=True)
    supervised_at = fields.AwareDateTime(allow_none=True)
    parts = fields.List(fields.Nested(PartSchema))
    history = fields.List(fields.Nested(HistoryEntrySchema))
    actions = fields.List(
        fields.String(), metadata={"description": "the actions open to the caller now"}
    )


# Request bodies ---------------------------------------------------------------------------


class ActionSchema(Schema):
    version = fields.Integer(
        metadata={"description": "the version the caller saw; 409 if the ticket changed"}
    )


def _text(description: str) -> fields.String:
    return fields.String(metadata={"description": description})


class NoteSchema(ActionSchema):
    note = _text("required")


class HandOverSchema(NoteSchema):
    org_unit_id = _text("required: the unit that will hold the ticket")
    person_id = fields.String(
        allow_none=True, metadata={"description": "optional: a person on that unit's staff"}
    )


class CohandleSchema(NoteSchema):
    org_unit_ids = fields.List(
        fields.String(), metadata={"description": "required: the units invited"}
    )
    mode = fields.String(
        metadata={"description": "all: every unit finishes (会签); any: one is enough (或签)"}
    )


class PartSchemaIn(ActionSchema):
    part_id = _text("optional: which of the caller's parts (the first open one by default)")


class FinishPartSchema(PartSchemaIn):
    note = _text("required: what the unit did")


class RespondSchema(ActionSchema):
    body = _text("required: the information asked for")


class CommentSchema(ActionSchema):
    body = _text("required")
    internal = fields.Boolean(metadata={"description": "staff only; enterprises may not"})
    attachments = fields.List(
        fields.String(), metadata={"description": "ids of uploads the ticket already carries"}
    )


class ConfirmSchema(ActionSchema):
    rating = fields.Integer(metadata={"description": "required: 1-5; 1 or 2 reopens"})
    comment = fields.String(
        allow_none=True, metadata={"description": "required with a rating of 1 or 2"}
    )


class RefuseSchema(ActionSchema):
    reason = _text("required: why the result is not accepted")


class CancelSchema(ActionSchema):
    note = _text("required from an administrator; optional from the enterprise")


class SuspendSchema(NoteSchema):
    resume_on = fields.Date(
        metadata={"description": "required: YYYY-MM-DD, after today, within 365 days"}
    )


#: Each action: its body, and what it does (the OpenAPI summary and description).
ACTIONS = {
    "accept": (ActionSchema, "Accept an assigned ticket (its holder)."),
    "transfer": (
        HandOverSchema,
        "转办: hand the ticket to another unit or person of the holder's bureau (its "
        "departments or the bureau itself). It is assigned until they accept it.",
    ),
    "escalate": (
        HandOverSchema,
        "上报: hand the ticket to the bureau one level up over the enterprise's area, or "
        "one of its departments.",
    ),
    "assign-down": (
        HandOverSchema,
        "下派: from a city or the province, hand the ticket to a bureau below over the "
        "enterprise's area, or one of its departments.",
    ),
    "return": (NoteSchema, "退回: give the ticket back to whoever handed it over."),
    "request-info": (NoteSchema, "Ask the enterprise for more information (status returned)."),
    "respond": (RespondSchema, "The enterprise answers a request for information."),
    "cohandle": (
        CohandleSchema,
        "会签/或签: invite units to co-handle; the ticket cannot be resolved until every "
        "part (all) or one part (any) is done.",
    ),
    "add-signer": (HandOverSchema, "加签: one more required part, for a unit or a person."),
    "accept-part": (PartSchemaIn, "An invited unit accepts its co-handling part."),
    "finish-part": (FinishPartSchema, "An invited unit reports its part done."),
    "urge": (NoteSchema, "催办: remind the holder (an administrator over it, or the enterprise)."),
    "supervise": (
        NoteSchema,
        "督办: an administrator's unit puts the ticket under its supervision.",
    ),
    "comment": (CommentSchema, "Comment on the ticket (anyone who sees it)."),
    "resolve": (
        NoteSchema,
        "Report the matter handled; the enterprise has a number of working days to confirm.",
    ),
    "confirm": (
        ConfirmSchema,
        "The enterprise rates the result 1-5: 3 or more closes the ticket, 1 or 2 reopens it.",
    ),
    "refuse": (RefuseSchema, "The enterprise does not accept the result: the ticket reopens."),
    "reopen": (NoteSchema, "An administrator over the ticket reopens a resolved or closed one."),
    "close": (
        ActionSchema,
        "An administrator closes a resolved ticket whose time to confirm has passed "
        "(auto-confirmed).",
    ),
    "cancel": (
        CancelSchema,
        "Withdraw the matter: the enterprise before acceptance, an administrator with a note.",
    ),
    "suspend": (SuspendSchema, "Stop the clock until a date (the holder)."),
    "resume": (ActionSchema, "Start the clock again; the deadline moves by the days lost."),
}


#: The list's query parameters, for the OpenAPI document.
LIST_PARAMETERS = [
    {"in": "query", "name": name, "schema": {"type": kind}, "description": text}
    for name, kind, text in (
        (
            "queue",
            "string",
            "todo, cohandling, handled, overdue, awaiting, supervised, "
            "copied, area (administrators) or all (everyone else); default: every ticket "
            "the caller sees",
        ),
        ("q", "string", "Part of the number, the title or the enterprise's name"),
        ("status", "string", "A status; repeat for several"),
        ("category", "string", "The matter category"),
        ("deadline", "string", "overdue, due_soon or on_time (tickets whose clock runs)"),
        ("unit", "string", "The id of the org unit holding the ticket"),
        ("page", "integer", "Page number from 1"),
        ("per_page", "integer", "Tickets per page, 1 to 100, default 25"),
        (
            "sort",
            "string",
            "deadline, opened or number; a leading - for descending (default -opened)",
        ),
    )
]


@bp.get("/tickets")
@login_required_api
@bp.doc(
    parameters=LIST_PARAMETERS,
    responses={
        200: {
            "description": "One page of tickets; X-Total-Count gives how many match in "
            "all, Link the first, previous, next and last pages",
        },
        422: {"description": "A query parameter is not valid (named in errors)"},
    },
)
@bp.response(200, TicketSchema(many=True))
def list_tickets():
    """The tickets the caller may see (an administrator's area, what they hold, co-handle,
    handled or are copied on, or an enterprise user's own enterprise's tickets), one page
    at a time, searched, filtered and sorted; a bad parameter is refused with 422, never
    clamped."""
    with _runtime().uow() as uow:
        listing = views.ticket_list(uow, current_user, request.args, handlers.now())
    headers = {"X-Total-Count": str(listing.total), "Link": _links(listing)}
    return listing.rows, headers


def _links(listing: views.TicketList) -> str:
    """The Link header: the first, previous, next and last pages of the same query."""
    query, last = listing.query, listing.pages
    pages = {"first": 1, "last": last}
    if query.page > 1:
        pages["prev"] = min(query.page - 1, last)
    if query.page < last:
        pages["next"] = query.page + 1
    base = request.path
    parts = []
    for rel, number in pages.items():
        args = {**query.args, "page": number, "per_page": query.per_page}
        parts.append(f'<{base}?{urlencode(args, doseq=True)}>; rel="{rel}"')
    return ", ".join(parts)


@bp.get("/tickets/<ticket_id>")
@login_required_api
@bp.response(200, TicketDetailSchema)
def get_ticket(ticket_id: str):
    """One ticket with its answers, parts, history (without staff-only rows for an
    enterprise) and the actions open to the caller; 404 outside what they may see."""
    return _detail(ticket_id)


def _action_view(action: str, schema: type[Schema], description: str):
    def view(body: dict, ticket_id: str):
        version = body.pop("version", None) or _if_match()
        command = TicketAction(ticket_id, action, current_user, body, version)
        tickets.execute(_runtime(), handlers.act_on_ticket, command)
        return _detail(ticket_id)

    view.__name__ = f"ticket_{action.replace('-', '_')}"
    view.__doc__ = f"{description}\n\n{_ERRORS}"
    view = bp.response(200, TicketDetailSchema)(view)
    view = bp.arguments(schema())(view)
    view = login_required_api(view)
    return bp.route(f"/tickets/<ticket_id>/{action}", methods=["POST"])(view)


_ERRORS = (
    "404 when the caller does not see the ticket, 403 when the action is not theirs, 409 "
    "when the ticket's state refuses it or it changed meanwhile, 422 naming the field when "
    "the body breaks a rule; nothing changes then."
)

for _action, (_schema, _description) in ACTIONS.items():
    _action_view(_action, _schema, _description)


def _if_match() -> str | None:
    tag = request.headers.get("If-Match", "").strip()
    return tag.removeprefix("W/").strip('"') or None


def _detail(ticket_id: str) -> dict:
    with _runtime().uow() as uow:
        return views.ticket_detail(uow, current_user, ticket_id, handlers.now())


def _runtime():
    return current_app.extensions["qinqing"]
