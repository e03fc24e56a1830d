"""Workflow's demo data: the paired demo enterprise of Shangcheng (with its liaison and
contact leader) and one routing rule.

Both build on directory's events: the county, its EIA department, the demo enterprise and
the demo liaison must have reached workflow first (NotReady until they have).
"""

from __future__ import annotations

from qinqing.system import NotReady
from services.workflow import handlers
from services.workflow.domain.calendar import local_date
from services.workflow.domain.commands import CreatePairing, CreateRoutingRule
from shared.auth import Principal
from shared.credit_code import generate_credit_code

DEMO_COUNTY = "330102"
DEMO_DEPARTMENT = "330102-eia"
DEMO_LIAISON = "liaison"
DEMO_CONTACT_LEADER = "leader"
#: The demo enterprise of Shangcheng that has a liaison (the first one directory seeds).
DEMO_CREDIT_CODE = generate_credit_code(DEMO_COUNTY, 1)
DEMO_RULE = {
    "id": "demo-eia-approval",
    "form_key": "enterprise-request",
    "conditions": [{"field": "category", "op": "eq", "value": "eia_approval"}],
    "target": "department:eia",
    "deadline_working_days": 5,
}


def seed(runtime) -> bool:
    """Pair the demo enterprise with the demo liaison for this year and add the demo
    routing rule, each once; False when both are already there.

    :raises NotReady: while directory's county, department, enterprise or liaison has not
        reached workflow.
    """
    with runtime.uow() as uow:
        actor = _county_administrator(uow)
        enterprise_id, liaison_id, leader_id = _demo_parties(uow)
        seeded = _pair(uow, actor, enterprise_id, liaison_id, leader_id)
        seeded = _add_rule(uow, actor) or seeded
        uow.commit()
    return seeded


def _county_administrator(uow) -> Principal:
    county = uow.known.org_unit(DEMO_COUNTY)
    if county is None or uow.known.org_unit(DEMO_DEPARTMENT) is None:
        raise NotReady(f"org units {DEMO_COUNTY} and {DEMO_DEPARTMENT} are not known yet")
    return Principal(
        id="system:seed",
        username="system:seed",
        name="Demo data",
        roles=("county_admin",),
        org_path=county.path,
        org_unit_id=county.id,
    )


def _demo_parties(uow) -> tuple[str, str, str]:
    enterprise = uow.known.enterprise_by_credit_code(DEMO_CREDIT_CODE)
    liaison = uow.known.person_by_username(DEMO_LIAISON)
    leader = uow.known.person_by_username(DEMO_CONTACT_LEADER)
    if enterprise is None or liaison is None or leader is None:
        raise NotReady(
            f"enterprise {DEMO_CREDIT_CODE} or people {DEMO_LIAISON!r}, "
            f"{DEMO_CONTACT_LEADER!r} not known yet"
        )
    return enterprise.id, liaison.id, leader.id


def _pair(uow, actor: Principal, enterprise_id: str, liaison_id: str, leader_id: str) -> bool:
    year = local_date(handlers.now()).year
    if uow.workflow.active_pairing(enterprise_id, year) is not None:
        return False
    data = {
        "enterprise_id": enterprise_id,
        "liaison_person_id": liaison_id,
        "contact_leader_person_id": leader_id,
        "year": year,
    }
    handlers.create_pairing(CreatePairing(data, actor), uow)
    return True


def _add_rule(uow, actor: Principal) -> bool:
    if uow.workflow.routing_rule_exists(DEMO_COUNTY, DEMO_RULE["id"]):
        return False
    handlers.create_routing_rule(CreateRoutingRule(DEMO_RULE, actor), uow)
    return True
