"""Forms' pages: the list, the designer and its JSON editor, the intake page, the receipt."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
)
from flask_babel import format_date, format_datetime, refresh
from flask_babel import gettext as _
from flask_login import current_user, login_required
from jinja2 import TemplateError

from services.forms import handlers, views
from services.forms.domain.commands import (
    AdoptTemplate,
    CloneVersion,
    CreateForm,
    DiscardDraft,
    ForkTemplate,
    MergeTemplateChange,
    PublishForm,
    SetTemplate,
    SubmitForm,
    UpdateDraft,
)
from services.forms.domain.definition import ENTERPRISE_REQUEST_DEFINITION, load_definition
from services.forms.domain.errors import (
    FormNotFound,
    FormsError,
    IdempotencyKeyReused,
    InvalidDefinition,
    InvalidSubmission,
)
from services.forms.domain.regions import full_name, names
from services.forms.domain.submission_query import (
    DEFAULT_PER_PAGE,
    MATCH_BY_TYPE,
    MAX_PER_PAGE,
    InvalidSubmissionQuery,
)
from services.forms.domain.submission_table import columns
from services.forms.web import drafts, option_lists
from services.forms.web.changes import describe
from services.forms.web.inputs import answers_from_form
from services.forms.web.page import init_page
from shared.auth import ADMIN_ROLES, ENTERPRISE_ROLE, current_principal, roles_required
from shared.web.errors import add_error_note, problem
from shared.web.i18n import LOCALES, current_locale

bp = Blueprint(
    "forms",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/forms/static/web",
)
init_page(bp)

#: Where the designer starts a new form: no fields yet, the key and title to fill in.
BLANK_DEFINITION = {"key": "", "title": {"zh_CN": "", "en": ""}, "fields": []}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(option_lists.bp)
    add_error_note(app, drafts.saved_draft_note)


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
                submissions=views.titled_submissions(
                    uow, views.visible_submissions(uow, current_user)
                ),
                drafts=views.own_drafts(uow, current_user),
            )
        forms = uow.forms.managed_by(current_user.org_path)
        return render_template(
            "forms/admin_home.html",
            forms=forms,
            owners=views.unit_names(uow, [form.org_path for form in forms]),
            submissions=views.titled_submissions(
                uow, views.visible_submissions(uow, current_user)[:20]
            ),
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
    return render_template(
        "forms/edit.html", form=None, text=text, errors=errors, designed=BLANK_DEFINITION
    ), (422 if errors else 200)


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
    return render_template(
        "forms/edit.html", form=form, text=text, errors=errors, designed=form.draft
    ), (422 if errors else 200)


def _managed_or_404(uow, form_id):
    try:
        return handlers.managed_form(uow, form_id, current_user)
    except FormsError:
        abort(404)


@bp.post("/forms/designer/preview")
@login_required
@roles_required(*ADMIN_ROLES)
def designer_preview():
    """The designer's live preview: ``{"definition": {...}, "locale": "en"}`` in, the
    form's fields as the intake page renders them out (an HTML fragment).

    A definition that still breaks a rule is shown as far as it can be (the designer
    lists the errors beside it); one too malformed to draw is a 422.
    """
    body = request.get_json(silent=True)
    definition = body.get("definition") if isinstance(body, dict) else None
    if not isinstance(definition, dict) or not isinstance(definition.get("fields"), list):
        return problem(422, _("The preview needs a definition with a list of fields."))
    _use_locale(body.get("locale"))
    try:
        definition = load_definition(definition)
    except InvalidDefinition:
        pass
    try:
        return render_template("forms/designer_preview.html", definition=definition)
    except (AttributeError, KeyError, TypeError, TemplateError):
        detail = _("The preview cannot be drawn until the definition's errors are fixed.")
        return problem(422, detail)


def _use_locale(locale) -> None:
    """Render this response in ``locale`` (when it is one of ours) without changing the
    language the person chose for their pages."""
    if locale in LOCALES:
        g.qq_locale = locale
        refresh()


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
    draft = None
    # The page's own key: a second post of the same page (a double click) files nothing
    # and leads to the first one's receipt.
    idempotency_key = request.form.get("idempotency_key") or str(uuid.uuid4())
    if request.method == "GET":
        answers, draft = drafts.resume(key, definition)
    else:
        answers = answers_from_form(definition, request.form)
        command = SubmitForm(key, answers, current_principal(), request.form.get("idempotency_key"))
        try:
            if request.form.get("action") == "save_draft":
                draft = drafts.save_from_page(key, answers)
            else:
                submission = runtime().execute(handlers.submit_form, command)
                return redirect(f"/forms/submissions/{submission.id}")
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
    return render_template(
        "forms/fill.html",
        form=form,
        definition=definition,
        answers=answers,
        errors=errors,
        idempotency_key=idempotency_key,
        draft=draft,
    ), status


@bp.post("/forms/fill/<key>/draft/discard")
@login_required
@roles_required(ENTERPRISE_ROLE)
def discard_draft(key):
    try:
        runtime().execute(handlers.discard_draft, DiscardDraft(key, current_principal()))
    except FormsError as error:
        flash(error.message(current_locale()), "error")
    else:
        flash(_("Draft discarded."))
    return redirect(f"/forms/fill/{key}")


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


# Versions -----------------------------------------------------------------------------------


def _readable_or_404(uow, form_id):
    try:
        return handlers.readable_form(uow, form_id, current_user)
    except FormsError:
        abort(404)


def _diff_rows(form, old: str, new: str) -> list[dict]:
    changes = views.form_diff(form, old, new)
    before, after = form.version(old).definition, form.version(new).definition
    return [describe(change, before, after) for change in changes]


@bp.get("/forms/<form_id>/versions")
@login_required
@roles_required(*ADMIN_ROLES)
def versions(form_id):
    """The history, preview links, clone buttons, and the diff of two chosen versions."""
    old, new = request.args.get("from"), request.args.get("to")
    with runtime().uow() as uow:
        form = _readable_or_404(uow, form_id)
        history = views.version_history(uow, form)
        owner = views.unit_names(uow, [form.org_path])[form.org_path]
    status, rows, error = 200, None, None
    if old and new:
        try:
            rows = _diff_rows(form, old, new)
        except FormsError as refused:
            status, error = refused.status, refused.message(current_locale())
    return render_template(
        "forms/versions.html",
        form=form,
        history=history,
        owner=owner,
        manages=current_user.can_see(form.org_path),
        old=old,
        new=new,
        rows=rows,
        error=error,
    ), status


@bp.get("/forms/<form_id>/versions/<int:number>")
@login_required
@roles_required(*ADMIN_ROLES)
def preview(form_id, number):
    """A published version rendered as the intake page renders it, read-only."""
    with runtime().uow() as uow:
        form = _readable_or_404(uow, form_id)
    found = next((v for v in form.versions if v.version == number), None)
    if found is None:
        abort(404)
    return render_template(
        "forms/fill.html",
        form=form,
        definition=found.definition,
        answers={},
        errors={},
        preview=True,
        version=found,
    )


@bp.post("/forms/<form_id>/versions/<int:number>/clone")
@login_required
@roles_required(*ADMIN_ROLES)
def clone(form_id, number):
    try:
        runtime().execute(handlers.clone_version, CloneVersion(form_id, number, current_user))
    except FormNotFound:
        abort(404)
    except FormsError as error:
        flash(error.message(current_locale()), "error")
        return redirect(f"/forms/{form_id}/versions")
    flash(_("Version %(version)s is the draft now. Publish it to use it again.", version=number))
    return redirect(f"/forms/{form_id}/edit")


# County variants ----------------------------------------------------------------------------


@bp.post("/forms/<form_id>/template")
@login_required
@roles_required("province_admin", "city_admin")
def set_template(form_id):
    flag = request.form.get("is_template") == "true"
    try:
        runtime().execute(handlers.set_template, SetTemplate(form_id, flag, current_user))
    except FormNotFound:
        abort(404)
    except FormsError as error:
        flash(error.message(current_locale()), "error")
    else:
        flash(
            _("Counties can now adopt or fork this form.")
            if flag
            else _("This form is no longer a template.")
        )
    return redirect(f"/forms/{form_id}/versions")


@bp.get("/forms/templates")
@login_required
@roles_required("county_admin")
def templates():
    """The templates that apply to the county: adopt one, or fork it."""
    with runtime().uow() as uow:
        rows = views.templates_for(uow, current_user)
    return render_template("forms/templates.html", rows=rows)


@bp.post("/forms/templates/<template_id>/<choice>")
@login_required
@roles_required("county_admin")
def choose(template_id, choice):
    """Adopt a template, or fork it into the county's own form."""
    commands = {
        "adopt": (handlers.adopt_template, AdoptTemplate),
        "fork": (handlers.fork_template, ForkTemplate),
    }
    if choice not in commands:
        abort(404)
    handler, command = commands[choice]
    try:
        result = runtime().execute(handler, command(template_id, current_user))
    except FormNotFound:
        abort(404)
    except FormsError as error:
        flash(error.message(current_locale()), "error")
        return redirect("/forms/templates")
    if choice == "fork":
        flash(_("Your own form is a draft copy of the template. Change it, then publish it."))
        return redirect(f"/forms/{result.id}/edit")
    flash(_("Your enterprises file the template's latest version."))
    return redirect("/forms/templates")


