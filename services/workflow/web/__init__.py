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

from services.workflow import handlers, views
from services.workflow.domain import commands
from services.workflow.domain.access import ACTIONS
from services.workflow.domain.calendar import LOCAL_ZONE
from services.workflow.domain.errors import ResolutionNoteRequired
from services.workflow.web import calendar
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
    "resolved": _l("Resolved"),
    "closed": _l("Closed"),
}
HISTORY_LABELS = {
    "open": _l("Opened and assigned"),
    "accept": _l("Accepted"),
    "resolve": _l("Resolved"),
    "close": _l("Closed"),
}
ACTION_LABELS = {"accept": _l("Accept"), "resolve": _l("Resolve"), "close": _l("Close")}
DONE_MESSAGES = {
    "accept": _l("The ticket is accepted."),
    "resolve": _l("The ticket is resolved."),
    "close": _l("The ticket is closed."),
}
DEADLINE_LABELS = {"overdue": _l("Overdue"), "due_soon": _l("Due soon")}
TAB_LABELS = {views.TO_DO_TAB: _l("To do"), views.AREA_TAB: _l("All in my area")}
HANDLERS = {
    "accept": handlers.accept_ticket,
    "resolve": handlers.resolve_ticket,
    "close": handlers.close_ticket,
}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(calendar.bp)


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
    if action not in ACTIONS:
        abort(404)
    command = _command(action, ticket_id)
    try:
        _runtime().execute(HANDLERS[action], command)
    except ResolutionNoteRequired as error:
        errors = {"note": error.message(current_locale())}
        return _render_ticket(ticket_id, errors=errors, status=422)
    flash(str(DONE_MESSAGES[action]), "success")
    return redirect(url_for("workflow.ticket", ticket_id=ticket_id))


def _command(action: str, ticket_id: str):
    if action == "resolve":
        return commands.ResolveTicket(ticket_id, current_user, request.form.get("note", ""))
    command = {"accept": commands.AcceptTicket, "close": commands.CloseTicket}[action]
    return command(ticket_id, current_user)


def _render_ticket(ticket_id: str, errors: dict | None = None, status: int = 200):
    with _runtime().uow() as uow:
        detail = views.ticket_detail(uow, current_user, ticket_id, handlers.now())
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
