"""Drafts: an enterprise user's unfinished answers to a form, saved without checks."""

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.forms import handlers, views
from services.forms.domain.commands import DiscardDraft, SaveDraft
from services.forms.domain.errors import DraftNotFound
from shared.auth import ENTERPRISE_ROLE, current_principal, roles_required
from shared.web.api import login_required_api

bp = Blueprint(
    "forms_drafts",
    __name__,
    url_prefix="/forms/api",
    description="Drafts of submissions: each person's own, one per form",
)


class DraftRequestSchema(Schema):
    #: The answers so far, in the nested shape of a submission; only the form's fields.
    answers = fields.Dict(required=True)


class DraftSummarySchema(Schema):
    form_key = fields.String()
    #: The form's title, ``{"zh_CN": ..., "en": ...}``.
    title = fields.Dict()
    updated_at = fields.AwareDateTime(default_timezone=None)


class DraftSchema(DraftSummarySchema):
    answers = fields.Dict()


def runtime():
    return current_app.extensions["qinqing"]


def own_draft(form_key: str):
    with runtime().uow() as uow:
        draft = views.own_draft(uow, current_principal(), form_key)
    if draft is None:
        raise DraftNotFound()
    return draft


@bp.get("/drafts")
@login_required_api
@roles_required(ENTERPRISE_ROLE)
@bp.response(200, DraftSummarySchema(many=True))
def list_drafts():
    """The signed-in person's drafts, the last saved first."""
    with runtime().uow() as uow:
        return views.own_drafts(uow, current_principal())


@bp.get("/drafts/<form_key>")
@login_required_api
@roles_required(ENTERPRISE_ROLE)
@bp.response(200, DraftSchema)
def get(form_key):
    """The signed-in person's draft of a form; 404 when they have none."""
    return own_draft(form_key)


@bp.put("/drafts/<form_key>")
@login_required_api
@roles_required(ENTERPRISE_ROLE)
@bp.arguments(DraftRequestSchema())
@bp.response(200, DraftSchema)
def put(args, form_key):
    """Save the answers so far as the person's draft of the form, unchecked; answers to
    fields the form's latest version does not have are refused."""
    command = SaveDraft(form_key, args["answers"], current_principal())
    runtime().execute(handlers.save_draft, command)
    return own_draft(form_key)


@bp.delete("/drafts/<form_key>")
@login_required_api
@roles_required(ENTERPRISE_ROLE)
@bp.response(204)
def delete(form_key):
    """Discard the person's draft of a form; 404 when they have none."""
    runtime().execute(handlers.discard_draft, DiscardDraft(form_key, current_principal()))