@bp.get("/forms/<form_id>/variant")
@login_required
@roles_required(*ADMIN_ROLES)
def variant(form_id):
    """A fork's template changes since the fork, with a merge button per field."""
    with runtime().uow() as uow:
        fork = _managed_or_404(uow, form_id)
        try:
            found = views.template_changes(uow, fork)
        except FormsError:
            abort(404)
        owner = views.unit_names(uow, [found["template"].org_path])[found["template"].org_path]
    template = found["template"]
    before = template.version(fork.forked_from_version).definition
    rows = [
        {**describe(change, before, template.latest.definition), "merged": merged}
        for change, merged in found["changes"]
    ]
    return render_template("forms/variant.html", form=fork, found=found, owner=owner, rows=rows)


@bp.post("/forms/<form_id>/variant/merge")
@login_required
@roles_required(*ADMIN_ROLES)
def merge(form_id):
    command = MergeTemplateChange(form_id, request.form.get("field", ""), current_user)
    try:
        runtime().execute(handlers.merge_template_change, command)
    except FormNotFound:
        abort(404)
    except InvalidDefinition as error:
        flash(
            _(
                "The merged draft would not be valid: %(errors)s",
                errors=error.messages(current_locale()),
            ),
            "error",
        )
    except FormsError as error:
        flash(error.message(current_locale()), "error")
    else:
        flash(_("Merged into your draft. Publish the draft to use it."))
    return redirect(f"/forms/{form_id}/variant")


