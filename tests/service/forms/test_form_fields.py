"""The form macros (forms/_fields.html) render every field type of a definition with
its values and its errors, named by the answers' dotted paths."""

import json
import re

from tests.service.forms.conftest import OUTLET_REPORT
from tests.service.forms.html import tag, tags


def data_island(page: str, attribute: str):
    return json.loads(
        re.search(rf"<script type=\"application/json\" {attribute}>(.*?)</script>", page).group(1)
    )


def test_every_leaf_type_renders_the_input_a_person_expects(render_fields, outlet_report):
    page = render_fields(outlet_report)
    assert tag(page, "input", name="company")["type"] == "text"
    assert tag(page, "input", name="office_staff")["step"] == "1"
    assert tag(page, "input", name="inspected_at")["type"] == "datetime-local"
    assert tag(page, "input", name="contact_phone")["type"] == "tel"
    assert tag(page, "input", name="contact_email")["type"] == "email"
    assert tag(page, "input", name="site.opened_on")["type"] == "date"
    assert tag(page, "textarea", name="site.address")["id"] == "f-site-address"
    assert tag(page, "input", name="credit_code")["maxlength"] == "18"
    assert [t["value"] for t in tags(page, "input", name="online_monitoring")] == ["true", "false"]
    assert [t["value"] for t in tags(page, "input", name="pollutants", type="checkbox")] == [
        "cod",
        "ammonia",
        "so2",
    ]
    assert [t["value"] for t in tags(page, "input", name="satisfaction", type="radio")] == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    assert "1 star</span>" in page and "5 stars</span>" in page


def test_a_file_field_posts_its_upload_id_from_a_hidden_input(render_fields, outlet_report):
    page = render_fields(outlet_report, {"permit_scan": "up-1"})
    chooser = tag(page, "input", type="file", id="f-permit_scan")
    assert "name" not in chooser and chooser["accept"] == "application/pdf,image/png,image/jpeg"
    assert chooser["data-max-bytes"] == str(5 * 1024 * 1024)
    assert tag(page, "input", type="hidden", name="permit_scan")["value"] == "up-1"
    assert tag(page, "input", type="file", id="f-outlet_photo")["accept"] == "image/png,image/jpeg"


def test_region_select_lists_counties_grouped_by_city_without_javascript(
    render_fields, outlet_report
):
    page = render_fields(outlet_report, {"region": "330106"}, lang="zh_CN")
    assert tag(page, "optgroup", label="杭州市") and len(tags(page, "optgroup")) == 11
    assert "selected" in tag(page, "option", value="330106")
    assert '<option value="330106" selected>西湖区</option>' in page
    assert 'data-region-tree>{"cities": [{"code": "3301", "counties"' in page


def test_region_names_are_english_on_the_english_page(render_fields, outlet_report):
    page = render_fields(outlet_report)
    assert tag(page, "optgroup", label="Hangzhou City")
    assert ">Xihu District</option>" in page


def test_a_city_level_region_offers_the_cities(render_fields, outlet_report):
    outlet_report["fields"][3]["level"] = "city"
    page = render_fields(outlet_report, lang="zh_CN")
    assert not tags(page, "optgroup")
    assert '<option value="3301" >杭州市</option>' in page


def test_repeating_group_shows_min_rows_and_one_spare_row_when_nothing_was_posted(
    render_fields, outlet_report
):
    page = render_fields(outlet_report)
    names = [t.get("name", "") for t in tags(page, "input")]
    rows = [name for name in names if name.startswith("outlets.") and "__index__" not in name]
    assert rows == [
        "outlets.0.outlet_name",
        "outlets.0.flow",
        "outlets.0.hours",
        "outlets.1.outlet_name",
        "outlets.1.flow",
        "outlets.1.hours",
    ]
    assert len(tags(page, "li", data_spare="")) == 1


def test_repeating_group_keeps_posted_rows_and_adds_no_spare_row_beyond_max_rows(
    render_fields, outlet_report
):
    rows = [{"outlet_name": f"排口{i}", "flow": "1"} for i in range(3)]
    page = render_fields(outlet_report, {"outlets": rows})
    names = [t for t in tags(page, "input") if t.get("name", "").endswith("outlet_name")]
    assert [t["value"] for t in names if "__index__" not in t["name"]] == [
        "排口0",
        "排口1",
        "排口2",
    ]
    assert not tags(page, "li", data_spare="")
    assert tag(page, "fieldset", data_path="outlets")["data-max-rows"] == "3"


def test_errors_show_under_the_field_at_their_dotted_path(render_fields, outlet_report):
    errors = {
        "outlets.1.flow": ["Outlets, row 2, Flow (t/h): this answer is required."],
        "site.address": ["Address: must not contain angle brackets."],
        "outlets": ["Outlets: add at least 1 rows."],
    }
    rows = [{"outlet_name": "a", "flow": "1"}, {"outlet_name": "b", "flow": ""}]
    page = render_fields(outlet_report, {"outlets": rows}, errors)
    assert tag(page, "input", name="outlets.1.flow")["aria-invalid"] == "true"
    assert "aria-invalid" not in tag(page, "input", name="outlets.0.flow")
    assert (
        'data-field="outlets.1.flow">Outlets, row 2, Flow (t/h): this answer is required.' in page
    )
    assert 'data-field="site.address">Address: must not contain angle brackets.' in page
    assert 'data-field="outlets">Outlets: add at least 1 rows.' in page


