"""Workflow keeps copies of directory's records and opens one service account per
enterprise ("one enterprise, one account"), however often the event comes."""

from tests.service.workflow.conftest import ORG_UNITS, PEOPLE


def test_registered_enterprise_gets_a_service_account(workflow):
    workflow.register("ent-a")

    with workflow.runtime.uow() as uow:
        account = uow.workflow.account_of("ent-a")
    assert (account.enterprise_name, account.county_id) == ("杭州清源环保科技有限公司", "330102")
    assert account.org_path == "33/3301/330102"


def test_registration_delivered_twice_opens_one_account(workflow):
    envelope = workflow.register("ent-a")

    workflow.runtime.consumer(envelope)

    assert workflow.count("service_accounts") == 1


def test_registration_announced_again_keeps_one_account_and_refreshes_the_name(workflow):
    workflow.register("ent-a")

    workflow.register("ent-a", name="杭州清源环保科技股份有限公司")

    with workflow.runtime.uow() as uow:
        account = uow.workflow.account_of("ent-a")
        enterprise = uow.known.enterprise("ent-a")
    assert workflow.count("service_accounts") == 1
    assert account.enterprise_name == enterprise.name == "杭州清源环保科技股份有限公司"


def test_people_and_org_units_are_copied_once(world):
    with world.runtime.uow() as uow:
        liaison = uow.known.person("p-liaison")
        office = uow.known.default_department_of("330102")
    assert (liaison.roles, liaison.org_path) == (["liaison"], "33/3301/330102")
    assert office.id == "330102-office"
    assert world.count("org_units") == len(ORG_UNITS) and world.count("people") == len(PEOPLE)