@bp.get("/forms/<form_id>/submissions")
@login_required
def submissions(form_id):
    """A form's submissions for its administrators: filters, pages, labels or raw values."""
    locale, status, errors = current_locale(), 200, {}
    try:
        with runtime().uow() as uow:
            table = views.submission_table(uow, current_user, form_id, request.args, locale)
            form, form_columns, rows, total = table.form, table.columns, table.rows, table.total
    except FormNotFound:
        abort(404)
    except InvalidSubmissionQuery as error:
        status, errors, table, rows, total = 400, error.field_errors(locale), None, [], 0
        with runtime().uow() as uow:
            form = views.administered_form(uow, current_user, form_id)
            form_columns = columns(views.version_definitions(form))
    return render_template(
        "forms/submissions.html",
        form=form,
        title=form.latest.definition["title"] if form.latest else form.title,
        columns=form_columns,
        filterable=[c for c in _filter_columns(form_columns) if c[1].type in MATCH_BY_TYPE],
        table=table,
        rows=rows,
        total=total,
        errors=errors,
        args=request.args,
        per_page_choices=sorted({20, DEFAULT_PER_PAGE, 100, MAX_PER_PAGE}),
        region_choices=region_choices(),
        export_query=_export_query(),
    ), status


def _filter_columns(form_columns):
    """(parameter path, column) of every answer one can filter on, repeating groups'
    children included."""
    for column in form_columns:
        if column.rows:
            for child in column.rows:
                yield f"{column.path}.{child.path}", child
        else:
            yield column.path, column


def _export_query() -> str:
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in ("page", "per_page")]
    return "?" + urlencode(kept) if kept else ""


@bp.app_template_filter("submission_cell")
def submission_cell(value) -> str:
    """A cell of the submissions table as text: dates in the reader's format."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def region_choices() -> list[tuple[str, str]]:
    """Every city and county of the province as (code, name with its city), for the
    region filters."""
    return [(code, full_name(code)) for code in sorted(names()) if len(code) > 2]


@bp.app_template_global("page_url")
def page_url(page: int) -> str:
    """This page of the submissions table with another page number."""
    kept = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    return "?" + urlencode([*kept, ("page", page)])
