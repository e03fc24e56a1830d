"""Workflow's pages: the ticket inbox, a ticket's detail with its actions, and an
enterprise user's own matters."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from services.workflow import handlers, tickets, views
from services.workflow.domain.calendar import LOCAL_ZONE
from services.workflow.domain.commands import TicketAction
from services.workflow.domain.errors import WorkflowError
from services.workflow.web import admin, calendar
from shared.auth import ENTERPRISE_ROLE, roles_required
from shared.web.i18n import current_locale

bp = Blueprint(
    "workflow",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/workflow/static/web",
)

STATUS_LABELS = {
    "assigned": _l("Assigned"),
    "accepted": _l("Accepted"),
    "returned": _l("Back with the enterprise"),
    "suspended": _l("Suspended"),
    "reopened": _l("Reopened"),
    "resolved": _l("Resolved"),
    "closed": _l("Closed"),
    "cancelled": _l("Cancelled"),
}
HISTORY_LABELS = {
    "open": _l("Opened and assigned"),
    "accept": _l("Accepted"),
    "transfer": _l("Transferred"),
    "escalate": _l("Escalated"),
    "assign-down": _l("Assigned down"),
    "return": _l("Returned to the previous holder"),
    "request-info": _l("More information requested"),
    "respond": _l("Information provided"),
    "cohandle": _l("Co-handling invited"),
    "add-signer": _l("Signer added"),
    "accept-part": _l("Co-handling part accepted"),
    "finish-part": _l("Co-handling part done"),
    "urge": _l("Urged"),
    "supervise": _l("Put under supervision"),
    "comment": _l("Comment"),
    "resolve": _l("Resolved"),
    "confirm": _l("Confirmed"),
    "refuse": _l("Refused"),
    "reopen": _l("Reopened"),
    "close": _l("Closed"),
    "cancel": _l("Cancelled"),
    "suspend": _l("Suspended"),
    "resume": _l("Resumed"),
}
ACTION_LABELS = {"accept": _l("Accept"), "resolve": _l("Resolve"), "close": _l("Close")}
DONE_MESSAGES = {
    "accept": _l("The ticket is accepted."),
    "resolve": _l("The ticket is resolved."),
    "close": _l("The ticket is closed."),
}
#: The actions this page offers as buttons (the API offers them all).
PAGE_ACTIONS = tuple(ACTION_LABELS)
DEADLINE_LABELS = {"overdue": _l("Overdue"), "due_soon": _l("Due soon")}
TAB_LABELS = {views.TO_DO_TAB: _l("To do"), views.AREA_TAB: _l("All in my area")}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(calendar.bp)
    app.register_blueprint(admin.bp)


@bp.context_processor
def labels() -> dict:
    return {
        "status_labels": STATUS_LABELS,
        "history_labels": HISTORY_LABELS,
        "action_labels": ACTION_LABELS,
        "deadline_labels": DEADLINE_LABELS,
        "tab_labels": TAB_LABELS,
    }


@bp.app_template_filter("local_time")
def local_time(moment) -> str:
    """A moment as Asia/Shanghai local date and time, to the minute."""
    return moment.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M")


def _runtime():
    return current_app.extensions["qinqing"]


@bp.get("/workflow/")
@login_required
def index():
    return redirect(url_for("workflow.my" if current_user.is_enterprise else "workflow.inbox"))


@bp.get("/workflow/tickets")
@login_required
def inbox():
    """The inbox: "to do" for everyone, "all in my area" for administrators."""
    if current_user.is_enterprise:
        return redirect(url_for("workflow.my"))
    tabs = views.tabs_for(current_user)
    tab = request.args.get("tab", views.TO_DO_TAB)
    tab = tab if tab in tabs else views.TO_DO_TAB
    with _runtime().uow() as uow:
        rows = views.inbox(uow, current_user, tab, handlers.now())
    return render_template("workflow/inbox.html", rows=rows, tab=tab, tabs=tabs)


@bp.get("/workflow/tickets/<ticket_id>")
@login_required
def ticket(ticket_id: str):
    """One ticket: what was asked, its history, and the actions open to the viewer."""
    return _render_ticket(ticket_id)


@bp.post("/workflow/tickets/<ticket_id>/<action>")
@login_required
def act(ticket_id: str, action: str):
    """Accept, resolve or close a ticket from its page."""
    if action not in PAGE_ACTIONS:
        abort(404)
    body = {"note": request.form.get("note", "")} if action == "resolve" else {}
    command = TicketAction(ticket_id, action, current_user, body)
    try:
        tickets.execute(_runtime(), handlers.act_on_ticket, command)
    except WorkflowError as error:
        if error.status != 422:
            raise
        errors = error.field_errors(current_locale()) or {}
        messages = {field: " ".join(texts) for field, texts in errors.items()}
        return _render_ticket(ticket_id, errors=messages, status=422)
    flash(str(DONE_MESSAGES[action]), "success")
    return redirect(url_for("workflow.ticket", ticket_id=ticket_id))


def _render_ticket(ticket_id: str, errors: dict | None = None, status: int = 200):
    with _runtime().uow() as uow:
        detail = views.ticket_detail(uow, current_user, ticket_id, handlers.now())
    detail["actions"] = [action for action in detail["actions"] if action in PAGE_ACTIONS]
    page = render_template("workflow/ticket.html", errors=errors or {}, **detail)
    return page, status


@bp.get("/workflow/my")
@login_required
@roles_required(ENTERPRISE_ROLE)
def my():
    """An enterprise user's own matters, with the status of each."""
    with _runtime().uow() as uow:
        rows = views.my_matters(uow, current_user, handlers.now())
    return render_template("workflow/my.html", rows=rows)
