"""Who am I, and API tokens for machine clients."""

from flask import current_app
from flask_login import current_user, login_required
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from services.directory import handlers
from services.directory.domain.commands import IssueApiToken
from shared.auth import issue_api_token
from shared.web.api import login_required_api

bp = Blueprint(
    "directory_tokens",
    __name__,
    url_prefix="/directory/api",
    description="The signed-in principal and API tokens",
)


class PrincipalSchema(Schema):
    id = fields.String()
    username = fields.String()
    name = fields.String()
    roles = fields.List(fields.String())
    org_path = fields.String()
    org_unit_id = fields.String(allow_none=True)
    enterprise_id = fields.String(allow_none=True)


class TokenRequestSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    days = fields.Integer(load_default=90, validate=validate.Range(min=1, max=365))


class TokenSchema(Schema):
    id = fields.String()
    name = fields.String()
    token = fields.String()
    expires_at = fields.AwareDateTime()


@bp.get("/me")
@login_required_api
@bp.response(200, PrincipalSchema)
def me():
    """The signed-in principal (session or token)."""
    return current_user


@bp.post("/tokens")
@login_required
@bp.arguments(TokenRequestSchema())
@bp.response(201, TokenSchema)
def create_token(args):
    """Issue an API token acting as the signed-in person (shown once)."""
    runtime = current_app.extensions["qinqing"]
    record, principal = runtime.execute(
        handlers.issue_api_token, IssueApiToken(current_user.id, args["name"], args["days"])
    )
    return {
        "id": record.id,
        "name": record.name,
        "expires_at": record.expires_at,
        "token": issue_api_token(principal),
    }
