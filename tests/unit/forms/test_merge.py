"""Merging one template change into a county's forked draft."""

import copy

import pytest

from services.forms.domain.diff import diff_definitions
from services.forms.domain.errors import MergeConflict
from services.forms.domain.merge import apply_change, is_applied
from tests.unit.forms.conftest import SITE_VISIT_REQUEST, label, option
from tests.unit.forms.test_diff import fields_of, with_group


def names(definition: dict) -> list[str]:
    return [field["name"] for field in definition["fields"]]


@pytest.fixture
def template() -> dict:
    return copy.deepcopy(SITE_VISIT_REQUEST)


@pytest.fixture
def county(template) -> dict:
    """The county's fork: its own extra field at the end and a shorter subject."""
    fork = copy.deepcopy(template)
    fork["fields"][0]["max_length"] = 60
    fork["fields"].append({"name": "permit_no", "type": "text", "label": label("许可证号", "No.")})
    return fork


def change_to(template: dict, edit) -> list:
    new = copy.deepcopy(template)
    edit(new)
    return diff_definitions(template, new)


def test_an_added_field_is_inserted_after_the_same_sibling(template, county):
    (change,) = change_to(
        template,
        lambda d: d["fields"].insert(
            2, {"name": "site", "type": "text", "label": label("厂", "S")}
        ),
    )
    merged = apply_change(county, change)
    assert names(merged)[:4] == ["subject", "category", "site", "details"]
    assert names(merged)[-1] == "permit_no"
    assert not is_applied(county, change) and is_applied(merged, change)


def test_a_removed_field_is_removed_and_the_county_draft_is_left_untouched(template, county):
    (change,) = change_to(template, lambda d: d["fields"].pop(4))
    merged = apply_change(county, change)
    assert "email" not in names(merged) and "email" in names(county)
    assert is_applied(merged, change)


def test_a_change_applies_only_the_keys_the_template_changed(template, county):
    def edit(d):
        d["fields"][0]["required"] = False
        d["fields"][0]["label"] = label("标题", "Title")

    (change,) = change_to(template, edit)
    subject = apply_change(county, change)["fields"][0]
    assert subject["required"] is False and subject["label"] == label("标题", "Title")
    assert subject["max_length"] == 60  # the county's own limit stays


def test_a_removed_limit_is_removed_from_the_county_field(template, county):
    (change,) = change_to(template, lambda d: d["fields"][6].pop("min"))
    assert "min" not in fields_of(apply_change(county, change))["annual_output"]


def test_a_rename_renames_the_county_field_and_keeps_its_place(template, county):
    (change,) = change_to(template, lambda d: d["fields"][4].update(name="contact_email"))
    merged = apply_change(county, change)
    assert names(merged)[4] == "contact_email" and "email" not in names(merged)


def test_option_changes_keep_the_county_own_options(template, county):
    fields_of(county)["category"]["options"].append(option("other", "其他", "Other"))

    def edit(d):
        d["fields"][1]["options"] = [
            option("eia_approval", "环评审批", "EIA approval"),
            option("hazardous_waste", "危废", "Hazardous waste"),
            option("permit", "排污许可证", "Discharge permit"),
        ]

    (change,) = change_to(template, edit)
    merged = fields_of(apply_change(county, change))["category"]["options"]
    assert [o["value"] for o in merged] == ["eia_approval", "hazardous_waste", "permit", "other"]
    assert merged[2]["label"] == label("排污许可证", "Discharge permit")


def test_a_field_added_inside_a_group_goes_into_the_county_group(template):
    before = with_group(template)
    county = copy.deepcopy(before)
    (change,) = change_to(
        before,
        lambda d: fields_of(d)["site"]["fields"].insert(
            1, {"name": "area", "type": "number", "label": label("面积", "Area")}
        ),
    )
    site = fields_of(apply_change(county, change))["site"]
    assert [f["name"] for f in site["fields"]] == ["address", "area", "outlets"]


def test_a_field_added_to_a_group_the_county_lacks_is_a_conflict(template):
    before = with_group(template)
    (change,) = change_to(
        before,
        lambda d: fields_of(d)["site"]["fields"].append(
            {"name": "area", "type": "number", "label": label("面积", "Area")}
        ),
    )
    with pytest.raises(MergeConflict) as refused:
        apply_change(template, change)  # a county draft without the group
    assert refused.value.rule == "no_group"
    assert "面积" in refused.value.message("zh_CN") and "Area" in refused.value.message("en")


def test_an_added_field_whose_name_the_county_uses_is_a_conflict(template, county):
    (change,) = change_to(
        template,
        lambda d: d["fields"].append(
            {"name": "permit_no", "type": "integer", "label": label("号", "N")}
        ),
    )
    assert is_applied(county, change)
    with pytest.raises(MergeConflict) as refused:
        apply_change(county, change)
    assert (refused.value.field, refused.value.rule) == ("field", "name_taken")


def test_a_changed_field_the_county_had_removed_comes_back_as_the_template_has_it(template):
    county = copy.deepcopy(template)
    county["fields"].pop(5)  # employees
    (change,) = change_to(template, lambda d: d["fields"][5].update(max=100))
    merged = apply_change(county, change)
    assert names(merged)[5] == "employees" and fields_of(merged)["employees"]["max"] == 100
