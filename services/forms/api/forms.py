"""Form definitions: drafts, publishing, versions."""

from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint

from services.forms import handlers, views
from services.forms.api.schemas import (
    DiffArgsSchema,
    DiffSchema,
    FormRequestSchema,
    FormSchema,
    VersionDetailSchema,
    VersionHistorySchema,
)
from services.forms.domain.commands import CloneVersion, CreateForm, PublishForm, UpdateDraft
from shared.auth import ADMIN_ROLES, roles_required
from shared.web.api import login_required_api

bp = Blueprint(
    "forms_forms",
    __name__,
    url_prefix="/forms/api",
    description="Form definitions and their published versions",
)


def runtime():
    return current_app.extensions["qinqing"]


@bp.get("/forms")
@login_required_api
@bp.response(200, FormSchema(many=True))
def list_forms():
    """Forms the signed-in administrator manages, or an enterprise user may file."""
    with runtime().uow() as uow:
        if current_user.is_enterprise:
            return views.fillable_forms(uow, current_user)
        return uow.forms.managed_by(current_user.org_path)


@bp.post("/forms")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.arguments(FormRequestSchema())
@bp.response(201, FormSchema)
def create(args):
    """Create a draft form owned by the administrator's org unit."""
    return runtime().execute(handlers.create_form, CreateForm(args["definition"], current_user))


@bp.get("/forms/<form_id>")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.response(200, FormSchema)
def get(form_id):
    with runtime().uow() as uow:
        return handlers.managed_form(uow, form_id, current_user)


@bp.put("/forms/<form_id>/draft")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.arguments(FormRequestSchema())
@bp.response(200, FormSchema)
def update_draft(args, form_id):
    """Replace the draft; published versions do not change."""
    command = UpdateDraft(form_id, args["definition"], current_user)
    return runtime().execute(handlers.update_draft, command)


@bp.post("/forms/<form_id>/publish")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.response(201, VersionDetailSchema)
def publish(form_id):
    """Publish the draft as the next immutable version."""
    return runtime().execute(handlers.publish_form, PublishForm(form_id, current_user))


@bp.get("/forms/<form_id>/versions/<int:number>")
@login_required_api
@bp.response(200, VersionDetailSchema)
def version(form_id, number):
    """One published version: its definition and compiled JSON Schema."""
    with runtime().uow() as uow:
        return handlers.readable_form(uow, form_id, current_user).version(number)


@bp.get("/forms/<form_id>/versions")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.response(200, VersionHistorySchema(many=True))
def versions(form_id):
    """The published versions, newest first: who published each, and when."""
    with runtime().uow() as uow:
        return views.version_history(uow, handlers.readable_form(uow, form_id, current_user))


@bp.get("/forms/<form_id>/diff")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.arguments(DiffArgsSchema(), location="query")
@bp.response(200, DiffSchema)
def diff(args, form_id):
    """The field-by-field changes from version ``from`` to version ``to``."""
    with runtime().uow() as uow:
        form = handlers.readable_form(uow, form_id, current_user)
        changes = views.form_diff(form, args["old"], args["new"])
    return {"old": args["old"], "new": args["new"], "changes": changes}


@bp.post("/forms/<form_id>/versions/<int:number>/clone")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.response(200, FormSchema)
def clone(form_id, number):
    """Make a published version the draft again (the form keeps its key)."""
    return runtime().execute(handlers.clone_version, CloneVersion(form_id, number, current_user))
