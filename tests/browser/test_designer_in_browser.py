"""The form designer in a real browser: a county administrator builds a form from the
palette, reorders it by keyboard and by drag, builds a condition with the pickers, fixes
an error the server pins to a field, and publishes; in Chinese and in English."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.flows import (
    add_designer_field,
    designer_card,
    designer_order,
    drag_card_below,
    drag_palette_entry_into,
    sign_in,
    unique,
    visit_booking_definition,
)

pytestmark = pytest.mark.browser

#: What each language's page says, where the test reads words.
WORDS = {
    "zh-CN": {
        "lang": "zh_CN",
        "other": "en",
        "moved": "“排口数量”已移到第 2 位，共 6 项。",
        "condition": "显示条件：«类别» 等于 «废水»",
        "duplicate": "字段名“subject”重复",
        "saved": re.compile(r"^已于 \d\d:\d\d 保存$"),
        "published": "已发布为第 1 版",
        "missing": "缺English",
        "auto_name": "field_1",
    },
    "en": {
        "lang": "en",
        "other": "zh_CN",
        "moved": "“Outlet count” moved to position 2 of 6.",
        "condition": "Shown when «Kind» is «Wastewater»",
        "duplicate": "Duplicate field name 'subject'",
        "saved": re.compile(r"^Saved at \d\d:\d\d$"),
        "published": "Published as version 1",
        "missing": "No Chinese",
        "auto_name": "subject",
    },
}
TOP_LEVEL = ["outlet_count", "kind", "subject", "details_page", "notes", "outlets"]
TOP_LEVEL_TYPES = ["integer", "select", "text", "section", "textarea", "group"]
SUBJECT = {"zh_CN": "诉求标题", "en": "Subject"}
KINDS = [("water", "废水", "Wastewater"), ("air", "废气", "Exhaust gas")]


def build_fields(page, words):
    """Add the form's fields from the palette; the second language of the first is typed
    only after its card has shown that it lacks a translation."""
    page.get_by_test_id("palette-text").click()
    page.locator(f"#prop-label-{words['lang']}").fill(SUBJECT[words["lang"]])
    # An English label names the field (snake_case); a Chinese one leaves field_1
    expect(page.locator("#prop-name")).to_have_value(words["auto_name"])
    badge = designer_card(page, words["auto_name"]).get_by_test_id("missing-translation")
    expect(badge).to_have_text(words["missing"])
    page.locator(f"#prop-label-{words['other']}").fill(SUBJECT[words["other"]])
    page.locator("#prop-name").fill("subject")
    page.locator("#prop-required").check()
    expect(designer_card(page, "subject").get_by_test_id("missing-translation")).to_have_count(0)
    add_designer_field(page, "select", "kind", "类别", "Kind")
    for index, (value, zh_cn, en) in enumerate(KINDS):
        page.locator(f"#opt-value-{index}").fill(value)
        page.locator(f"#opt-label-{index}-zh_CN").fill(zh_cn)
        page.locator(f"#opt-label-{index}-en").fill(en)
    add_designer_field(page, "integer", "outlet_count", "排口数量", "Outlet count")
    add_designer_field(page, "section", "details_page", "详细情况", "Details")
    add_designer_field(page, "textarea", "notes", "废水说明", "Wastewater notes")
    add_designer_field(page, "repeat", "outlets", "排口", "Outlets")
    add_designer_field(page, "text", "outlet_name", "排口名称", "Outlet name")
    add_designer_field(page, "number", "flow", "流量", "Flow")


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_administrator_builds_reorders_fixes_and_publishes_a_form_in_the_designer(new_page, locale):
    words, key = WORDS[locale], unique("designer-form")
    page = new_page(locale)
    sign_in(page, "shangcheng")
    page.goto("/forms/new")
    # Given the form's key and title, and its fields added from the palette
    page.locator("#prop-key").fill(key)
    page.locator("#prop-title-zh_CN").fill("排污情况登记")
    page.locator("#prop-title-en").fill("Discharge register")
    build_fields(page, words)
    assert designer_order(page, "outlets") == ["outlet_name", "flow"]
    # When one field moves up by keyboard and another is dragged below a third
    designer_card(page, "outlet_count").focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(page.get_by_test_id("designer-announce")).to_have_text(words["moved"])
    expect(designer_card(page, "outlet_count")).to_be_focused()
    drag_card_below(page, "subject", "kind")
    expect(page.get_by_test_id("canvas").locator("> ol > li")).to_have_count(6)
    assert designer_order(page) == TOP_LEVEL
    # And the notes are shown only for wastewater, built with the pickers
    designer_card(page, "notes").get_by_test_id("card-label").click()
    page.locator("#cond-visible_if-field-0").select_option("kind")
    page.locator("#cond-visible_if-value-0").select_option("water")
    expect(page.get_by_test_id("visible_if-text")).to_have_text(words["condition"])
    # And a child field takes a name the form already has, then the draft is saved
    designer_card(page, "flow").get_by_test_id("card-label").click()
    page.locator("#prop-name").fill("subject")
    page.get_by_test_id("designer-save").click()
    # Then the server's error is pinned to that field and its name
    expect(page.locator("#prop-name")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("properties")).to_contain_text(words["duplicate"])
    group = designer_card(page, "outlets")
    expect(
        group.locator('[data-name="subject"]').get_by_test_id("card-error-badge")
    ).to_be_visible()
    # When the name is fixed and the draft saved again, it is saved
    page.locator("#prop-name").fill("flow")
    page.get_by_test_id("designer-save").click()
    expect(page.get_by_test_id("designer-status")).to_have_text(words["saved"])
    expect(page.get_by_test_id("designer-errors")).to_be_hidden()
    # And the preview shows the form in either language, at phone width too
    preview = page.get_by_test_id("preview")
    expect(preview).to_contain_text(SUBJECT[words["lang"]])
    page.get_by_test_id(f"preview-lang-{words['other']}").click()
    expect(preview).to_contain_text(SUBJECT[words["other"]])
    page.get_by_test_id("preview-phone").click()
    expect(preview).to_have_css("max-width", "375px")
    # When it is published
    page.get_by_test_id("designer-publish").click()
    expect(page.get_by_test_id("designer-status")).to_have_text(words["published"])
    # Then the published version has the structure built in the designer
    forms = page.request.get("/forms/api/forms").json()
    form = next(f for f in forms if f["key"] == key)
    version = page.request.get(f"/forms/api/forms/{form['id']}/versions/1").json()
    fields = version["definition"]["fields"]
    assert [f["name"] for f in fields] == TOP_LEVEL
    assert [f["type"] for f in fields] == TOP_LEVEL_TYPES
    assert fields[2]["required"] is True
    assert [o["value"] for o in fields[1]["options"]] == ["water", "air"]
    assert fields[4]["visible_if"] == "kind == 'water'"
    outlets = fields[5]
    assert outlets["repeat"] is True
    assert [(f["name"], f["type"]) for f in outlets["fields"]] == [
        ("outlet_name", "text"),
        ("flow", "number"),
    ]
    assert outlets["label"] == {"zh_CN": "排口", "en": "Outlets"}


def test_fields_are_dragged_in_from_the_palette_duplicated_and_deleted_with_undo(new_page):
    page = new_page("en")
    sign_in(page, "shangcheng")
    page.goto("/forms/new")
    add_designer_field(page, "repeat", "outlets", "排口", "Outlets")
    add_designer_field(page, "text", "outlet_name", "排口名称", "Outlet name")
    # When an e-mail field is dragged from the palette into the group
    drag_palette_entry_into(page, "email", "outlets")
    # Then the group holds it, under a new name, and the properties show it
    expect(designer_card(page, "outlets").get_by_test_id("field-card")).to_have_count(2)
    assert sorted(designer_order(page, "outlets")) == ["field_3", "outlet_name"]
    expect(page.locator("#prop-name")).to_have_value("field_3")
    # And the palette entry left behind still adds a field when clicked
    page.get_by_test_id("palette-email").click()
    expect(page.locator("#prop-name")).to_have_value("field_4")
    # When the outlet name is duplicated, the copy gets a name of its own
    designer_card(page, "outlet_name").get_by_role("button", name="Duplicate: Outlet name").click()
    expect(designer_card(page, "outlet_name_copy")).to_have_count(1)
    # When it is deleted, then undone
    before = designer_order(page, "outlets")
    designer_card(page, "outlet_name").get_by_role("button", name="Delete: Outlet name").click()
    expect(designer_card(page, "outlet_name")).to_have_count(0)
    expect(page.get_by_test_id("designer-undo-bar")).to_contain_text("Deleted “Outlet name”.")
    page.get_by_test_id("designer-undo").click()
    # Then it is back in its place
    expect(designer_card(page, "outlet_name")).to_have_count(1)
    assert designer_order(page, "outlets") == before


def test_a_definition_file_is_imported_then_exported_unchanged(new_page, tmp_path):
    page = new_page("zh-CN")
    sign_in(page, "shangcheng")
    page.goto("/forms/new")
    definition = visit_booking_definition(unique("visit-booking"))
    source = tmp_path / "form.json"
    source.write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    # When the file is imported
    page.locator("#designer-import").set_input_files(source)
    # Then its fields are on the canvas, and the import can be undone
    expect(page.get_by_test_id("designer-undo-bar")).to_contain_text("form.json")
    assert designer_order(page) == ["matter", "preferred_date"]
    # And exporting gives the same definition back
    with page.expect_download() as download:
        page.get_by_test_id("designer-export").click()
    assert download.value.suggested_filename == f"{definition['key']}.json"
    assert json.loads(download.value.path().read_text(encoding="utf-8")) == definition


def test_a_file_that_is_not_json_is_refused_and_the_form_is_kept(new_page, tmp_path):
    page = new_page("en")
    sign_in(page, "shangcheng")
    page.goto("/forms/new")
    add_designer_field(page, "text", "subject", "诉求标题", "Subject")
    source = tmp_path / "broken.json"
    source.write_text("{not json", encoding="utf-8")
    page.locator("#designer-import").set_input_files(source)
    expect(page.get_by_test_id("designer-notice")).to_have_text(
        "Could not import: the file is not a form definition in JSON."
    )
    assert designer_order(page) == ["subject"]


def test_without_javascript_the_json_editor_is_the_way_in(browser, embedded_server):
    context = browser.new_context(
        base_url=embedded_server.base_url, locale="zh-CN", java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, "shangcheng")
    page.goto("/forms/new")
    expect(page.locator("#designer")).to_be_hidden()
    definition = visit_booking_definition(unique("visit-booking"))
    page.locator("#definition").fill(json.dumps(definition, ensure_ascii=False))
    page.get_by_test_id("advanced").locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/forms/[^/]+/edit$"))
    expect(page.get_by_test_id("form-title")).to_have_text("上门服务预约")
    context.close()


def test_computed_values_and_required_conditions_built_with_pickers_are_published(new_page):
    page, key = new_page("en"), unique("plot-size")
    sign_in(page, "shangcheng")
    page.goto("/forms/new")
    page.locator("#prop-key").fill(key)
    page.locator("#prop-title-en").fill("Plot size")
    add_designer_field(page, "number", "length", "长", "Length")
    add_designer_field(page, "number", "width", "宽", "Width")
    # Given an area computed as length times width
    add_designer_field(page, "number", "area", "面积", "Area")
    page.locator("#cond-computed-field-0").select_option("length")
    page.locator("#cond-computed-add").click()
    page.locator("#cond-computed-op-1").select_option("*")
    page.locator("#cond-computed-field-1").select_option("width")
    expect(page.get_by_test_id("computed-text")).to_have_text("Computed as «Length» times «Width»")
    # And a date required when the area is over 100 or the length is given
    add_designer_field(page, "date", "visit_date", "日期", "Visit date")
    page.locator("#cond-required_if-field-0").select_option("area")
    page.locator("#cond-required_if-op-0").select_option("gt")
    page.locator("#cond-required_if-value-0").fill("100")
    page.locator("#cond-required_if-add").click()
    page.locator("#cond-required_if-field-1").select_option("length")
    page.locator("#cond-required_if-op-1").select_option("filled")
    page.locator("#cond-required_if-join").select_option("or")
    expect(page.get_by_test_id("required_if-text")).to_have_text(
        "Required when «Area» is more than «100» or «Length» is filled in"
    )
    # When the expert view is opened, it shows the same expression
    page.locator("#cond-required_if-mode").click()
    expect(page.locator("#cond-required_if-expr")).to_have_value("area > 100 or not empty(length)")
    # Then publishing keeps both expressions
    page.get_by_test_id("designer-publish").click()
    expect(page.get_by_test_id("designer-status")).to_have_text("Published as version 1")
    form = next(f for f in page.request.get("/forms/api/forms").json() if f["key"] == key)
    fields = form["draft"]["fields"]
    assert fields[2]["computed"] == "length * width"
    assert fields[3]["required_if"] == "area > 100 or not empty(length)"


def test_an_options_value_follows_its_english_text_until_it_is_typed(new_page):
    page = new_page("zh-CN")
    sign_in(page, "shangcheng")
    page.goto("/forms/new")
    add_designer_field(page, "select", "kind", "类别", "Kind")
    page.locator("#opt-label-0-en").fill("Waste water")
    page.locator("#opt-label-1-en").fill("Waste water")
    expect(page.locator("#opt-value-0")).to_have_value("waste_water")
    expect(page.locator("#opt-value-1")).to_have_value("waste_water_2")
    page.locator("#opt-value-1").fill("air")
    page.locator("#opt-label-1-en").fill("Exhaust gas")
    expect(page.locator("#opt-value-1")).to_have_value("air")


def test_a_key_the_unit_already_has_is_pinned_to_the_forms_key(new_page, tmp_path):
    page = new_page("en")
    sign_in(page, "shangcheng")
    page.goto("/forms/new")
    definition = visit_booking_definition(unique("visit-booking"))
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    created = page.request.post(
        "/forms/api/forms", data={"definition": definition}, headers={"X-CSRFToken": token}
    )
    assert created.status == 201
    source = tmp_path / "same-key.json"
    source.write_text(json.dumps(definition), encoding="utf-8")
    page.locator("#designer-import").set_input_files(source)
    page.get_by_test_id("designer-save").click()
    expect(page.get_by_test_id("designer-status")).to_contain_text("Could not save")
    page.get_by_test_id("form-settings").click()
    expect(page.locator("#prop-key")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("properties")).to_contain_text(
        f"Your unit already has a form “{definition['key']}”."
    )
