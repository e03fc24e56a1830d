"""The lists of tickets: staff's inbox of queues (with search, filters, paging, sorting and
bulk transfer) and an enterprise user's own matters."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from services.workflow import handlers, views
from services.workflow.domain import ticket_query as tq
from services.workflow.domain.errors import WorkflowError
from services.workflow.web import bp, runtime
from services.workflow.web.tickets import perform
from shared.auth import ENTERPRISE_ROLE, roles_required
from shared.web.i18n import current_locale

#: Page links shown on either side of the current page.
PAGE_WINDOW = 2


@bp.get("/workflow/tickets")
@login_required
def inbox():
    """Staff's inbox: the queues with their counts, one queue's page of tickets, searched,
    filtered and sorted; an unreadable query string is answered 422 with its errors."""
    if current_user.is_enterprise:
        return redirect(url_for("workflow.my"))
    return _render_inbox(request.args)


def _render_inbox(args, errors: dict | None = None, status: int = 200, **extra):
    query_errors = {}
    with runtime().uow() as uow:
        try:
            listing = views.inbox(uow, current_user, args, handlers.now())
        except tq.InvalidTicketQuery as error:
            query_errors = error.field_errors(current_locale())
            listing = views.refused_inbox(uow, current_user, handlers.now())
            status = 422
        targets = views.bulk_transfer_targets(uow, current_user) if listing.rows else []
    page = render_template(
        "workflow/inbox.html",
        listing=listing,
        args=args,
        query_errors=query_errors,
        errors=errors or {},
        targets=targets,
        selectable=any("transfer" in row.get("actions", ()) for row in listing.rows),
        list_url=_list_url(listing),
        page_links=_page_links(listing),
        **extra,
    )
    return page, status


def _list_url(listing: views.TicketList, endpoint: str = "workflow.inbox"):
    """A function of the templates: the URL of this list with some parameters changed
    (None removes one); a change of filter or order starts again at page 1."""

    def list_url(**changes) -> str:
        args = {**listing.query.args}
        if listing.query.queue and endpoint == "workflow.inbox":
            args["queue"] = listing.query.queue
        if "page" not in changes:
            args.pop("page", None)
        for name, value in changes.items():
            if value is None:
                args.pop(name, None)
            else:
                args[name] = value
        query = urlencode(args, doseq=True)
        return url_for(endpoint) + (f"?{query}" if query else "")

    return list_url


def _page_links(listing: views.TicketList) -> list[int | None]:
    """The page numbers to link: the first, the last, and a few around the current one;
    None where numbers are left out."""
    current, last = listing.query.page, listing.pages
    shown = {1, last, *range(current - PAGE_WINDOW, current + PAGE_WINDOW + 1)}
    numbers = sorted(n for n in shown if 1 <= n <= last)
    links: list[int | None] = []
    for number in numbers:
        if links and number - (links[-1] or 0) > 1:
            links.append(None)
        links.append(number)
    return links


@bp.post("/workflow/tickets/transfer")
@login_required
def bulk_transfer():
    """Transfer the chosen tickets to one unit of the viewer's bureau, with one note: each
    through the same handler as a single transfer, in a transaction of its own. The page
    then says which were transferred and which not, and why."""
    if current_user.is_enterprise:
        return redirect(url_for("workflow.my"))
    back = _back_args()
    ticket_ids = [i for i in dict.fromkeys(request.form.getlist("ticket_id")) if i]
    if not ticket_ids:
        errors = {"ticket_id": _("Choose at least one ticket to transfer.")}
        return _render_inbox(back, errors=errors, status=422)
    body = {
        "org_unit_id": request.form.get("org_unit_id", ""),
        "note": request.form.get("note", ""),
    }
    with runtime().uow() as uow:
        numbers = views.ticket_numbers(uow, current_user, ticket_ids)
    done, refused = [], []
    for ticket_id in ticket_ids:
        number = numbers.get(ticket_id, ticket_id)
        try:
            perform("transfer", ticket_id, body, request.form.get(f"version-{ticket_id}"))
        except WorkflowError as error:
            refused.append((number, error))
        else:
            done.append(number)
    if not done and refused and _same_field_error(refused):
        error = refused[0][1]
        errors = {error.field: error.message(current_locale())}
        return _render_inbox(back, errors=errors, status=422, form=request.form)
    if done:
        flash(_("Transferred: %(numbers)s.", numbers=", ".join(done)), "success")
    for number, error in refused:
        reason = error.message(current_locale())
        flash(_("Not transferred: %(number)s: %(reason)s", number=number, reason=reason), "error")
    query = urlencode(back, doseq=True)
    return redirect(url_for("workflow.inbox") + (f"?{query}" if query else ""))


def _same_field_error(refused: list) -> bool:
    """Whether every refusal is the same complaint about one form field (a missing note,
    an unknown unit), which is shown by that field rather than once per ticket."""
    first = refused[0][1]
    return first.field is not None and all(
        error.field == first.field and error.rule == first.rule for _number, error in refused
    )


def _back_args() -> dict:
    """The inbox's query string the bulk form came from (its hidden ``back_*`` fields)."""
    back = {}
    for name in request.form:
        if name.startswith("back_"):
            values = [v for v in request.form.getlist(name) if v]
            if values:
                back[name.removeprefix("back_")] = values if len(values) > 1 else values[0]
    return back


@bp.get("/workflow/my")
@login_required
@roles_required(ENTERPRISE_ROLE)
def my():
    """An enterprise user's own matters in every status (closed ones too), searched,
    filtered and paged like the inbox."""
    status, query_errors = 200, {}
    with runtime().uow() as uow:
        try:
            listing = views.my_matters(uow, current_user, request.args, handlers.now())
        except tq.InvalidTicketQuery as error:
            query_errors = error.field_errors(current_locale())
            listing = views.my_matters(uow, current_user, {}, handlers.now())
            listing.rows, listing.total = [], 0
            status = 422
    page = render_template(
        "workflow/my.html",
        listing=listing,
        args=request.args,
        query_errors=query_errors,
        list_url=_list_url(listing, "workflow.my"),
        page_links=_page_links(listing),
    )
    return page, status
