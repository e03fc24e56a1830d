"""The pairing roster: which liaison serves which enterprise this year."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, pre_dump

from services.workflow import admin_handlers, handlers, views
from services.workflow.domain.commands import CreatePairing, EndPairing
from shared.auth import ADMIN_ROLES, roles_required
from shared.web.api import login_required_api

bp = Blueprint(
    "workflow_pairings",
    __name__,
    url_prefix="/workflow/api",
    description="The pairing roster (结对): one liaison per enterprise per year",
)

PAIRING_FIELDS = (
    "id",
    "enterprise_id",
    "liaison_person_id",
    "contact_leader_person_id",
    "year",
    "is_active",
    "county_id",
    "org_path",
    "created_by",
    "created_at",
    "ended_by",
    "ended_at",
    "end_reason",
)


class PairingRequestSchema(Schema):
    enterprise_id = fields.String(required=True)
    liaison_person_id = fields.String(
        required=True, metadata={"description": "a person with the liaison role in the county"}
    )
    contact_leader_person_id = fields.String(
        allow_none=True,
        metadata={"description": "optional: a person with the contact leader role there"},
    )
    year = fields.Integer(required=True, metadata={"description": "2000-2099"})


class EndPairingRequestSchema(Schema):
    reason = fields.String(required=True, metadata={"description": "why; 1-500 characters"})


class PairingQuerySchema(Schema):
    year = fields.Integer(metadata={"description": "only this year's pairings"})


class PairingSchema(Schema):
    id = fields.String()
    enterprise_id = fields.String()
    enterprise_name = fields.String()
    liaison_person_id = fields.String()
    liaison_name = fields.String()
    contact_leader_person_id = fields.String(allow_none=True)
    contact_leader_name = fields.String(allow_none=True)
    year = fields.Integer()
    is_active = fields.Boolean()
    county_id = fields.String()
    org_path = fields.String()
    created_by = fields.String()
    created_at = fields.AwareDateTime()
    ended_by = fields.String(allow_none=True, metadata={"description": "who ended it"})
    ended_at = fields.AwareDateTime(allow_none=True)
    end_reason = fields.String(allow_none=True, metadata={"description": "why it ended"})

    @pre_dump
    def flatten(self, row: dict, **_kwargs) -> dict:
        pairing = row["pairing"]
        return {**row, **{name: getattr(pairing, name) for name in PAIRING_FIELDS}}


@bp.get("/pairings")
@login_required_api
@roles_required(*ADMIN_ROLES, "liaison", "contact_leader")
@bp.arguments(PairingQuerySchema, location="query")
@bp.response(200, PairingSchema(many=True))
def list_pairings(query: dict):
    """Pairings of an administrator's area, or those naming the caller; ended ones stay,
    inactive, with who ended them, when and why."""
    with current_app.extensions["qinqing"].uow() as uow:
        return views.pairing_rows(uow, current_user, year=query.get("year"))


@bp.post("/pairings")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.doc(
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": PairingRequestSchema}},
    }
)
@bp.response(201, PairingSchema)
def create_pairing():
    """Pair an enterprise of one's area with a liaison of its county for a year. Each
    refusal names the field and the rule, in the caller's language."""
    runtime = current_app.extensions["qinqing"]
    command = CreatePairing(request.get_json(silent=True), current_user)
    pairing = runtime.execute(handlers.create_pairing, command)
    with runtime.uow() as uow:
        return views.pairing_rows_of(uow, [pairing])[0]


@bp.post("/pairings/<pairing_id>/end")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.doc(
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": EndPairingRequestSchema}},
    }
)
@bp.response(200, PairingSchema)
def end_pairing(pairing_id: str):
    """End (unpair) a pairing of one's area with a reason; it stays on the roster,
    inactive, and ``workflow.pairing.ended`` is announced."""
    runtime = current_app.extensions["qinqing"]
    command = EndPairing(pairing_id, request.get_json(silent=True), current_user)
    pairing = runtime.execute(admin_handlers.end_pairing, command)
    with runtime.uow() as uow:
        return views.pairing_rows_of(uow, [uow.workflow.pairing(pairing.id)])[0]