def test_posted_values_are_shown_again_in_every_kind_of_input(render_fields, outlet_report):
    answers = {
        "company": "清源环保",
        "kind": "water",
        "online_monitoring": False,
        "pollutants": ["cod", "so2"],
        "satisfaction": "4",
        "inspected_at": "2026-12-02T14:30",
        "site": {"address": "杭州市西湖区 1 号", "opened_on": "2020-05-01"},
    }
    page = render_fields(outlet_report, answers)
    assert tag(page, "input", name="company")["value"] == "清源环保"
    assert "selected" in tag(page, "option", value="water")
    assert "checked" in tag(page, "input", name="online_monitoring", value="false")
    assert [t["value"] for t in tags(page, "input", name="pollutants", checked="")] == [
        "cod",
        "so2",
    ]
    assert [t["value"] for t in tags(page, "input", name="satisfaction", checked="")] == ["4"]
    assert tag(page, "input", name="inspected_at")["value"] == "2026-12-02T14:30"
    assert ">杭州市西湖区 1 号</textarea>" in page
    assert tag(page, "input", name="site.opened_on")["value"] == "2020-05-01"


def test_a_fresh_form_shows_the_fields_defaults(render_fields, outlet_report):
    outlet_report["fields"][1]["default"] = "某某公司"
    outlet_report["fields"][12]["default"] = "2026-12-02T09:00:00+08:00"
    page = render_fields(outlet_report)
    assert tag(page, "input", name="company")["value"] == "某某公司"
    assert tag(page, "input", name="inspected_at")["value"] == "2026-12-02T09:00"


def test_help_placeholder_and_required_marker_are_shown_in_the_readers_language(
    render_fields, outlet_report
):
    page = render_fields(outlet_report, lang="zh_CN")
    company = tag(page, "input", name="company")
    assert company["placeholder"] == "营业执照上的名称" and company["aria-required"] == "true"
    assert '<label class="label required" for="f-company">企业名称</label>' in page
    assert '<p class="hint" id="f-water_body-help">废水排入的河流或湖泊。</p>' in page
    assert tag(page, "input", name="water_body")["aria-describedby"] == "f-water_body-help"


def test_sections_are_pages_named_in_the_step_list(render_fields, outlet_report):
    page = render_fields(outlet_report, lang="zh_CN")
    assert [t["data-name"] for t in tags(page, "fieldset", data_page="")] == [
        "about",
        "outlets_page",
    ]
    assert '<li data-step="0">企业信息</li><li data-step="1">排污口</li>' in page
    assert tag(page, "button", data_next="")


def test_a_form_without_sections_is_one_page_without_steps(render_fields):
    definition = {**OUTLET_REPORT, "fields": OUTLET_REPORT["fields"][1:3]}
    page = render_fields(definition)
    assert len(tags(page, "div", data_page="")) == 1
    assert not tags(page, "nav", data_steps="") and not tags(page, "button", data_next="")


def test_conditions_and_computed_values_reach_the_page_parsed_and_keyed_by_field_name(
    render_fields, outlet_report
):
    outlet_report["fields"][0]["visible_if"] = "not empty(kind) or true"
    logic = data_island(render_fields(outlet_report), "data-form-logic")
    assert logic["water_body"] == {
        "visible_if": ["==", ["field", "kind"], ["lit", "water"]],
        "required_if": ["==", ["field", "kind"], ["lit", "water"]],
    }
    assert logic["total_staff"] == {
        "computed": ["+", ["field", "office_staff"], ["field", "field_staff"]]
    }
    assert logic["daily_flow"] == {"computed": ["*", ["field", "flow"], ["field", "hours"]]}
    assert logic["about"]["visible_if"][0] == "or"
    assert "company" not in logic


def test_a_computed_field_is_read_only_output_that_posts_nothing(render_fields, outlet_report):
    page = render_fields(outlet_report, {"total_staff": 7})
    assert not tags(page, "input", name="total_staff")
    output = tag(page, "output", id="f-total_staff")
    assert output["aria-labelledby"] == "f-total_staff-label" and "name" not in output
    assert '<output id="f-total_staff"' in page and ">7</output>" in page


def test_a_repeating_group_carries_a_blank_row_template_for_add_row(render_fields, outlet_report):
    page = render_fields(outlet_report)
    template = page[page.index("<template data-row-template>") : page.index("</template>")]
    assert 'name="outlets.__index__.outlet_name"' in template
    assert 'id="f-outlets-__index__-flow"' in template
    assert tag(page, "button", data_add_row="")["hidden"] == ""


def test_a_drafts_expression_that_does_not_parse_leaves_its_field_always_shown(
    render_fields, outlet_report
):
    outlet_report["fields"][5]["visible_if"] = "kind == "
    logic = data_island(render_fields(outlet_report), "data-form-logic")
    assert logic["water_body"] == {"required_if": ["==", ["field", "kind"], ["lit", "water"]]}


def test_a_multiselect_says_how_many_choices_it_takes(render_fields, outlet_report):
    pollutants = next(f for f in outlet_report["fields"] if f["name"] == "pollutants")
    pollutants.update(min_items=1, max_items=2)
    assert "请选择 1 至 2 项。" in render_fields(outlet_report, lang="zh_CN")
    del pollutants["min_items"]
    assert "Choose at most 2." in render_fields(outlet_report)
