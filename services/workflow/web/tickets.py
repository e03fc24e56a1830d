"""A ticket's page: what was asked, who holds it, its parts, deadline and timeline, and a
button with its form for each action the viewer may take now.

Each form posts to ``/workflow/tickets/<id>/<action>``, which reads the form into the
action's JSON body and runs the same handler as the API
(``POST /workflow/api/tickets/<id>/<action>``). A refusal re-renders the page with its
message by the field (422), or at the top of the page (403, 409: the ticket changed while
the person was looking at it).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from services.workflow import handlers, tickets, views
from services.workflow.domain.commands import TicketAction
from services.workflow.domain.errors import WorkflowError
from services.workflow.domain.model import ACTIONS
from services.workflow.web import bp, runtime
from services.workflow.web.labels import DONE_MESSAGES
from shared.web.i18n import current_locale


def perform(action: str, ticket_id: str, body: dict, version: object = None):
    """Run ``action`` on the ticket with ``body`` as the API does (the same handler), in
    a transaction of its own."""
    command = TicketAction(ticket_id, action, current_user, body, version)
    return tickets.execute(runtime(), handlers.act_on_ticket, command)


@bp.get("/workflow/tickets/<ticket_id>")
@login_required
def ticket(ticket_id: str):
    """One ticket: what was asked, its history, and the actions open to the viewer."""
    return render_ticket(ticket_id)


@bp.post("/workflow/tickets/<ticket_id>/<action>")
@login_required
def act(ticket_id: str, action: str):
    """Take one action on the ticket from its page: its form read into the API's body,
    and the version the page showed."""
    if action not in ACTIONS:
        abort(404)
    try:
        perform(action, ticket_id, body_of(action, request.form), request.form.get("version"))
    except WorkflowError as error:
        if error.status == 404:
            raise
        return _refused(ticket_id, action, error)
    flash(str(DONE_MESSAGES[action]), "success")
    return redirect(url_for("workflow.ticket", ticket_id=ticket_id))


#: The form fields each action's body takes (``note`` for all the others).
BODY_FIELDS = {
    "accept": (),
    "accept-part": (),
    "resume": (),
    "close": (),
    "transfer": ("org_unit_id", "person_id", "note"),
    "escalate": ("org_unit_id", "person_id", "note"),
    "assign-down": ("org_unit_id", "person_id", "note"),
    "add-signer": ("org_unit_id", "person_id", "note"),
    "cohandle": ("org_unit_ids", "mode", "note"),
    "respond": ("body",),
    "comment": ("body", "internal"),
    "confirm": ("rating", "comment"),
    "refuse": ("reason",),
    "suspend": ("note", "resume_on"),
}


def body_of(action: str, form) -> dict:
    """The JSON body of ``action`` read from its form on the page: the same fields as the
    API's, an empty optional person left out, the internal checkbox as a boolean and the
    invited units as a list."""
    body: dict = {}
    for name in BODY_FIELDS.get(action, ("note",)):
        if name == "org_unit_ids":
            body[name] = [unit for unit in form.getlist(name) if unit]
        elif name == "internal":
            body[name] = form.get(name) in ("true", "on", "1")
        elif name == "person_id":
            if form.get(name):
                body[name] = form.get(name)
        elif name == "rating":
            body[name] = form.get(name) or None
        else:
            body[name] = form.get(name, "")
    if form.get("part_id"):
        body["part_id"] = form.get("part_id")
    return body


def _refused(ticket_id: str, action: str, error: WorkflowError):
    """The page again, with the refusal's message by its field (422), or at its top: the
    ticket changed meanwhile or is in another state (409), or the action is not the
    viewer's (403)."""
    locale = current_locale()
    if error.field and error.status == 422:
        errors = {error.field: error.message(locale)}
        return render_ticket(ticket_id, errors=errors, failed=action, status=422)
    return render_ticket(
        ticket_id, problem=error.message(locale), failed=action, status=error.status
    )


def render_ticket(
    ticket_id: str,
    errors: dict | None = None,
    problem: str | None = None,
    failed: str | None = None,
    status: int = 200,
):
    with runtime().uow() as uow:
        detail = views.ticket_page(uow, current_user, ticket_id, handlers.now())
    page = render_template(
        "workflow/ticket.html",
        errors=errors or {},
        problem=problem,
        problem_status=status,
        failed=failed,
        form=request.form if request.method == "POST" else {},
        **detail,
    )
    return page, status
