"""Administrators' use cases on their own routing rules and on the pairing roster, beyond
creating them (:mod:`services.workflow.handlers` creates both): change a rule, switch it
on or off, move it up or down, delete it; end (unpair) a pairing.

An administrator changes only the rules their own org unit set. Rules set above it are
inherited and read-only there; a county overrides one by setting a rule of the same id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from services.workflow.domain import commands
from services.workflow.domain.access import own_org_unit_id
from services.workflow.domain.errors import (
    InvalidRoutingRule,
    PairingNotFound,
    RoutingRuleNotFound,
)
from services.workflow.domain.model import Pairing
from services.workflow.domain.roster import validate_end_reason
from services.workflow.domain.routing import RoutingRule, validate_rule
from services.workflow.handlers import announce_pairing_ended, check_target_in_area, now
from shared.org_paths import is_within

UP, DOWN = "up", "down"
#: The gap between priorities when a unit's rules are numbered afresh.
PRIORITY_STEP = 10


def update_routing_rule(cmd: commands.UpdateRoutingRule, uow) -> RoutingRule:
    """Replace one of the unit's own rules with the rule in the request; its id stays."""
    org_unit_id = own_org_unit_id(cmd.actor)
    _own_rule(uow, org_unit_id, cmd.rule_id)
    data = cmd.data
    if isinstance(data, Mapping):
        if data.get("id", cmd.rule_id) != cmd.rule_id:
            raise InvalidRoutingRule("id", "id_mismatch", cmd.rule_id)
        data = {**data, "id": cmd.rule_id}
    rule = validate_rule(data)
    check_target_in_area(rule.target, cmd.actor.org_path, uow)
    uow.workflow.replace_routing_rule(org_unit_id, rule, **_change(cmd.actor))
    return rule


def set_routing_rule_active(cmd: commands.SetRoutingRuleActive, uow) -> RoutingRule:
    """Switch one of the unit's own rules on or off."""
    org_unit_id = own_org_unit_id(cmd.actor)
    rule = replace(_own_rule(uow, org_unit_id, cmd.rule_id), is_active=cmd.is_active)
    uow.workflow.replace_routing_rule(org_unit_id, rule, **_change(cmd.actor))
    return rule


def move_routing_rule(cmd: commands.MoveRoutingRule, uow) -> None:
    """Try one of the unit's own rules before (up) or after (down) its neighbour, by
    swapping their priorities; rules of equal priority are numbered afresh first. A rule
    already first (or last) stays."""
    if cmd.direction not in (UP, DOWN):
        raise InvalidRoutingRule("direction", "unknown_direction", cmd.direction)
    org_unit_id = own_org_unit_id(cmd.actor)
    rules = uow.workflow.own_routing_rules(org_unit_id)
    index = next((i for i, rule in enumerate(rules) if rule.id == cmd.rule_id), None)
    if index is None:
        raise RoutingRuleNotFound(cmd.rule_id)
    other = index - 1 if cmd.direction == UP else index + 1
    if not 0 <= other < len(rules):
        return
    priorities = {rule.id: rule.priority for rule in rules}
    if len(set(priorities.values())) < len(rules):
        priorities = {rule.id: (i + 1) * PRIORITY_STEP for i, rule in enumerate(rules)}
    mine, theirs = rules[index].id, rules[other].id
    priorities[mine], priorities[theirs] = priorities[theirs], priorities[mine]
    uow.workflow.reprioritise_routing_rules(org_unit_id, priorities, **_change(cmd.actor))


def delete_routing_rule(cmd: commands.DeleteRoutingRule, uow) -> None:
    """Delete one of the unit's own rules; an inherited rule it overrode applies again."""
    org_unit_id = own_org_unit_id(cmd.actor)
    _own_rule(uow, org_unit_id, cmd.rule_id)
    uow.workflow.delete_routing_rule(org_unit_id, cmd.rule_id)


def end_pairing(cmd: commands.EndPairing, uow) -> Pairing:
    """End a pairing of the administrator's area with a reason, keeping it on the roster
    as history, and announce it."""
    pairing = uow.workflow.pairing(cmd.pairing_id)
    if pairing is None or not is_within(pairing.org_path or "", cmd.actor.org_path):
        raise PairingNotFound()
    reason = validate_end_reason(cmd.data)
    pairing.end(cmd.actor.id, now(), reason)
    announce_pairing_ended(pairing, uow)
    return pairing


def _own_rule(uow, org_unit_id: str, rule_id: str) -> RoutingRule:
    rule = next((r for r in uow.workflow.own_routing_rules(org_unit_id) if r.id == rule_id), None)
    if rule is None:
        raise RoutingRuleNotFound(rule_id)
    return rule


def _change(actor) -> dict:
    return {"updated_by": actor.id, "updated_at": now()}
