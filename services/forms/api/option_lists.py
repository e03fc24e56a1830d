"""Shared option lists: edited once, used by the select fields of several forms."""

from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.forms import handlers, views
from services.forms.domain.commands import SaveOptionList
from shared.auth import ADMIN_ROLES, roles_required
from shared.web.api import login_required_api

bp = Blueprint(
    "forms_option_lists",
    __name__,
    url_prefix="/forms/api",
    description="Named option lists that several forms' choice fields share",
)


class OptionListRequestSchema(Schema):
    #: ``{"key": ..., "title": {...}, "options": [{"value": ..., "label": {...}}]}``;
    #: validated by the domain.
    option_list = fields.Dict(required=True)


class UsingFormSchema(Schema):
    form_id = fields.String(attribute="form.id")
    key = fields.String(attribute="form.key")
    title = fields.Dict(attribute="form.title")
    #: The published version carries other options than the list has now.
    stale = fields.Boolean()


class OptionListSchema(Schema):
    id = fields.String()
    key = fields.String()
    org_path = fields.String()
    title = fields.Dict()
    options = fields.List(fields.Dict())
    updated_at = fields.AwareDateTime()


class OptionListDetailSchema(OptionListSchema):
    used_by = fields.List(fields.Nested(UsingFormSchema))


def runtime():
    return current_app.extensions["qinqing"]


@bp.get("/option-lists")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.response(200, OptionListSchema(many=True))
def list_option_lists():
    """The lists the administrator's forms may use: their unit's, and those above it."""
    with runtime().uow() as uow:
        return uow.option_lists.usable_at(current_user.org_path)


@bp.put("/option-lists")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.arguments(OptionListRequestSchema())
@bp.response(200, OptionListSchema)
def save(args):
    """Create the unit's list of that key, or replace its title and options."""
    command = SaveOptionList(args["option_list"], current_user)
    return runtime().execute(handlers.save_option_list, command)


@bp.get("/option-lists/<list_id>")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.response(200, OptionListDetailSchema)
def get(list_id):
    """One list the unit manages, with the forms that use it."""
    with runtime().uow() as uow:
        option_list = handlers.managed_option_list(uow, list_id, current_user)
        return {**vars(option_list), "used_by": views.forms_using(uow, option_list)}
