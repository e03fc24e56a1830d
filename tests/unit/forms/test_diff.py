"""The field-by-field diff between two definitions."""

import copy

import pytest

from services.forms.domain.diff import KeyChange, diff_definitions
from tests.unit.forms.conftest import SITE_VISIT_REQUEST, label, option


def with_group(definition: dict) -> dict:
    """The example with a group "site" (address, outlets) after the subject."""
    changed = copy.deepcopy(definition)
    changed["fields"].insert(
        1,
        {
            "name": "site",
            "type": "group",
            "label": label("厂区", "Site"),
            "fields": [
                {"name": "address", "type": "text", "label": label("地址", "Address")},
                {"name": "outlets", "type": "integer", "label": label("排口数", "Outlets")},
            ],
        },
    )
    return changed


def fields_of(definition: dict) -> dict:
    found = {}
    for field in definition["fields"]:
        found[field["name"]] = field
        found.update({child["name"]: child for child in field.get("fields", [])})
    return found


@pytest.fixture
def old() -> dict:
    return copy.deepcopy(SITE_VISIT_REQUEST)


def test_equal_definitions_have_no_changes(old):
    assert diff_definitions(old, copy.deepcopy(old)) == []


def test_a_new_field_is_added_at_its_place_after_its_sibling(old):
    new = copy.deepcopy(old)
    new["fields"].insert(2, {"name": "site_name", "type": "text", "label": label("厂名", "Site")})
    (change,) = diff_definitions(old, new)
    assert (change.kind, change.path, change.position, change.after) == (
        "added",
        "site_name",
        2,
        "category",
    )
    assert change.old is None and change.new["name"] == "site_name"


def test_a_field_left_out_is_removed_and_listed_after_the_field_before_it(old):
    new = copy.deepcopy(old)
    del new["fields"][4]  # email
    new["fields"].append({"name": "remarks", "type": "textarea", "label": label("备注", "Remarks")})
    changes = diff_definitions(old, new)
    assert [(c.kind, c.path) for c in changes] == [("removed", "email"), ("added", "remarks")]
    assert changes[0].old["type"] == "email" and changes[0].new is None


def test_a_field_of_the_same_type_at_the_same_position_is_a_rename(old):
    new = copy.deepcopy(old)
    new["fields"][4] = {**new["fields"][4], "name": "contact_email", "label": label("邮箱", "Mail")}
    (change,) = diff_definitions(old, new)
    assert (change.kind, change.old_path, change.path) == ("renamed", "email", "contact_email")
    assert change.keys == (KeyChange("label", label("电子邮箱", "E-mail"), label("邮箱", "Mail")),)


def test_a_field_of_the_same_type_and_label_elsewhere_is_a_rename(old):
    new = copy.deepcopy(old)
    email = new["fields"].pop(4)
    new["fields"].append({**email, "name": "mail"})
    (change,) = diff_definitions(old, new)
    assert (change.kind, change.old_name, change.name, change.keys) == (
        "renamed",
        "email",
        "mail",
        (),
    )


def test_a_field_of_another_type_at_the_same_position_is_not_a_rename(old):
    new = copy.deepcopy(old)
    new["fields"][4] = {"name": "website", "type": "text", "label": label("网站", "Website")}
    kinds = sorted((c.kind, c.path) for c in diff_definitions(old, new))
    assert kinds == [("added", "website"), ("removed", "email")]


def test_each_changed_key_is_listed_with_its_old_and_new_value(old):
    new = copy.deepcopy(old)
    subject = new["fields"][0]
    subject.update(required=False, max_length=80, pattern="^[^<>]*$")
    subject["label"] = label("标题", "Title")
    (change,) = diff_definitions(old, new)
    assert change.kind == "changed"
    assert change.keys == (
        KeyChange("label", label("诉求标题", "Subject"), label("标题", "Title")),
        KeyChange("max_length", 100, 80),
        KeyChange("pattern", None, "^[^<>]*$"),
        KeyChange("required", True, False),
    )


def test_limits_and_conditions_are_changes_of_their_keys(old):
    new = copy.deepcopy(old)
    fields = fields_of(new)
    fields["employees"]["max"] = 5000
    del fields["annual_output"]["min"]
    fields["visit_date"]["visible_if"] = "needs_visit == true"
    keys = {c.path: c.keys for c in diff_definitions(old, new)}
    assert keys == {
        "employees": (KeyChange("max", 1000000, 5000),),
        "annual_output": (KeyChange("min", 0, None),),
        "visit_date": (KeyChange("visible_if", None, "needs_visit == true"),),
    }


def test_options_added_removed_relabelled_and_reordered_are_listed_one_by_one(old):
    new = copy.deepcopy(old)
    category = fields_of(new)["category"]
    category["options"] = [
        option("permit", "排污许可证", "Discharge permit"),
        option("eia_approval", "环评审批", "EIA approval"),
        option("hazardous_waste", "危险废物", "Hazardous waste"),
    ]
    (change,) = diff_definitions(old, new)
    assert change.keys == (
        KeyChange("options.added", None, ["hazardous_waste"]),
        KeyChange("options.removed", ["monitoring"], None),
        KeyChange(
            "options.permit.label",
            label("排污许可", "Pollutant discharge permit"),
            label("排污许可证", "Discharge permit"),
        ),
        KeyChange("options.order", ["eia_approval", "permit"], ["permit", "eia_approval"]),
    )


def test_an_added_group_is_one_change_holding_its_fields(old):
    changes = diff_definitions(old, with_group(old))
    assert [(c.kind, c.path, c.after) for c in changes] == [("added", "site", "subject")]
    assert [f["name"] for f in changes[0].new["fields"]] == ["address", "outlets"]


def test_a_removed_group_is_one_change(old):
    changes = diff_definitions(with_group(old), old)
    assert [(c.kind, c.path) for c in changes] == [("removed", "site")]


def test_changes_inside_a_group_are_listed_by_their_dotted_path(old):
    before = with_group(old)
    after = copy.deepcopy(before)
    site = fields_of(after)["site"]
    site["label"] = label("厂区信息", "Site details")
    site["fields"][0]["required"] = True
    site["fields"][1] = {**site["fields"][1], "name": "outlet_count"}
    site["fields"].append({"name": "area", "type": "number", "label": label("面积", "Area")})
    changes = diff_definitions(before, after)
    assert [(c.kind, c.path, c.old_path) for c in changes] == [
        ("changed", "site", "site"),
        ("changed", "site.address", "site.address"),
        ("renamed", "site.outlet_count", "site.outlets"),
        ("added", "site.area", None),
    ]
    assert changes[0].keys == (KeyChange("label", label("厂区", "Site"), site["label"]),)
    assert changes[3].parent == "site" and changes[3].after == "outlet_count"


def test_a_renamed_group_keeps_its_unchanged_fields_out_of_the_diff(old):
    before = with_group(old)
    after = copy.deepcopy(before)
    fields_of(after)["site"]["name"] = "plant"
    (change,) = diff_definitions(before, after)
    assert (change.kind, change.old_path, change.path) == ("renamed", "site", "plant")


def test_a_field_moved_into_a_group_is_a_change_of_its_group(old):
    before = with_group(old)
    after = copy.deepcopy(before)
    email = after["fields"].pop(5)
    fields_of(after)["site"]["fields"].append(email)
    (change,) = diff_definitions(before, after)
    assert (change.kind, change.path) == ("changed", "site.email")
    assert change.keys == (KeyChange("group", None, "site"),)
