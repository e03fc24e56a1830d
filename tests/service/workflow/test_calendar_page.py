"""The working-day calendar page: a year's public holidays and make-up working days from
the library and the overrides; the province administrator adds and removes overrides,
other administrators only look; bad input is named by its field in the viewer's language
and changes nothing."""

import re

import pytest

PAGE = "/workflow/calendar"
ADD = "/workflow/calendar/overrides"
GOOD = {"day": "2027-02-08", "kind": "holiday", "note": "春节", "year": "2027"}


def get(world, username: str, url: str = PAGE, lang: str = "en", status: int = 200) -> str:
    response = world.client(username, lang=lang).get(url)
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


def add(world, data: dict, username: str = "province", lang: str = "en"):
    return world.client(username, lang=lang).post(ADD, data=data)


def field_error(html: str, field: str) -> str:
    found = re.search(rf'class="field-error" role="alert" data-field="{field}"[^>]*>([^<]*)<', html)
    assert found, f"no error by {field}"
    return found.group(1).strip()


def overrides(html: str) -> list[str]:
    return re.findall(r'data-testid="override" data-day="([^"]+)"', html)


def stored(world) -> int:
    return world.count("calendar_overrides")


@pytest.mark.parametrize(
    ("lang", "holiday", "first_day"),
    [("en", "Spring Festival", "2026-02-15 (Sun)"), ("zh-CN", "春节", "2026-02-15（周日）")],
)
def test_year_shows_the_librarys_holidays_with_days_in_the_viewers_language(
    world, lang, holiday, first_day
):
    html = get(world, "province", f"{PAGE}?year=2026", lang=lang)

    spring = re.search(r'data-first="2026-02-15" data-last="2026-02-23">(.*?)</tr>', html, re.S)
    assert holiday in spring.group(1) and first_day in spring.group(1)
    assert 'data-testid="unknown-year"' not in html


def test_year_lists_the_librarys_make_up_working_days(world):
    html = get(world, "province", f"{PAGE}?year=2026")

    assert re.findall(r'data-testid="makeup-workday" data-day="([^"]+)"', html) == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The library does not know 2090 yet: enter that year"),
        ("zh-CN", "库中还没有 2090 年的安排：请按国务院办公厅的通知"),
    ],
)
def test_year_the_library_does_not_know_warns_the_province(world, lang, text):
    html = get(world, "province", f"{PAGE}?year=2090", lang=lang)

    assert 'data-testid="unknown-year"' in html and text in html


def test_province_adds_an_override_and_sees_it_in_its_year(world):
    client = world.client("province")

    response = client.post(ADD, data=GOOD)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{PAGE}?year=2027")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert overrides(html) == ["2027-02-08"]
    assert "The override of 2027-02-08 is saved." in html
    assert "Name of province" in html


def test_override_inside_a_library_holiday_marks_it_changed(world):
    add(world, {**GOOD, "day": "2026-10-05", "kind": "workday"})

    html = get(world, "province", f"{PAGE}?year=2026")

    national_day = re.search(r'data-first="2026-10-01"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert 'data-testid="overridden"' in national_day


def test_province_removes_an_override(world):
    client = world.client("province", lang="zh-CN")
    client.post(ADD, data=GOOD)

    response = client.post(f"{ADD}/2027-02-08/delete")

    assert response.status_code == 302
    assert stored(world) == 0
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2027-02-08 的调整已删除。" in html and overrides(html) == []


BAD_INPUTS = [
    (
        {"day": "2027-02-30"},
        "day",
        "Date: “2027-02-30” is not a date",
        "日期：“2027-02-30”不是有效的日期",
    ),
    (
        {"day": "tomorrow"},
        "day",
        "Date: “tomorrow” is not a date",
        "日期：“tomorrow”不是有效的日期",
    ),
    ({"day": ""}, "day", "Date: this field is required.", "日期：必填。"),
    (
        {"kind": "weekend"},
        "kind",
        "Kind: must be a day off (holiday)",
        "类型：只能是放假（holiday）",
    ),
    ({"note": "长" * 201}, "note", "Note: too long; at most 200", "说明：太长了，最多 200 个字符"),
    ({"note": ""}, "note", "Note: this field is required.", "说明：必填。"),
]


@pytest.mark.parametrize(("change", "field", "en", "zh"), BAD_INPUTS)
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_bad_override_is_named_by_its_field_and_stores_nothing(world, change, field, en, zh, lang):
    response = add(world, {**GOOD, **change}, lang=lang)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, field).startswith(en if lang == "en" else zh)
    assert stored(world) == 0


def test_refused_form_keeps_what_was_typed(world):
    html = add(world, {**GOOD, "note": "长" * 201}).get_data(as_text=True)

    assert 'name="day" value="2027-02-08"' in html
    assert '<option value="holiday" selected>' in html


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Date: 2027-02-08 already has an override; remove it first to change it."),
        ("zh-CN", "日期：2027-02-08 已有一条调整；要改，请先删除它。"),
    ],
)
def test_second_override_of_a_day_is_refused_and_keeps_the_first(world, lang, text):
    add(world, GOOD)

    response = add(world, {**GOOD, "kind": "workday"}, lang=lang)

    assert response.status_code == 409
    assert field_error(response.get_data(as_text=True), "day") == text
    assert 'data-kind="holiday"' in get(world, "province", f"{PAGE}?year=2027")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Only the province administrator may change the working-day calendar."),
        ("zh-CN", "只有省级管理员可以修改工作日历。"),
    ],
)
def test_city_administrator_posting_an_override_is_refused_and_nothing_changes(world, lang, text):
    response = add(world, GOOD, username="hangzhou", lang=lang)

    assert response.status_code == 403
    assert text in response.get_data(as_text=True)
    assert stored(world) == 0


def test_county_administrator_may_not_remove_an_override(world):
    add(world, GOOD)

    response = world.client("shangcheng").post(f"{ADD}/2027-02-08/delete")

    assert response.status_code == 403
    assert stored(world) == 1


def test_other_administrators_see_the_calendar_without_edit_actions(world):
    add(world, GOOD)

    html = get(world, "shangcheng", f"{PAGE}?year=2027")

    assert overrides(html) == ["2027-02-08"]
    assert 'data-testid="add-override"' not in html and 'data-testid="remove-override"' not in html
    assert "until the province administrator enters that year" in html


@pytest.mark.parametrize("username", ["liaison", "staff", "user-a"])
def test_non_administrators_may_not_see_the_calendar(world, username):
    get(world, username, status=403)


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "Year: choose a year from 2000 to 2099."), ("zh-CN", "年份：请选择 2000 到 2099")],
)
@pytest.mark.parametrize("year", ["1999", "twenty"])
def test_year_that_is_no_year_is_named_and_the_current_year_shown(world, year, lang, text):
    html = get(world, "province", f"{PAGE}?year={year}", lang=lang, status=422)

    assert field_error(html, "year").startswith(text)


def test_page_has_no_inline_script_or_style(world):
    response = world.client("province").get(PAGE)

    html = response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<script>" not in html and "style=" not in html and " on" + "click=" not in html


def test_inbox_links_administrators_to_the_calendar(world):
    assert 'data-testid="calendar-link"' in get(world, "hangzhou", "/workflow/tickets")
    assert 'data-testid="calendar-link"' not in get(world, "liaison", "/workflow/tickets")
