"""Columns of a form's submissions across versions, and answers in their version's labels."""

from datetime import date, datetime

from services.forms.domain.submission_table import (
    SHANGHAI,
    VersionFields,
    columns,
    display_value,
    file_text,
)
from tests.unit.forms.export_samples import OUTLET_CHECK_V1, definitions, outlet_check_v2


def test_columns_follow_the_latest_version_then_list_removed_fields():
    found = columns(definitions())
    assert [(c.path, c.is_removed) for c in found] == [
        ("subject", False),
        ("kind", False),
        ("checked_on", False),
        ("visited_at", False),
        ("site.address", False),
        ("site.staff", False),
        ("outlets", False),
        ("report", False),
        ("topics", False),
        ("remark", True),
    ]


def test_a_group_child_is_headed_group_slash_child_and_sections_have_no_column():
    site = columns(definitions())[4]
    assert site.heading("zh_CN") == "现场 / 地址"
    assert "intro" not in [c.path for c in columns(definitions())]


def test_a_repeating_groups_rows_have_the_union_of_their_children():
    outlets = next(c for c in columns(definitions()) if c.path == "outlets")
    assert [c.path for c in outlets.rows] == ["code", "flow", "note"]
    assert [c.path for c in outlets.rows if c.is_removed] == []


def test_a_column_knows_which_versions_have_its_field_with_its_type():
    changed = outlet_check_v2()
    changed["fields"][1] = {**changed["fields"][1], "type": "textarea"}
    found = columns({"v1": OUTLET_CHECK_V1, "v2": changed})
    subject = next(c for c in found if c.path == "subject")
    assert (subject.type, subject.version_ids) == ("textarea", ("v2",))


def test_a_choice_shows_the_label_of_the_submissions_own_version():
    fields = VersionFields(definitions())
    assert display_value(fields.field("v1", "kind"), "water", "en") == "Waste water"
    assert display_value(fields.field("v2", "kind"), "water", "en") == "Water"


def test_answers_become_typed_values_a_spreadsheet_keeps():
    fields = VersionFields(definitions())
    assert display_value(fields.field("v1", "checked_on"), "2026-11-30", "en") == date(2026, 11, 30)
    arrived = display_value(fields.field("v1", "visited_at"), "2026-11-30T01:15:00+00:00", "en")
    assert arrived == datetime(2026, 11, 30, 9, 15, tzinfo=SHANGHAI)
    assert display_value(fields.field("v1", "site.staff"), 12, "en") == 12


def test_booleans_multiselects_and_repeating_groups_read_as_words():
    yes_no = {"name": "ok", "type": "boolean", "label": {"zh_CN": "好", "en": "OK"}}
    assert display_value(yes_no, False, "zh_CN") == "否"
    choices = {"type": "multiselect", "options": [{"value": "a", "label": {"zh_CN": "甲"}}]}
    assert display_value(choices, ["a", "gone"], "zh_CN") == "甲、gone"
    rows = {"type": "group", "repeat": True, "fields": []}
    assert display_value(rows, [{}, {}], "en") == "2 rows"


def test_a_file_shows_its_name_and_size():
    assert file_text({"name": "a.png", "size": 2048}) == "a.png (2.0 KB)"
    assert file_text({"name": "b.txt", "size": 12}) == "b.txt (12 B)"


def test_a_region_shows_the_divisions_name_in_the_readers_language_not_its_code():
    region = {"type": "region"}
    assert display_value(region, "330106", "zh_CN") == "杭州市 西湖区"
    assert display_value(region, "3301", "en") == "Hangzhou City"
    assert display_value(region, "999999", "en") == "999999"


def test_no_answer_is_none_whatever_the_type():
    assert display_value({"type": "text"}, "", "en") is None
    assert display_value(None, None, "en") is None
