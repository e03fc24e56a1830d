"""Routing rules as data: where each county's matters go, and how fast."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.workflow import handlers, views
from services.workflow.domain.commands import CreateRoutingRule
from shared.auth import ADMIN_ROLES, roles_required
from shared.web.api import login_required_api

bp = Blueprint(
    "workflow_routing_rules",
    __name__,
    url_prefix="/workflow/api",
    description="Routing rules: a county's own first, then its city's, then the province's",
)


class ConditionSchema(Schema):
    field = fields.String(required=True, metadata={"description": "a form field's key"})
    op = fields.String(required=True, metadata={"description": "eq, ne, in, contains, exists"})
    value = fields.Raw(metadata={"description": "a scalar; a list for in; none for exists"})


class RoutingRuleRequestSchema(Schema):
    id = fields.String(required=True, metadata={"description": "unique in one's org unit"})
    priority = fields.Integer(metadata={"description": "0-9999, lowest first; default 100"})
    form_key = fields.String(allow_none=True, metadata={"description": "null for any form"})
    conditions = fields.List(fields.Nested(ConditionSchema))
    target = fields.String(
        required=True,
        metadata={
            "description": "paired_liaison, county_default_department, "
            "department:<code> or org_unit:<id>"
        },
    )
    deadline_working_days = fields.Integer(required=True, metadata={"description": "1-365"})
    is_active = fields.Boolean()


class RoutingRuleSchema(RoutingRuleRequestSchema):
    org_unit_id = fields.String()
    org_path = fields.String()
    is_inherited = fields.Boolean(
        metadata={"description": "set above the caller's org unit, and applying there too"}
    )
    created_by = fields.String()
    created_at = fields.AwareDateTime()


@bp.get("/routing-rules")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.response(200, RoutingRuleSchema(many=True))
def list_routing_rules():
    """Rules set in one's area, and those inherited from above it."""
    with current_app.extensions["qinqing"].uow() as uow:
        return views.routing_rule_rows(uow, current_user)


@bp.post("/routing-rules")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.doc(
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": RoutingRuleRequestSchema}},
    }
)
@bp.response(201, RoutingRuleSchema)
def create_routing_rule():
    """Add a rule for one's org unit; it applies to every county below it. Each refusal
    names the field and the rule, in the caller's language."""
    runtime = current_app.extensions["qinqing"]
    command = CreateRoutingRule(request.get_json(silent=True), current_user)
    rule = runtime.execute(handlers.create_routing_rule, command)
    with runtime.uow() as uow:
        return views.own_routing_rule(uow, current_user, rule.id)
