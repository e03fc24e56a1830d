"""Routing rules as data: where each county's matters go, and how fast."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.workflow import admin_handlers, dry_run_views, handlers, views
from services.workflow.domain.commands import (
    CreateRoutingRule,
    DeleteRoutingRule,
    UpdateRoutingRule,
)
from shared.auth import ADMIN_ROLES, roles_required
from shared.web.api import login_required_api
from shared.web.i18n import current_locale

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
    is_overridden = fields.Boolean(
        metadata={
            "description": "hidden in the caller's area by a rule of the same id set nearer "
            "to it (active or not)"
        }
    )
    created_by = fields.String()
    created_at = fields.AwareDateTime()
    updated_by = fields.String(allow_none=True)
    updated_at = fields.AwareDateTime(allow_none=True)


class DryRunRequestSchema(Schema):
    ticket_id = fields.String(
        metadata={"description": "replay this ticket's submission (alone, without the rest)"}
    )
    form_key = fields.String(allow_none=True, metadata={"description": "null for any form"})
    answers = fields.Dict(metadata={"description": "the answers, by question name"})
    enterprise_id = fields.String(metadata={"description": "an enterprise of one's area"})


class DryRunStepSchema(Schema):
    rule_id = fields.String()
    org_unit_id = fields.String()
    org_unit_name = fields.String()
    tier = fields.Integer(metadata={"description": "0 the county's own, 1 its city's, 2 …"})
    priority = fields.Integer()
    form_key = fields.String(allow_none=True)
    form_title = fields.String(allow_none=True)
    target = fields.String()
    target_name = fields.String()
    outcome = fields.String(
        metadata={
            "description": "matched, shadowed, inactive, form_differs, condition_failed, "
            "no_target or not_reached"
        }
    )
    reason = fields.String(metadata={"description": "why, in the caller's language"})
    condition_index = fields.Integer(allow_none=True)
    condition = fields.Dict(allow_none=True)
    answer = fields.Raw(allow_none=True, metadata={"description": "what the condition tested"})


class DryRunResultSchema(Schema):
    rule_id = fields.String(allow_none=True)
    is_fallback = fields.Boolean()
    assignee_person_id = fields.String(allow_none=True)
    assignee_person_name = fields.String(allow_none=True)
    assignee_org_unit_id = fields.String(allow_none=True)
    assignee_org_unit_name = fields.String(allow_none=True)
    redirected_from = fields.String(
        allow_none=True, metadata={"description": "the unit chosen first, where nobody can act"}
    )
    redirected_from_name = fields.String(allow_none=True)
    deadline_working_days = fields.Integer()
    summary = fields.String()


class DryRunSchema(Schema):
    ticket_id = fields.String(allow_none=True)
    form_key = fields.String(allow_none=True)
    form_title = fields.String(allow_none=True)
    answers = fields.Dict()
    enterprise_id = fields.String()
    enterprise_name = fields.String()
    county_id = fields.String()
    county_name = fields.String()
    steps = fields.List(fields.Nested(DryRunStepSchema))
    result = fields.Nested(DryRunResultSchema, allow_none=True)
    no_route = fields.String(allow_none=True)


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


@bp.post("/routing-rules/dry-run")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.doc(
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": DryRunRequestSchema}},
    }
)
@bp.response(200, DryRunSchema)
def dry_run_routing_rules():
    """Which rule a submission would hit in its enterprise's county, and why each rule did
    or did not; nothing is stored. Give ``ticket_id`` to replay a ticket's submission, or
    ``enterprise_id`` with ``form_key`` and ``answers``."""
    with current_app.extensions["qinqing"].uow() as uow:
        return dry_run_views.dry_run(
            uow, current_user, request.get_json(silent=True), current_locale()
        )


@bp.put("/routing-rules/<path:rule_id>")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.doc(
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": RoutingRuleRequestSchema}},
    }
)
@bp.response(200, RoutingRuleSchema)
def replace_routing_rule(rule_id: str):
    """Replace one of one's own unit's rules (its id stays; a missing priority is 100).
    Rules set above one's unit are not one's own: override them with a rule of the same
    id instead."""
    runtime = current_app.extensions["qinqing"]
    command = UpdateRoutingRule(rule_id, request.get_json(silent=True), current_user)
    runtime.execute(admin_handlers.update_routing_rule, command)
    with runtime.uow() as uow:
        return views.own_routing_rule(uow, current_user, rule_id)


@bp.delete("/routing-rules/<path:rule_id>")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.response(204)
def delete_routing_rule(rule_id: str):
    """Delete one of one's own unit's rules; an inherited rule it overrode applies again."""
    command = DeleteRoutingRule(rule_id, current_user)
    current_app.extensions["qinqing"].execute(admin_handlers.delete_routing_rule, command)
