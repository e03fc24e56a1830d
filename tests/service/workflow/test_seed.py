"""The demo data: the demo enterprise paired with the demo liaison, and the demo rule."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from qinqing.system import NotReady
from services.workflow.seed import seed


def this_year() -> int:
    return datetime.now(ZoneInfo("Asia/Shanghai")).year


def test_seed_waits_for_directorys_events(workflow):
    with pytest.raises(NotReady):
        seed(workflow.runtime)


def test_seed_waits_for_the_enterprise_and_liaison_after_the_org_units(workflow):
    workflow.learn_org_units()

    with pytest.raises(NotReady):
        seed(workflow.runtime)

    assert (workflow.count("pairings"), workflow.count("routing_rules")) == (0, 0)


def test_seed_pairs_the_demo_enterprise_with_the_demo_liaison_this_year(world):
    assert seed(world.runtime) is True

    with world.runtime.uow() as uow:
        pairing = uow.workflow.active_pairing("ent-a", this_year())
    assert (pairing.liaison_person_id, pairing.org_path) == ("p-liaison", "33/3301/330102")


def test_seed_adds_the_demo_rule_for_shangcheng(world):
    seed(world.runtime)

    with world.runtime.uow() as uow:
        row = uow.workflow.routing_rule_row("330102", "demo-eia-approval")
    assert (row["form_key"], row["target"], row["deadline_working_days"]) == (
        "enterprise-request",
        "department:eia",
        5,
    )
    assert row["conditions"] == [{"field": "category", "op": "eq", "value": "eia_approval"}]


def test_seeding_twice_changes_nothing(world):
    seed(world.runtime)

    assert seed(world.runtime) is False
    assert (world.count("pairings"), world.count("routing_rules")) == (1, 1)
    assert len(world.published("workflow.pairing.created")) == 1
