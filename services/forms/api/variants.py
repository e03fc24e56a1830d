"""County variants: templates, adopting and forking them, merging their changes, and which
version of which form an enterprise of a county gets."""

from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint

from services.forms import handlers, views
from services.forms.api.schemas import (
    FormSchema,
    MergeRequestSchema,
    ResolveArgsSchema,
    ResolvedSchema,
    TemplateChangesSchema,
    TemplateFlagSchema,
    TemplateSchema,
    VariantSchema,
)
from services.forms.domain.commands import (
    AdoptTemplate,
    ForkTemplate,
    MergeTemplateChange,
    SetTemplate,
)
from shared.auth import ADMIN_ROLES, roles_required
from shared.web.api import login_required_api

bp = Blueprint(
    "forms_variants",
    __name__,
    url_prefix="/forms/api",
    description="Province templates and the counties' variants of them",
)

COUNTY_ADMIN = "county_admin"


def runtime():
    return current_app.extensions["qinqing"]


@bp.put("/forms/<form_id>/template")
@login_required_api
@roles_required("province_admin", "city_admin")
@bp.arguments(TemplateFlagSchema())
@bp.response(200, FormSchema)
def set_template(args, form_id):
    """Offer a province's or city's form to its counties as a template, or stop."""
    command = SetTemplate(form_id, args["is_template"], current_user)
    return runtime().execute(handlers.set_template, command)


@bp.get("/templates")
@login_required_api
@roles_required(COUNTY_ADMIN)
@bp.response(200, TemplateSchema(many=True))
def templates():
    """The templates that apply to the county, each with the county's choice."""
    with runtime().uow() as uow:
        return views.templates_for(uow, current_user)


@bp.post("/templates/<template_id>/adopt")
@login_required_api
@roles_required(COUNTY_ADMIN)
@bp.response(200, VariantSchema)
def adopt(template_id):
    """The county's enterprises file the template's latest version, now and after every
    new version; the county's own form of that key, if any, is archived."""
    return runtime().execute(handlers.adopt_template, AdoptTemplate(template_id, current_user))


@bp.post("/templates/<template_id>/fork")
@login_required_api
@roles_required(COUNTY_ADMIN)
@bp.response(201, FormSchema)
def fork(template_id):
    """Give the county its own form of the template's key, its draft a copy of the
    template's latest version; it serves once published."""
    return runtime().execute(handlers.fork_template, ForkTemplate(template_id, current_user))


@bp.get("/forms/<form_id>/template-changes")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.response(200, TemplateChangesSchema)
def template_changes(form_id):
    """A fork's template changes since the version it was forked from, each marked merged
    when the fork's draft already has it."""
    with runtime().uow() as uow:
        found = views.template_changes(uow, handlers.managed_form(uow, form_id, current_user))
    return {
        **found,
        "template_form_id": found["template"].id,
        "changes": [{**change.__dict__, "merged": merged} for change, merged in found["changes"]],
    }


@bp.post("/forms/<form_id>/template-changes/merge")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.arguments(MergeRequestSchema())
@bp.response(200, FormSchema)
def merge(args, form_id):
    """Apply one field's template change to the fork's draft."""
    command = MergeTemplateChange(form_id, args["field"], current_user)
    return runtime().execute(handlers.merge_template_change, command)


@bp.get("/resolve")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.arguments(ResolveArgsSchema(), location="query")
@bp.response(200, ResolvedSchema)
def resolve(args):
    """Which version of which form an enterprise under ``org_path`` files for ``key``."""
    with runtime().uow() as uow:
        return views.resolve(uow, current_user, args["key"], args["org_path"])
