"""The working-day calendar's JSON API: administrators read it, only the province
administrator adds and removes overrides; bad input names the field in the caller's
language and changes nothing."""

import pytest

OVERRIDE = {"day": "2027-02-08", "kind": "holiday", "note": "春节（国务院办公厅通知）"}
URL = "/workflow/api/calendar/overrides"


def post(world, body, username: str = "province", lang: str = "en"):
    return world.client(username, lang=lang).post(URL, json=body)


def stored(world) -> list[tuple[str, str]]:
    return [(o["day"], o["kind"]) for o in world.client("province").get(URL).get_json()]


def test_province_administrator_adds_an_override(world):
    response = post(world, OVERRIDE)

    body = response.get_json()
    assert response.status_code == 201
    assert (body["day"], body["kind"], body["note"]) == ("2027-02-08", "holiday", OVERRIDE["note"])
    assert body["set_by"] == "p-province" and body["set_at"].endswith("+00:00")
    assert stored(world) == [("2027-02-08", "holiday")]


def test_overrides_are_listed_in_order_of_day_and_by_year(world):
    post(world, {**OVERRIDE, "day": "2027-02-20", "kind": "workday"})
    post(world, OVERRIDE)
    post(world, {**OVERRIDE, "day": "2026-12-31"})

    of_2027 = world.client("shangcheng").get(URL, query_string={"year": 2027}).get_json()

    assert stored(world) == [
        ("2026-12-31", "holiday"),
        ("2027-02-08", "holiday"),
        ("2027-02-20", "workday"),
    ]
    assert [o["day"] for o in of_2027] == ["2027-02-08", "2027-02-20"]


def test_year_shows_the_librarys_holidays_make_up_days_and_overrides(world):
    post(world, {**OVERRIDE, "day": "2026-11-30"})

    year = world.client("hangzhou").get("/workflow/api/calendar/2026").get_json()

    assert year["is_known"] is True
    assert {
        "first": "2026-02-15",
        "last": "2026-02-23",
        "days": 9,
        "name": "Spring Festival",
        "name_zh": "春节",
    } in year["holidays"]
    assert {"day": "2026-01-04", "holiday": "New Year's Day"} in year["makeup_workdays"]
    assert [o["day"] for o in year["overrides"]] == ["2026-11-30"]


def test_year_the_library_does_not_know_says_so(world):
    year = world.client("province").get("/workflow/api/calendar/2090").get_json()

    assert (year["is_known"], year["holidays"], year["makeup_workdays"]) == (False, [], [])


BAD_INPUTS = [
    (
        {**OVERRIDE, "day": "2027-02-30"},
        "day",
        "Date: “2027-02-30” is not a date",
        "日期：“2027-02-30”不是有效的日期",
    ),
    (
        {**OVERRIDE, "day": "next monday"},
        "day",
        "Date: “next monday” is not a date",
        "日期：“next monday”不是",
    ),
    (
        {**OVERRIDE, "kind": "weekend"},
        "kind",
        "Kind: must be a day off (holiday)",
        "类型：只能是放假",
    ),
    (
        {**OVERRIDE, "note": "x" * 201},
        "note",
        "Note: too long; at most 200",
        "说明：太长了，最多 200",
    ),
    ({**OVERRIDE, "note": " "}, "note", "Note: this field is required.", "说明：必填。"),
]


@pytest.mark.parametrize(("body", "field", "en", "zh"), BAD_INPUTS)
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_bad_override_names_the_field_in_the_callers_language_and_stores_nothing(
    world, body, field, en, zh, lang
):
    response = post(world, body, lang=lang)

    [text] = response.get_json()["errors"][field]
    assert response.status_code == 422
    assert text.startswith(en if lang == "en" else zh)
    assert world.count("calendar_overrides") == 0


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Date: 2027-02-08 already has an override; remove it first to change it."),
        ("zh-CN", "日期：2027-02-08 已有一条调整；要改，请先删除它。"),
    ],
)
def test_second_override_of_a_day_is_refused_with_409_and_keeps_the_first(world, lang, text):
    post(world, OVERRIDE)

    response = post(world, {**OVERRIDE, "kind": "workday", "note": "other"}, lang=lang)

    assert response.status_code == 409
    assert response.get_json()["errors"] == {"day": [text]}
    assert stored(world) == [("2027-02-08", "holiday")]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Only the province administrator may change the working-day calendar."),
        ("zh-CN", "只有省级管理员可以修改工作日历。"),
    ],
)
@pytest.mark.parametrize("username", ["hangzhou", "shangcheng"])
def test_other_administrators_may_read_but_not_add(world, username, lang, text):
    response = post(world, OVERRIDE, username=username, lang=lang)

    assert response.status_code == 403
    assert response.get_json()["detail"] == text
    assert world.client(username).get(URL).status_code == 200
    assert world.count("calendar_overrides") == 0


@pytest.mark.parametrize("username", ["liaison", "staff", "user-a"])
def test_non_administrators_may_not_read_the_overrides(world, username):
    assert world.client(username).get(URL).status_code == 403


def test_province_administrator_removes_an_override(world):
    post(world, OVERRIDE)

    response = world.client("province").delete(f"{URL}/2027-02-08")

    assert response.status_code == 204
    assert stored(world) == []


def test_removing_a_day_without_an_override_is_404_naming_the_day(world):
    response = world.client("province", lang="zh-CN").delete(f"{URL}/2027-02-08")

    assert response.status_code == 404
    assert response.get_json()["errors"] == {"day": ["日期：2027-02-08 没有调整。"]}


def test_removing_a_day_that_is_not_a_date_is_422(world):
    response = world.client("province").delete(f"{URL}/2027-13-01")

    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["day"]


def test_city_administrator_may_not_remove_an_override(world):
    post(world, OVERRIDE)

    response = world.client("hangzhou").delete(f"{URL}/2027-02-08")

    assert response.status_code == 403
    assert stored(world) == [("2027-02-08", "holiday")]


def test_year_filter_outside_2000_to_2099_is_refused(world):
    response = world.client("province").get(URL, query_string={"year": 1999})

    assert response.status_code == 422
