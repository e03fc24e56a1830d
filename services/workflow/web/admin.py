"""Administrators' pages of workflow: routing rules (with their editor and a dry run) and
the pairing roster (which liaisons and contact leaders also see, read-only)."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from services.workflow import (
    admin_handlers,
    dry_run_views,
    handlers,
    roster_views,
    routing_views,
)
from services.workflow.domain import commands
from services.workflow.domain.access import own_org_unit_id
from services.workflow.domain.errors import (
    InvalidRoutingRule,
    RoutingRuleNotFound,
    WorkflowError,
)
from services.workflow.web.rule_form import (
    TARGET_KINDS,
    form_from_rule,
    rule_data,
    rule_from_form,
    shown,
)
from shared.auth import ADMIN_ROLES, roles_required
from shared.web.i18n import current_locale

bp = Blueprint("workflow_admin", __name__, template_folder="templates")

RULE_ACTIONS = {
    "activate": lambda rule_id: commands.SetRoutingRuleActive(rule_id, True, current_user),
    "deactivate": lambda rule_id: commands.SetRoutingRuleActive(rule_id, False, current_user),
    "up": lambda rule_id: commands.MoveRoutingRule(rule_id, "up", current_user),
    "down": lambda rule_id: commands.MoveRoutingRule(rule_id, "down", current_user),
    "delete": lambda rule_id: commands.DeleteRoutingRule(rule_id, current_user),
}
RULE_HANDLERS = {
    "activate": admin_handlers.set_routing_rule_active,
    "deactivate": admin_handlers.set_routing_rule_active,
    "up": admin_handlers.move_routing_rule,
    "down": admin_handlers.move_routing_rule,
    "delete": admin_handlers.delete_routing_rule,
}


def _runtime():
    return current_app.extensions["qinqing"]


def _errors(error: WorkflowError) -> dict:
    return error.field_errors(current_locale()) or {"": [error.message(current_locale())]}


# Routing rules -----------------------------------------------------------------------------


@bp.get("/workflow/routing-rules")
@login_required
@roles_required(*ADMIN_ROLES)
def routing_rules():
    """The rules that apply in the area, in order, with a dry run."""
    return _render_rules()


@bp.post("/workflow/routing-rules/dry-run")
@login_required
@roles_required(*ADMIN_ROLES)
def dry_run():
    """Show which rule a submission (typed, or replayed from a ticket) would hit, and why."""
    form = request.form
    try:
        data = _dry_run_input(form)
        with _runtime().uow() as uow:
            trace = dry_run_views.dry_run(uow, current_user, data, current_locale())
    except WorkflowError as error:
        return _render_rules(dry_input=form, errors=_errors(error), status=422)
    return _render_rules(dry_input=form, trace=trace)


def _dry_run_input(form) -> dict:
    """The dry run's input from its page form: a ticket to replay, or a form, an
    enterprise and answers typed as JSON."""
    if form.get("replay"):
        if not form.get("ticket_id"):
            raise InvalidRoutingRule("ticket_id", "required")
        return {"ticket_id": form["ticket_id"]}
    data = {
        "form_key": form.get("form_key") or None,
        "enterprise_id": form.get("enterprise_id") or None,
    }
    answers = form.get("answers", "").strip()
    try:
        data["answers"] = json.loads(answers) if answers else {}
    except ValueError:
        raise InvalidRoutingRule("answers", "not_json") from None
    return data


def _render_rules(dry_input=None, trace=None, errors=None, status: int = 200):
    lang = current_locale()
    with _runtime().uow() as uow:
        page = routing_views.rules_page(uow, current_user, lang)
        choices = routing_views.editor_choices(uow, current_user, lang)
        replayable = dry_run_views.replayable(uow, current_user)
        enterprises = uow.known.enterprises_in(current_user.org_path)
    html = render_template(
        "workflow/routing_rules.html",
        **page,
        choices=choices,
        replayable=replayable,
        enterprises=enterprises,
        dry=dry_input or {},
        trace=trace,
        errors=errors or {},
    )
    return html, status


@bp.route("/workflow/routing-rules/new", methods=["GET", "POST"])
@login_required
@roles_required(*ADMIN_ROLES)
def new_rule():
    """Add a rule for one's own unit; ``?override=<rule id>`` starts from the inherited
    rule of that id, to override it here."""
    data = {"is_active": True, "deadline_working_days": 5, "target": "county_default_department"}
    if request.method == "GET" and request.args.get("override"):
        data = _inherited(request.args["override"]) or data
    return _edit_rule(None, data)


@bp.route("/workflow/routing-rules/edit", methods=["GET", "POST"])
@login_required
@roles_required(*ADMIN_ROLES)
def edit_rule():
    """Change one of one's own unit's rules (``?id=<rule id>``)."""
    rule_id = request.args.get("id", "")
    with _runtime().uow() as uow:
        own = uow.workflow.own_routing_rules(own_org_unit_id(current_user))
    rule = next((r for r in own if r.id == rule_id), None)
    if rule is None:
        abort(404)
    return _edit_rule(rule_id, rule_data(rule))


def _inherited(rule_id: str) -> dict | None:
    with _runtime().uow() as uow:
        above = uow.workflow.routing_rules_above(current_user.org_path)
    inherited = [rule for rule in above if rule.id == rule_id and rule.tier > 0]
    found = min(inherited, key=lambda rule: rule.tier, default=None)
    return rule_data(found) if found else None


def _edit_rule(rule_id: str | None, data: dict):
    lang = current_locale()
    with _runtime().uow() as uow:
        choices = routing_views.editor_choices(uow, current_user, lang)
    errors = {}
    if request.method == "POST":
        data = rule_from_form(request.form, choices["field_meta"], rule_id)
        try:
            _save_rule(rule_id, data)
        except WorkflowError as error:
            errors = _errors(error)
        else:
            return redirect(url_for("workflow_admin.routing_rules"))
    page = render_template(
        "workflow/routing_rule_edit.html",
        rule_id=rule_id,
        data=form_from_rule(data, choices["field_meta"]),
        choices=choices,
        field_meta_json=json.dumps(choices["field_meta"], ensure_ascii=False),
        target_kinds=TARGET_KINDS,
        shown=shown,
        errors=errors,
    )
    return page, (422 if errors else 200)


def _save_rule(rule_id: str | None, data: dict) -> None:
    if rule_id is None:
        command = commands.CreateRoutingRule(data, current_user)
        rule = _runtime().execute(handlers.create_routing_rule, command)
    else:
        command = commands.UpdateRoutingRule(rule_id, data, current_user)
        rule = _runtime().execute(admin_handlers.update_routing_rule, command)
    flash(_("The routing rule is saved."), "success")
    with _runtime().uow() as uow:
        names = routing_views.Names(uow, current_locale(), current_user.org_path)
        staffing = routing_views.Staffing(uow, current_user.org_path)
        for warning in routing_views.target_warnings(rule.target, staffing, names):
            flash(warning, "warning")


@bp.post("/workflow/routing-rules/act")
@login_required
@roles_required(*ADMIN_ROLES)
def act_on_rule():
    """Switch one of one's own rules on or off, move it up or down, or delete it."""
    action, rule_id = request.form.get("action", ""), request.form.get("rule_id", "")
    if action not in RULE_ACTIONS:
        abort(404)
    try:
        _runtime().execute(RULE_HANDLERS[action], RULE_ACTIONS[action](rule_id))
    except RoutingRuleNotFound:
        abort(404)
    flash(str(RULE_DONE[action]), "success")
    return redirect(url_for("workflow_admin.routing_rules"))


