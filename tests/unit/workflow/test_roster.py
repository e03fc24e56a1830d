"""The pairing roster's rules: well-formed input, an enterprise in the administrator's
area, a liaison (and contact leader) of the enterprise's county."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.workflow.domain.errors import InvalidPairing, PairingAlreadyEnded
from services.workflow.domain.known import Enterprise, Person
from services.workflow.domain.model import Pairing
from services.workflow.domain.roster import (
    PairingInput,
    check_enterprise,
    check_staff,
    validate_end_reason,
    validate_pairing_input,
)

SHANGCHENG = "33/3301/330102"
AT = datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
VALID = {"enterprise_id": "ent-a", "liaison_person_id": "p-liaison", "year": 2026}


def liaison(**overrides) -> Person:
    fields = {
        "id": "p-liaison",
        "username": "liaison",
        "name": "L",
        "roles": ["liaison"],
        "org_path": SHANGCHENG,
    }
    return Person(**(fields | overrides))


def enterprise(org_path: str = SHANGCHENG) -> Enterprise:
    return Enterprise("ent-a", "E", "91330102QQ0000012F", org_path.rsplit("/", 1)[-1], org_path)


def test_valid_input_gives_a_pairing_request_without_contact_leader():
    assert validate_pairing_input(VALID) == PairingInput("ent-a", "p-liaison", None, 2026)


def test_ids_are_trimmed():
    request = validate_pairing_input({**VALID, "contact_leader_person_id": " p-leader "})

    assert request.contact_leader_person_id == "p-leader"


@pytest.mark.parametrize(
    ("data", "field", "rule"),
    [
        ({"year": 2026, "liaison_person_id": "p"}, "enterprise_id", "required"),
        ({**VALID, "enterprise_id": ""}, "enterprise_id", "required"),
        ({**VALID, "enterprise_id": ["ent-a"]}, "enterprise_id", "not_string"),
        ({**VALID, "liaison_person_id": None}, "liaison_person_id", "required"),
        ({**VALID, "contact_leader_person_id": ""}, "contact_leader_person_id", "required"),
        ({**VALID, "contact_leader_person_id": 3}, "contact_leader_person_id", "not_string"),
        ({**VALID, "year": None}, "year", "required"),
        ({**VALID, "year": 2026.0}, "year", "not_integer"),
        ({**VALID, "year": False}, "year", "not_integer"),
        ({**VALID, "year": 1999}, "year", "year_range"),
        ({**VALID, "year": 2100}, "year", "year_range"),
        ({**VALID, "liaison": "p"}, "liaison", "unknown_field"),
        ("ent-a", "pairing", "not_object"),
    ],
)
def test_each_bad_input_is_refused_naming_field_and_rule(data, field, rule):
    with pytest.raises(InvalidPairing) as raised:
        validate_pairing_input(data)

    assert (raised.value.field, raised.value.rule, raised.value.status) == (field, rule, 422)
    assert field in raised.value.message("zh-CN") and field in raised.value.message("en")


def test_bounds_of_the_year_are_accepted():
    assert validate_pairing_input({**VALID, "year": 2000}).year == 2000
    assert validate_pairing_input({**VALID, "year": 2099}).year == 2099


def test_enterprise_within_the_area_is_accepted():
    assert check_enterprise(enterprise(), "33/3301", "ent-a").id == "ent-a"


@pytest.mark.parametrize("found", [None, enterprise("33/3301/330106")])
def test_missing_enterprise_and_one_outside_the_area_are_refused_alike(found):
    with pytest.raises(InvalidPairing) as raised:
        check_enterprise(found, SHANGCHENG, "ent-a")

    assert (raised.value.field, raised.value.rule) == ("enterprise_id", "unknown_enterprise")


def test_liaison_of_the_county_or_a_department_below_passes():
    check_staff(liaison(), "liaison", "liaison_person_id", SHANGCHENG, "p-liaison")
    below = liaison(org_path=f"{SHANGCHENG}/330102-office")
    check_staff(below, "liaison", "liaison_person_id", SHANGCHENG, "p-liaison")


@pytest.mark.parametrize(
    ("person", "role", "rule"),
    [
        (None, "liaison", "unknown_person"),
        (liaison(roles=["department_staff"]), "liaison", "not_liaison"),
        (liaison(), "contact_leader", "not_contact_leader"),
        (liaison(org_path="33/3301/330106"), "liaison", "outside_county"),
        (liaison(org_path="33/3301"), "liaison", "outside_county"),
    ],
)
def test_person_who_may_not_serve_the_enterprise_is_refused(person, role, rule):
    with pytest.raises(InvalidPairing) as raised:
        check_staff(person, role, "some_field", SHANGCHENG, "p-x")

    assert (raised.value.field, raised.value.rule) == ("some_field", rule)


def test_reason_for_ending_is_trimmed():
    assert validate_end_reason({"reason": "  moved away "}) == "moved away"


@pytest.mark.parametrize(
    ("data", "field", "rule"),
    [
        ({}, "reason", "required"),
        ({"reason": "  "}, "reason", "required"),
        ({"reason": 5}, "reason", "not_string"),
        ({"reason": "x" * 501}, "reason", "too_long"),
        ({"reason": "ok", "by": "me"}, "by", "unknown_field"),
        ("moved", "pairing", "not_object"),
    ],
)
def test_bad_reason_for_ending_names_the_field_and_the_rule(data, field, rule):
    with pytest.raises(InvalidPairing) as raised:
        validate_end_reason(data)

    assert (raised.value.field, raised.value.rule) == (field, rule)


def test_ended_pairing_keeps_who_ended_it_when_and_why():
    pairing = Pairing(id="p", enterprise_id="ent-a", liaison_person_id="p-liaison", year=2026)

    pairing.end("p-admin", AT, "moved away")

    assert not pairing.is_active
    assert (pairing.ended_by, pairing.ended_at, pairing.end_reason) == ("p-admin", AT, "moved away")


def test_pairing_ends_once():
    pairing = Pairing(id="p", enterprise_id="ent-a", liaison_person_id="p-liaison", year=2026)
    pairing.end("p-admin", AT, "moved away")

    with pytest.raises(PairingAlreadyEnded):
        pairing.end("p-admin", AT, "again")

    assert pairing.end_reason == "moved away"
