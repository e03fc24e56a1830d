"""The pairing roster: an administrator pairs an enterprise of their area with a liaison
of its county, once a year; bad input names the field and the rule, and stores nothing."""

import pytest

from services.workflow.domain.messages import message

VALID = {"enterprise_id": "ent-a", "liaison_person_id": "p-liaison", "year": 2026}


def post(world, body, username: str = "shangcheng", lang: str = "en"):
    return world.client(username, lang=lang).post("/workflow/api/pairings", json=body)


def test_county_administrator_pairs_an_enterprise_with_a_liaison(world):
    response = post(world, {**VALID, "contact_leader_person_id": "p-leader"})

    body = response.get_json()
    assert response.status_code == 201
    assert (body["enterprise_id"], body["liaison_person_id"], body["year"]) == (
        "ent-a",
        "p-liaison",
        2026,
    )
    assert (body["liaison_name"], body["contact_leader_name"]) == (
        "Name of liaison",
        "Name of leader",
    )
    assert (body["org_path"], body["created_by"]) == ("33/3301/330102", "p-shangcheng")


def test_pairing_is_announced(world):
    pairing = post(world, VALID).get_json()

    [created] = world.published("workflow.pairing.created")
    assert (created["pairing_id"], created["enterprise_id"]) == (pairing["id"], "ent-a")
    assert (created["liaison_person_id"], created["contact_leader_person_id"]) == (
        "p-liaison",
        None,
    )


def test_city_administrator_may_pair_an_enterprise_of_a_county_below(world):
    assert post(world, VALID, username="hangzhou").status_code == 201


def test_second_active_pairing_of_the_same_year_is_refused_with_409(world):
    post(world, VALID)

    response = post(world, {**VALID, "liaison_person_id": "p-liaison"}, lang="zh-CN")

    assert response.status_code == 409
    assert response.get_json()["errors"] == {
        "enterprise_id": ["enterprise_id：该企业 2026 年度已有结对，一家企业每年只能有一个结对。"]
    }
    assert world.count("pairings") == 1


def test_same_enterprise_may_be_paired_again_the_next_year(world):
    post(world, VALID)

    assert post(world, {**VALID, "year": 2027}).status_code == 201


def without(field: str) -> dict:
    return {key: value for key, value in VALID.items() if key != field}


BAD_INPUTS = [
    (without("enterprise_id"), "enterprise_id", "required", None),
    ({**VALID, "enterprise_id": 5}, "enterprise_id", "not_string", None),
    ({**VALID, "enterprise_id": "ent-x"}, "enterprise_id", "unknown_enterprise", "ent-x"),
    ({**VALID, "enterprise_id": "ent-c"}, "enterprise_id", "unknown_enterprise", "ent-c"),
    (without("liaison_person_id"), "liaison_person_id", "required", None),
    ({**VALID, "liaison_person_id": " "}, "liaison_person_id", "required", None),
    ({**VALID, "liaison_person_id": "p-x"}, "liaison_person_id", "unknown_person", "p-x"),
    ({**VALID, "liaison_person_id": "p-staff"}, "liaison_person_id", "not_liaison", None),
    ({**VALID, "liaison_person_id": "p-liaison-xihu"}, "liaison_person_id", "outside_county", None),
    (
        {**VALID, "contact_leader_person_id": "p-liaison"},
        "contact_leader_person_id",
        "not_contact_leader",
        None,
    ),
    (
        {**VALID, "contact_leader_person_id": "p-x"},
        "contact_leader_person_id",
        "unknown_person",
        "p-x",
    ),
    ({**VALID, "contact_leader_person_id": 7}, "contact_leader_person_id", "not_string", None),
    (without("year"), "year", "required", None),
    ({**VALID, "year": "2026"}, "year", "not_integer", None),
    ({**VALID, "year": True}, "year", "not_integer", None),
    ({**VALID, "year": 1999}, "year", "year_range", 1999),
    ({**VALID, "year": 2100}, "year", "year_range", 2100),
    ({**VALID, "remark": "x"}, "remark", "unknown_field", None),
    (["ent-a"], "pairing", "not_object", None),
]


@pytest.mark.parametrize(("body", "field", "rule", "value"), BAD_INPUTS)
@pytest.mark.parametrize(("lang", "locale"), [("en", "en"), ("zh-CN", "zh_CN")])
def test_bad_pairing_input_names_field_and_rule_in_the_users_language(
    world, body, field, rule, value, lang, locale
):
    response = post(world, body, lang=lang)

    expected = message(rule, locale, field=field, value=value)
    assert response.status_code == 422
    assert response.get_json()["errors"] == {field: [expected]}
    assert (world.count("pairings"), world.count("outbox")) == (0, 0)


def test_non_administrator_may_not_pair(world):
    response = post(world, VALID, username="liaison")

    assert response.status_code == 403
    assert world.count("pairings") == 0


def test_pairing_list_is_scoped_to_the_administrators_area(world):
    post(world, VALID)

    shangcheng = world.client("shangcheng").get("/workflow/api/pairings").get_json()
    xihu = world.client("xihu").get("/workflow/api/pairings").get_json()

    assert [p["enterprise_id"] for p in shangcheng] == ["ent-a"]
    assert xihu == []


def test_liaison_lists_the_pairings_naming_them(world):
    post(world, VALID)

    pairings = world.client("liaison").get("/workflow/api/pairings").get_json()

    assert [(p["enterprise_name"], p["year"]) for p in pairings] == [
        ("杭州清源环保科技有限公司", 2026)
    ]


def test_enterprise_user_may_not_list_pairings(world):
    assert world.client("user-a").get("/workflow/api/pairings").status_code == 403
