"""answers_from_form reads an HTML form post into the answers' nested shape."""

import json
from pathlib import Path

from werkzeug.datastructures import MultiDict

from services.forms.web.inputs import answers_from_form

OUTLET_REPORT = json.loads(
    (Path(__file__).parents[2] / "data" / "forms" / "outlet-report.json").read_text("utf-8")
)
BLANK_ROW = {"outlet_name": "", "flow": "", "hours": ""}


def read(*pairs: tuple[str, str]) -> dict:
    return answers_from_form(OUTLET_REPORT, MultiDict(pairs))


def test_group_children_become_an_object_under_the_groups_name():
    answers = read(("site.address", "西湖区 1 号"), ("site.opened_on", "2020-05-01"))
    assert answers["site"] == {"address": "西湖区 1 号", "opened_on": "2020-05-01"}


def test_repeating_group_rows_become_a_list_in_row_order():
    answers = read(
        ("outlets.1.outlet_name", "二号"),
        ("outlets.0.outlet_name", "一号"),
        ("outlets.0.flow", "2.5"),
        ("outlets.1.hours", "8"),
    )
    assert answers["outlets"] == [
        {"outlet_name": "一号", "flow": "2.5", "hours": ""},
        {"outlet_name": "二号", "flow": "", "hours": "8"},
    ]


def test_blank_rows_at_the_end_are_dropped_but_blank_rows_between_are_kept():
    answers = read(
        ("outlets.0.outlet_name", ""),
        ("outlets.1.outlet_name", "二号"),
        ("outlets.2.outlet_name", " "),
        ("outlets.3.flow", ""),
    )
    assert answers["outlets"] == [BLANK_ROW, {**BLANK_ROW, "outlet_name": "二号"}]


def test_rows_with_gaps_in_their_numbers_close_up():
    answers = read(("outlets.0.outlet_name", "一号"), ("outlets.5.outlet_name", "六号"))
    assert [row["outlet_name"] for row in answers["outlets"]] == ["一号", "六号"]


def test_no_rows_posted_is_an_empty_list():
    assert read()["outlets"] == []


def test_names_that_are_not_row_numbers_are_ignored():
    answers = read(("outlets.x.flow", "1"), ("outlets.².flow", "1"), ("outlets.0", "1"))
    assert answers["outlets"] == []


def test_multiselect_is_the_list_of_checked_values_and_empty_when_none_is():
    assert read(("pollutants", "cod"), ("pollutants", "so2"))["pollutants"] == ["cod", "so2"]
    assert read()["pollutants"] == []


def test_boolean_radios_become_true_or_false_and_no_choice_none():
    assert read(("online_monitoring", "true"))["online_monitoring"] is True
    assert read(("online_monitoring", "false"))["online_monitoring"] is False
    assert read()["online_monitoring"] is None


def test_a_boolean_that_is_neither_true_nor_false_is_passed_on_for_the_validator_to_refuse():
    assert read(("online_monitoring", "maybe"))["online_monitoring"] == "maybe"


def test_file_and_image_answers_are_the_upload_ids():
    answers = read(("permit_scan", "3f2a"), ("outlet_photo", ""))
    assert answers["permit_scan"] == "3f2a" and answers["outlet_photo"] == ""


def test_sections_and_computed_fields_give_no_answer_even_when_posted():
    answers = read(
        ("total_staff", "99"),
        ("about", "x"),
        ("outlets.0.daily_flow", "7"),
        ("outlets.0.flow", "1"),
    )
    assert "total_staff" not in answers and "about" not in answers
    assert answers["outlets"] == [{**BLANK_ROW, "flow": "1"}]


def test_leaf_answers_are_the_posted_text_keyed_by_name():
    answers = read(("company", "清源环保"), ("region", "330106"), ("satisfaction", "4"))
    assert (answers["company"], answers["region"], answers["satisfaction"]) == (
        "清源环保",
        "330106",
        "4",
    )
    assert answers["credit_code"] == ""
