"""Enterprises: list those in one's scope, register new ones."""

from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from services.directory import handlers
from services.directory.domain.commands import RegisterEnterprise
from services.directory.domain.errors import UnknownOrgUnit
from shared.auth import ADMIN_ROLES, roles_required
from shared.web.api import login_required_api

bp = Blueprint(
    "directory_enterprises",
    __name__,
    url_prefix="/directory/api",
    description="Enterprises, by unified social credit code",
)

SCALES = ("large", "medium", "small", "micro")
TYPES = ("traditional", "strategic_emerging", "key_pollutant_discharge", "third_party_governance")


class EnterpriseSchema(Schema):
    id = fields.String(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    credit_code = fields.String(required=True)
    county_id = fields.String(required=True)
    org_path = fields.String(dump_only=True)
    scale = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(SCALES))
    types = fields.List(fields.String(validate=validate.OneOf(TYPES)), load_default=list)


@bp.get("/enterprises")
@login_required_api
@bp.response(200, EnterpriseSchema(many=True))
def list_enterprises():
    """Enterprises in the signed-in person's org subtree."""
    with current_app.extensions["qinqing"].uow() as uow:
        return uow.directory.enterprises(current_user.org_path)


@bp.post("/enterprises")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.arguments(EnterpriseSchema())
@bp.response(201, EnterpriseSchema)
def register(args):
    """Register an enterprise under a county in one's scope; the credit code is verified."""
    if not current_user.can_see(_county_path(args["county_id"])):
        raise UnknownOrgUnit("county_id", args["county_id"])
    command = RegisterEnterprise(
        args["name"], args["credit_code"], args["county_id"], args["scale"], tuple(args["types"])
    )
    return current_app.extensions["qinqing"].execute(handlers.register_enterprise, command)


def _county_path(county_id: str) -> str:
    with current_app.extensions["qinqing"].uow() as uow:
        unit = uow.directory.org_unit(county_id)
        return unit.path if unit else ""