RULE_DONE = {
    "activate": _l("The rule is active."),
    "deactivate": _l("The rule is inactive."),
    "up": _l("The rule moved up."),
    "down": _l("The rule moved down."),
    "delete": _l("The rule is deleted."),
}


# Pairing roster ----------------------------------------------------------------------------


@bp.get("/workflow/pairings")
@login_required
@roles_required(*ADMIN_ROLES, "liaison", "contact_leader")
def pairings():
    """The area's pairings of a year (administrators), or those naming the viewer."""
    return _render_roster()


def _year() -> int:
    text = request.values.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2099 else roster_views.this_year()


def _render_roster(errors=None, entered=None, status: int = 200):
    with _runtime().uow() as uow:
        page = roster_views.roster_page(uow, current_user, _year(), current_locale())
    html = render_template(
        "workflow/pairings.html", **page, errors=errors or {}, entered=entered or {}
    )
    return html, status


@bp.post("/workflow/pairings")
@login_required
@roles_required(*ADMIN_ROLES)
def pair():
    """Pair an enterprise with a liaison (and a contact leader) for a year."""
    form = request.form
    year = form.get("year", "").strip()
    data = {
        "enterprise_id": form.get("enterprise_id") or None,
        "liaison_person_id": form.get("liaison_person_id") or None,
        "contact_leader_person_id": form.get("contact_leader_person_id") or None,
        "year": int(year) if year.isdigit() else (year or None),
    }
    try:
        _runtime().execute(handlers.create_pairing, commands.CreatePairing(data, current_user))
    except WorkflowError as error:
        return _render_roster(errors=_errors(error), entered=form, status=422)
    flash(_("The enterprise is paired."), "success")
    return redirect(url_for("workflow_admin.pairings", year=data["year"]))


@bp.post("/workflow/pairings/<pairing_id>/end")
@login_required
@roles_required(*ADMIN_ROLES)
def end_pairing(pairing_id: str):
    """End (unpair) a pairing with a reason; it stays on the roster as history."""
    command = commands.EndPairing(pairing_id, {"reason": request.form.get("reason")}, current_user)
    try:
        _runtime().execute(admin_handlers.end_pairing, command)
    except WorkflowError as error:
        if error.status == 404:
            abort(404)
        by_field = error.field_errors(current_locale()) or {}
        errors = {f"{pairing_id}.{key}": value for key, value in by_field.items()}
        return _render_roster(errors=errors or _errors(error), status=error.status)
    flash(_("The pairing is ended."), "success")
    return redirect(url_for("workflow_admin.pairings", year=_year()))
