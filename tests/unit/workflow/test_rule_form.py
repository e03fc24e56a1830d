"""The rule editor's post becomes the rule JSON the API takes: choices keep their stored
values, typed values take their question's type, empty rows are left out; a stored rule
becomes the editor's rows again."""

from werkzeug.datastructures import MultiDict

from services.workflow.web.rule_form import BLANK_ROWS, form_from_rule, rule_from_form

META = {
    "category": {"type": "select", "options": [{"value": "permit"}, {"value": "eia_approval"}]},
    "needs_visit": {
        "type": "boolean",
        "options": [{"value": True, "label": "是"}, {"value": False, "label": "否"}],
    },
    "staff_count": {"type": "integer", "options": []},
    "subject": {"type": "text", "options": []},
}
BASE = [
    ("id", " eia "),
    ("form_key", "enterprise-request"),
    ("target_kind", "department"),
    ("department", "eia"),
    ("org_unit", "330102-office"),
    ("deadline_working_days", "3"),
    ("is_active", "true"),
]


def read(*rows):
    return rule_from_form(MultiDict([*BASE, *rows]), META)


def test_post_becomes_the_rule_the_api_takes():
    data = read(("cond-0-field", "category"), ("cond-0-op", "eq"), ("cond-0-choice", "permit"))

    assert data == {
        "id": "eia",
        "form_key": "enterprise-request",
        "conditions": [{"field": "category", "op": "eq", "value": "permit"}],
        "target": "department:eia",
        "deadline_working_days": 3,
        "is_active": True,
    }


def test_several_choices_make_an_in_list_and_yes_no_becomes_true_false():
    data = read(
        ("cond-0-field", "category"), ("cond-0-op", "in"),
        ("cond-0-choice", "permit"), ("cond-0-choice", "eia_approval"),
        ("cond-1-field", "needs_visit"), ("cond-1-op", "eq"), ("cond-1-choice", "true"),
    )  # fmt: skip

    assert [c["value"] for c in data["conditions"]] == [["permit", "eia_approval"], True]


def test_typed_values_take_their_questions_type_and_commas_separate_a_list():
    data = read(
        ("cond-0-field", "staff_count"), ("cond-0-op", "eq"), ("cond-0-value", " 12 "),
        ("cond-1-field", "subject"), ("cond-1-op", "in"), ("cond-1-value", "噪声，扬尘, dust"),
    )  # fmt: skip

    assert [c["value"] for c in data["conditions"]] == [12, ["噪声", "扬尘", "dust"]]


def test_rows_without_a_question_are_left_out_and_exists_takes_no_value():
    data = read(
        ("cond-0-field", ""), ("cond-0-op", "eq"), ("cond-0-value", "ignored"),
        ("cond-3-field", "subject"), ("cond-3-op", "exists"), ("cond-3-value", "x"),
    )  # fmt: skip

    assert data["conditions"] == [{"field": "subject", "op": "exists"}]


def test_a_row_without_a_value_leaves_the_value_out_for_the_rule_check_to_name():
    data = read(("cond-0-field", "subject"), ("cond-0-op", "eq"))

    assert data["conditions"] == [{"field": "subject", "op": "eq"}]


def test_target_follows_the_chosen_kind():
    chosen = {"department": "eia", "org_unit": "330102-office"}

    def target(kind: str, **choices):
        return rule_from_form(MultiDict({"target_kind": kind, **choices}), META)["target"]

    assert target("org_unit", **chosen) == "org_unit:330102-office"
    assert target("paired_liaison", **chosen) == "paired_liaison"
    assert target("department") is None


def test_numbers_that_are_not_whole_numbers_are_passed_on_as_typed():
    data = rule_from_form(MultiDict([("deadline_working_days", "five"), ("priority", "")]), META)

    assert data["deadline_working_days"] == "five"
    assert "priority" not in data


def test_stored_rule_becomes_the_editors_rows_with_blank_rows_to_add_more():
    rule = {
        "target": "org_unit:330102-office",
        "conditions": [
            {"field": "category", "op": "in", "value": ["permit"]},
            {"field": "subject", "op": "in", "value": ["a", "b"]},
            {"field": "needs_visit", "op": "eq", "value": False},
        ],
    }

    shown = form_from_rule(rule, META)

    assert (shown["target_kind"], shown["target_choice"]) == ("org_unit", "330102-office")
    assert [(row["text"], row["chosen"]) for row in shown["rows"][:3]] == [
        ("", ["permit"]),
        ("a, b", []),
        ("", ["false"]),
    ]
    assert len(shown["rows"]) == 3 + BLANK_ROWS
