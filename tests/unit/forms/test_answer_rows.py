"""A submission's answers as rows for other services' pages: headings for sections,
groups and rows, each answer by its labels in both languages, files with their ids."""

import json
from pathlib import Path

import pytest

from services.forms.domain.answer_rows import answer_rows, answer_text, contact_of

OUTLET_REPORT = json.loads(
    (Path(__file__).parents[2] / "data" / "forms" / "outlet-report.json").read_text("utf-8")
)
STORED = {
    "company": "清源环保",
    "region": "330106",
    "kind": "water",
    "outlets": [{"outlet_name": "一号排口", "flow": 2.5}, {"outlet_name": "二号排口"}],
    "site": {"address": "西湖区 1 号", "opened_on": "2020-05-01"},
    "inspected_at": "2026-12-02T14:30:00+08:00",
    "online_monitoring": False,
    "pollutants": ["so2", "cod"],
    "satisfaction": 4,
    "contact_email": "env@example.test",
    "contact_phone": "13812345678",
    "permit_scan": {
        "id": "a1b2",
        "name": "许可证.pdf",
        "size": 204800,
        "type": "application/pdf",
        "sha256": "00" * 32,
    },
}


@pytest.fixture(scope="module")
def rows() -> dict[str, dict]:
    return {row["name"]: row for row in answer_rows(OUTLET_REPORT, STORED)}


def test_rows_follow_the_form_order_with_sections_as_headings():
    names = [row["name"] for row in answer_rows(OUTLET_REPORT, STORED)]

    assert names[:4] == ["about", "company", "credit_code", "region"]
    assert names.index("outlets_page") < names.index("outlets") < names.index("site")


def test_a_choice_shows_its_options_labels_in_both_languages(rows):
    assert rows["kind"]["text"] == {"zh_CN": "废水", "en": "Waste water"}
    assert rows["pollutants"]["text"] == {"zh_CN": "二氧化硫、化学需氧量", "en": "SO2, COD"}


def test_yes_or_no_region_date_moment_and_rating_read_as_words(rows):
    assert rows["online_monitoring"]["text"] == {"zh_CN": "否", "en": "No"}
    assert rows["region"]["text"] == {
        "zh_CN": "杭州市 西湖区",
        "en": "Hangzhou City Xihu District",
    }
    assert rows["site.opened_on"]["text"]["en"] == "2020-05-01"
    assert rows["inspected_at"]["text"] == {"zh_CN": "2026-12-02 14:30", "en": "2026-12-02 14:30"}
    assert rows["satisfaction"]["text"]["zh_CN"] == "★★★★☆ 4 星"


def test_a_group_is_a_heading_with_its_children_one_level_deeper(rows):
    assert rows["site"]["is_heading"] and rows["site"]["text"] is None
    site = next(field for field in OUTLET_REPORT["fields"] if field["name"] == "site")
    assert rows["site"]["label"] == site["label"]
    assert (rows["site"]["depth"], rows["site.address"]["depth"]) == (0, 1)
    assert rows["site.address"]["text"]["zh_CN"] == "西湖区 1 号"


def test_each_row_of_a_repeating_group_has_a_numbered_heading(rows):
    assert rows["outlets"]["is_heading"]
    assert rows["outlets.1"]["label"] == {"zh_CN": "第 2 行", "en": "Row 2"}
    assert [rows[n]["depth"] for n in ("outlets", "outlets.1", "outlets.1.outlet_name")] == [
        0,
        1,
        2,
    ]
    assert rows["outlets.0.flow"]["text"] == {"zh_CN": "2.5", "en": "2.5"}


def test_an_unanswered_field_has_no_text_and_is_no_heading(rows):
    assert rows["outlets.1.flow"]["text"] is None
    assert rows["credit_code"] == {
        "name": "credit_code",
        "label": {"zh_CN": "统一社会信用代码", "en": "Unified social credit code"},
        "text": None,
        "files": [],
        "depth": 0,
        "is_heading": False,
    }


def test_a_missing_group_is_one_unanswered_line_not_a_heading():
    rows = {row["name"]: row for row in answer_rows(OUTLET_REPORT, {"company": "x"})}

    assert (rows["outlets"]["is_heading"], rows["outlets"]["text"]) == (False, None)
    assert not any(name.startswith("outlets.") for name in rows)


def test_a_file_lists_its_upload_with_name_and_size(rows):
    assert rows["permit_scan"]["files"] == [
        {"upload_id": "a1b2", "filename": "许可证.pdf", "size": 204800}
    ]
    assert rows["permit_scan"]["text"]["en"] == "许可证.pdf (200.0 KB)"


def test_a_moment_without_an_offset_is_beijing_time():
    field = {"type": "datetime"}

    assert answer_text(field, "2026-12-02T14:30:00", "en") == "2026-12-02 14:30"
    assert answer_text(field, "2026-12-02T06:30:00Z", "en") == "2026-12-02 14:30"


def test_a_label_missing_a_language_falls_back_to_the_other():
    definition = {"fields": [{"name": "q", "type": "text", "label": {"zh_CN": "问题", "en": ""}}]}

    (row,) = answer_rows(definition, {"q": "?"})

    assert row["label"] == {"zh_CN": "问题", "en": "问题"}


def test_contact_takes_the_contact_fields_and_the_filers_name():
    assert contact_of(OUTLET_REPORT, STORED, "张经理") == {
        "name": None,
        "phone": "13812345678",
        "email": "env@example.test",
        "submitter_name": "张经理",
    }


def test_contact_name_comes_from_a_contact_person_field_and_not_from_repeated_rows():
    definition = {
        "fields": [
            {"name": "contact_person", "type": "text", "label": {"zh_CN": "联系人", "en": "C"}},
            {
                "name": "people",
                "type": "group",
                "repeat": True,
                "label": {"zh_CN": "人员", "en": "People"},
                "fields": [{"name": "mobile", "type": "phone", "label": {"zh_CN": "手机"}}],
            },
        ]
    }
    data = {"contact_person": "李四", "people": [{"mobile": "13900000000"}]}

    contact = contact_of(definition, data, None)

    assert (contact["name"], contact["phone"]) == ("李四", None)
