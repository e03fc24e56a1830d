"""A form's submissions table for its administrators: columns across versions, each
answer in its own version's labels, filters, paging, scope, and bad query parameters."""

import pytest

from tests.service.forms.noise_complaint import three_versions


@pytest.fixture
def noise(web, seeded):
    """The noise complaint form with one submission per version: (form id, submissions)."""
    return three_versions(web)


def table(client, form_id, query=""):
    response = client.get(f"/forms/api/forms/{form_id}/submissions{query}")
    assert response.status_code == 200, response.json
    return response.json


def numbers(body):
    return [item["acceptance_number"] for item in body["items"]]


def test_columns_are_the_latest_versions_fields_then_the_removed_ones(web, noise):
    form_id, _filed = noise
    body = table(web("shangcheng"), form_id)
    assert [(c["path"], c["is_removed"]) for c in body["columns"]] == [
        ("location", False),
        ("kind", False),
        ("heard_on", False),
        ("decibels", False),
        ("loud", True),
        ("where", True),
    ]
    assert [c["heading"] for c in body["columns"]][:2] == ["Location", "Kind"]


def test_a_version_1_submission_renders_in_its_own_labels_after_fields_were_renamed_and_removed(
    web, noise
):
    form_id, filed = noise
    body = table(web("shangcheng", language="zh-CN"), form_id, "?sort=filed_at")
    first = body["items"][0]
    assert first["acceptance_number"] == filed[0]["acceptance_number"]
    assert first["version"] == 1
    assert first["cells"]["kind"] == "夜间"  # version 3 calls the option 夜里
    assert first["cells"]["where"] == '=HYPERLINK("x") 河坊街'
    assert first["cells"]["loud"] == "是"
    assert first["cells"]["location"] is None
    assert first["filed_by_name"] == "钱塘印染 刘主任"
    assert first["enterprise_name"] == "杭州钱塘印染有限公司"
    assert body["items"][2]["cells"]["kind"] == "夜里"


def test_raw_values_show_the_stored_answers(web, noise):
    form_id, _filed = noise
    body = table(web("shangcheng"), form_id, "?values=raw&sort=filed_at")
    assert body["values"] == "raw"
    assert body["items"][0]["cells"]["kind"] == "night"
    assert body["items"][0]["cells"]["loud"] is True


def test_text_filters_match_a_case_insensitive_part(web, noise):
    form_id, filed = noise
    body = table(web("shangcheng"), form_id, "?f.location=hefang")
    assert numbers(body) == [filed[1]["acceptance_number"]]


def test_choice_number_and_date_filters_match_equal_answers(web, noise):
    form_id, filed = noise
    admin = web("shangcheng")
    assert body_total(admin, form_id, "?f.kind=night") == 2
    assert numbers(table(admin, form_id, "?f.decibels=62.5")) == [filed[1]["acceptance_number"]]
    assert numbers(table(admin, form_id, "?f.heard_on=2026-12-01")) == [
        filed[2]["acceptance_number"]
    ]
    assert numbers(table(admin, form_id, "?f.loud=true")) == [filed[0]["acceptance_number"]]


def body_total(client, form_id, query):
    return table(client, form_id, query)["total"]


def test_filters_combine_and_an_empty_filter_is_ignored(web, noise):
    form_id, filed = noise
    body = table(web("shangcheng"), form_id, "?f.kind=night&f.decibels=70&f.location=")
    assert numbers(body) == [filed[2]["acceptance_number"]]


def test_acceptance_number_and_filing_dates_filter_too(web, noise):
    form_id, filed = noise
    admin = web("shangcheng")
    part = filed[1]["acceptance_number"][-6:].lower()
    assert numbers(table(admin, form_id, f"?acceptance_number={part}")) == [
        filed[1]["acceptance_number"]
    ]
    assert body_total(admin, form_id, "?from=2020-01-01&to=2020-12-31") == 0
    assert body_total(admin, form_id, "?from=2020-01-01") == 3


def test_pages_hold_per_page_submissions_newest_first_with_the_total(web, noise):
    form_id, filed = noise
    admin = web("shangcheng")
    first = table(admin, form_id, "?per_page=2")
    second = table(admin, form_id, "?per_page=2&page=2")
    assert (first["total"], first["pages"]) == (3, 2)
    assert numbers(first) == [filed[2]["acceptance_number"], filed[1]["acceptance_number"]]
    assert numbers(second) == [filed[0]["acceptance_number"]]


def test_a_city_administrator_sees_its_countys_form(web, noise):
    form_id, _filed = noise
    assert table(web("hangzhou"), form_id)["total"] == 3


@pytest.mark.parametrize("username", ["xihu", "liaison", "qiantang"])
def test_others_get_404_for_the_table_and_the_exports(web, noise, username):
    form_id, _filed = noise
    client = web(username)
    for suffix in ("", ".csv", ".xlsx"):
        assert client.get(f"/forms/api/forms/{form_id}/submissions{suffix}").status_code == 404
    assert client.get(f"/forms/{form_id}/submissions").status_code == 404


def test_a_county_administrator_does_not_see_the_province_forms_table(web, seeded):
    province_form = web("province").get("/forms/api/forms").json[0]
    response = web("shangcheng").get(f"/forms/api/forms/{province_form['id']}/submissions")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("query", "parameter", "en", "zh_cn"),
    [
        ("?f.colour=red", "f.colour", "The form has no field 'colour'", "表单中没有字段“colour”"),
        ("?per_page=201", "per_page", "from 1 to 200", "1 到 200 之间的整数"),
        ("?per_page=0", "per_page", "from 1 to 200", "1 到 200 之间的整数"),
        ("?page=x", "page", "whole number", "整数"),
        ("?from=2026-02-30", "from", "valid date written as YYYY-MM-DD", "有效日期"),
        ("?to=yesterday", "to", "valid date written as YYYY-MM-DD", "有效日期"),
        ("?f.decibels=loud", "f.decibels", "Must be a number", "必须是数字"),
        ("?f.loud=maybe", "f.loud", "true or false", "true 或 false"),
        ("?sort=name", "sort", "filed_at, -filed_at", "filed_at, -filed_at"),
        ("?from=2026-12-02&to=2026-12-01", "from", "later than the end date", "不能晚于结束日期"),
    ],
)
def test_a_bad_query_parameter_is_a_400_naming_it_and_the_rule_in_both_languages(
    web, noise, query, parameter, en, zh_cn
):
    form_id, _filed = noise
    for language, text in (("en", en), ("zh-CN", zh_cn)):
        for suffix in ("", ".csv"):
            client = web("shangcheng", language=language)
            response = client.get(f"/forms/api/forms/{form_id}/submissions{suffix}{query}")
            assert response.status_code == 400
            assert list(response.json["errors"]) == [parameter]
            assert text in response.json["errors"][parameter][0]
