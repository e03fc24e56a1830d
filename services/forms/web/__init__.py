"""Forms' pages: the list, the definition editor, the intake page, the receipt."""

from __future__ import annotations

import json
import uuid

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from services.forms import handlers, views
from services.forms.domain.commands import CreateForm, PublishForm, SubmitForm, UpdateDraft
from services.forms.domain.definition import ENTERPRISE_REQUEST_DEFINITION
from services.forms.domain.errors import FormsError, IdempotencyKeyReused, InvalidSubmission
from services.forms.web import option_lists
from services.forms.web.inputs import answers_from_form
from shared.auth import ADMIN_ROLES, ENTERPRISE_ROLE, current_principal, roles_required
from shared.web.i18n import current_locale

bp = Blueprint("forms", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(option_lists.bp)


def runtime():
    return current_app.extensions["qinqing"]


@bp.get("/forms/")
@login_required
def index():
    with runtime().uow() as uow:
        if current_user.is_enterprise:
            return render_template(
                "forms/enterprise_home.html",
                forms=views.fillable_forms(uow, current_user),
                submissions=views.visible_submissions(uow, current_user),
            )
        return render_template(
            "forms/admin_home.html",
            forms=uow.forms.managed_by(current_user.org_path),
            submissions=views.visible_submissions(uow, current_user)[:20],
        )


def _definition_from_request() -> tuple[dict | None, dict]:
    text = request.form.get("definition", "")
    try:
        return json.loads(text), {}
    except ValueError as error:
        return None, {"definition": _("Not valid JSON: %(reason)s", reason=str(error))}


@bp.route("/forms/new", methods=["GET", "POST"])
@login_required
@roles_required(*ADMIN_ROLES)
def new():
    text = json.dumps(ENTERPRISE_REQUEST_DEFINITION, ensure_ascii=False, indent=2)
    errors = {}
    if request.method == "POST":
        text = request.form.get("definition", "")
        definition, errors = _definition_from_request()
        if definition is not None:
            try:
                form = runtime().execute(handlers.create_form, CreateForm(definition, current_user))
            except FormsError as error:
                errors = error.field_errors(current_locale())
            else:
                flash(_("Draft saved. Publish it when it is ready."))
                return redirect(f"/forms/{form.id}/edit")
    return render_template("forms/edit.html", form=None, text=text, errors=errors), (
        422 if errors else 200
    )


@bp.route("/forms/<form_id>/edit", methods=["GET", "POST"])
@login_required
@roles_required(*ADMIN_ROLES)
def edit(form_id):
    with runtime().uow() as uow:
        form = _managed_or_404(uow, form_id)
    text, errors = json.dumps(form.draft, ensure_ascii=False, indent=2), {}
    if request.method == "POST":
        text = request.form.get("definition", "")
        definition, errors = _definition_from_request()
        if definition is not None:
            try:
                form = runtime().execute(
                    handlers.update_draft, UpdateDraft(form_id, definition, current_user)
                )
            except FormsError as error:
                errors = error.field_errors(current_locale())
            else:
                flash(_("Draft saved."))
                return redirect(f"/forms/{form_id}/edit")
    return render_template("forms/edit.html", form=form, text=text, errors=errors), (
        422 if errors else 200
    )


def _managed_or_404(uow, form_id):
    try:
        return handlers.managed_form(uow, form_id, current_user)
    except FormsError:
        abort(404)


@bp.post("/forms/<form_id>/publish")
@login_required
@roles_required(*ADMIN_ROLES)
def publish(form_id):
    try:
        version = runtime().execute(handlers.publish_form, PublishForm(form_id, current_user))
    except FormsError as error:
        flash(error.message(current_locale()), "error")
    else:
        flash(_("Published as version %(version)s.", version=version.version))
    return redirect(f"/forms/{form_id}/edit")


@bp.route("/forms/fill/<key>", methods=["GET", "POST"])
@login_required
@roles_required(ENTERPRISE_ROLE)
def fill(key):
    with runtime().uow() as uow:
        form = next((f for f in views.fillable_forms(uow, current_user) if f.key == key), None)
    if form is None:
        abort(404)
    definition, answers, errors, status = form.latest.definition, {}, {}, 200
    # The page's own key: a second post of the same page (a double click) files nothing
    # and leads to the first one's receipt.
    idempotency_key = request.form.get("idempotency_key") or str(uuid.uuid4())
    if request.method == "POST":
        answers = answers_from_form(definition, request.form)
        command = SubmitForm(key, answers, current_principal(), request.form.get("idempotency_key"))
        try:
            submission = runtime().execute(handlers.submit_form, command)
        except InvalidSubmission as error:
            errors, status = error.field_errors(current_locale()), 422
        except IdempotencyKeyReused:
            flash(
                _(
                    "This page was already submitted with other answers. Submit again to "
                    "file these answers as a new request."
                ),
                "error",
            )
            idempotency_key, status = str(uuid.uuid4()), 409
        else:
            return redirect(f"/forms/submissions/{submission.id}")
    return render_template(
        "forms/fill.html",
        form=form,
        definition=definition,
        answers=answers,
        errors=errors,
        idempotency_key=idempotency_key,
    ), status


@bp.get("/forms/submissions/<submission_id>")
@login_required
def submission(submission_id):
    with runtime().uow() as uow:
        found = views.visible_submission(uow, current_user, submission_id)
        if found is None:
            abort(404)
        form = uow.forms.get(found.form_id)
        version = next(v for v in form.versions if v.id == found.form_version_id)
    return render_template("forms/submission.html", submission=found, definition=version.definition)
