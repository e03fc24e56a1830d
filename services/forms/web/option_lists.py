"""Pages of shared option lists: the lists a unit may use, and the editor of its own."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from services.forms import handlers, views
from services.forms.domain.commands import SaveOptionList
from services.forms.domain.errors import FormsError
from shared.auth import ADMIN_ROLES, roles_required
from shared.web.i18n import current_locale

bp = Blueprint("forms_option_list_pages", __name__, template_folder="templates")
#: Blank rows the editor offers below the options, for new ones.
BLANK_ROWS = 3
LANGUAGES = ("zh_CN", "en")


def runtime():
    return current_app.extensions["qinqing"]


@bp.get("/forms/option-lists")
@login_required
@roles_required(*ADMIN_ROLES)
def index():
    with runtime().uow() as uow:
        lists = uow.option_lists.usable_at(current_user.org_path)
    return render_template("forms/option_lists.html", lists=lists)


@bp.route("/forms/option-lists/new", methods=["GET", "POST"])
@bp.route("/forms/option-lists/<list_id>", methods=["GET", "POST"])
@login_required
@roles_required(*ADMIN_ROLES)
def edit(list_id: str | None = None):
    option_list, used_by = None, []
    if list_id:
        with runtime().uow() as uow:
            option_list = _managed_or_404(uow, list_id)
            used_by = views.forms_using(uow, option_list)
    data = _as_data(option_list) if option_list else {"key": "", "title": {}, "options": []}
    errors = {}
    if request.method == "POST":
        data = list_from_form(request.form, option_list.key if option_list else None)
        try:
            saved = runtime().execute(handlers.save_option_list, SaveOptionList(data, current_user))
        except FormsError as error:
            errors = error.field_errors(current_locale()) or {}
        else:
            flash(_("Option list saved. Forms that use it get the new options when published."))
            return redirect(f"/forms/option-lists/{saved.id}")
    rows = data["options"] + [{"value": "", "label": {}}] * BLANK_ROWS
    option_errors = errors.get("options", {})
    page = render_template(
        "forms/option_list_edit.html",
        option_list=option_list,
        data=data,
        rows=rows,
        errors={key: flatten(tree) for key, tree in errors.items()},
        row_errors=option_errors if isinstance(option_errors, dict) else {},
        flatten=flatten,
        used_by=used_by,
    )
    return page, (422 if errors else 200)


def flatten(tree) -> list[str]:
    """The messages of an error tree, in order (a row's value and labels together)."""
    if isinstance(tree, dict):
        return [message for value in tree.values() for message in flatten(value)]
    if isinstance(tree, list):
        return [message for value in tree for message in flatten(value)]
    return [str(tree)]


def _managed_or_404(uow, list_id: str):
    try:
        return handlers.managed_option_list(uow, list_id, current_user)
    except FormsError:
        abort(404)


def _as_data(option_list) -> dict:
    return {"key": option_list.key, "title": option_list.title, "options": option_list.options}


def list_from_form(form: MultiDict, key: str | None) -> dict:
    """The list an editor post describes; rows left wholly blank are left out."""
    options = []
    rows = zip(*(form.getlist(f"option_{part}") for part in ("value", *LANGUAGES)), strict=False)
    for value, *texts in rows:
        label = {lang: text.strip() for lang, text in zip(LANGUAGES, texts, strict=True)}
        if value.strip() or any(label.values()):
            options.append({"value": value.strip(), "label": label})
    title = {lang: form.get(f"title_{lang}", "").strip() for lang in LANGUAGES}
    return {"key": key or form.get("key", "").strip(), "title": title, "options": options}
