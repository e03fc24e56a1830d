"""Conditions and computed values: checked in definitions, applied to answers, compiled."""

import jsonschema
import pytest

from services.forms.domain.compiler import compile_json_schema
from services.forms.domain.definition import load_definition
from services.forms.domain.errors import FieldError, InvalidDefinition
from services.forms.domain.submission import SubmissionValidator


def label(text: str) -> dict:
    return {"zh_CN": text, "en": text}


def field(name: str, kind: str, **keys) -> dict:
    return {"name": name, "type": kind, "label": label(name.replace("_", " ").title()), **keys}


KINDS = [{"value": v, "label": label(v)} for v in ("water", "air", "noise")]
DEFINITION = {
    "key": "outlet-report",
    "title": label("Outlet report"),
    "fields": [
        field("kind", "select", required=True, options=KINDS),
        field("outlet_count", "integer", min=0),
        field(
            "permit_no",
            "text",
            visible_if="kind == 'water' and outlet_count > 2",
            required=True,
        ),
        field("noise_db", "number", required_if="kind == 'noise'"),
        field("quantity", "integer"),
        field("price", "number"),
        field("total", "number", computed="quantity * price"),
        field("big_order", "boolean", computed="total > 1000"),
        field(
            "outlets",
            "group",
            repeat=True,
            fields=[
                field("flow", "number"),
                field("hours", "number"),
                field("volume", "number", computed="flow * hours"),
                field("reason", "text", required_if="volume > 100"),
            ],
        ),
        field("water_page", "section", visible_if="kind == 'water'"),
        field("treatment", "text", required=True),
    ],
}


@pytest.fixture(scope="module")
def validator() -> SubmissionValidator:
    return SubmissionValidator(load_definition(DEFINITION))


def definition_errors(**changes) -> dict:
    definition = {
        **DEFINITION,
        "fields": [{**f, **changes.get(f["name"], {})} for f in DEFINITION["fields"]],
    }
    with pytest.raises(InvalidDefinition) as caught:
        load_definition(definition)
    return caught.value.messages("en")


# Applied to answers


def test_a_field_whose_condition_holds_is_required(validator):
    errors = validator.errors({"kind": "water", "outlet_count": 3, "treatment": "x"})

    assert errors == [FieldError("permit_no", "required")]


def test_a_hidden_field_is_neither_required_nor_stored(validator):
    cleaned = validator.validate(
        {"kind": "water", "outlet_count": 1, "permit_no": "P1", "treatment": "x"}
    )

    assert "permit_no" not in cleaned


def test_required_if_makes_a_field_required_only_when_it_holds(validator):
    assert validator.errors({"kind": "noise"}) == [FieldError("noise_db", "required")]
    assert validator.errors({"kind": "air"}) == []


def test_a_hidden_section_hides_its_fields(validator):
    cleaned = validator.validate({"kind": "air", "treatment": "ignored"})

    assert "treatment" not in cleaned


def test_a_visible_section_requires_its_required_fields(validator):
    assert validator.errors({"kind": "water"}) == [FieldError("treatment", "required")]


def test_computed_values_are_set_by_the_server_whatever_was_posted(validator):
    cleaned = validator.validate(
        {"kind": "air", "quantity": "3", "price": "500", "total": 1, "big_order": False}
    )

    assert cleaned["total"] == 1500
    assert cleaned["big_order"] is True


def test_a_computed_value_of_missing_answers_is_not_stored(validator):
    cleaned = validator.validate({"kind": "air", "quantity": 3})

    assert "total" not in cleaned and "big_order" not in cleaned


def test_each_row_computes_and_requires_on_its_own(validator):
    rows = [{"flow": 10, "hours": 20}, {"flow": 1, "hours": 2, "volume": 999}]

    errors = validator.errors({"kind": "air", "outlets": rows})
    cleaned = validator.normalise({"kind": "air", "outlets": rows})

    assert errors == [FieldError("outlets.0.reason", "required")]
    assert [row["volume"] for row in cleaned["outlets"]] == [200, 2]


def test_hiding_cascades_to_fields_whose_condition_names_a_hidden_one():
    definition = load_definition(
        {
            "key": "cascade",
            "title": label("Cascade"),
            "fields": [
                field("has_permit", "boolean"),
                field("permit_kind", "text", visible_if="has_permit"),
                field("permit_detail", "text", visible_if="not empty(permit_kind)"),
            ],
        }
    )

    cleaned = SubmissionValidator(definition).validate(
        {"has_permit": False, "permit_kind": "A", "permit_detail": "B"}
    )

    assert cleaned == {"has_permit": False}


# Compiled to JSON Schema


def test_expressible_conditions_compile_to_if_then_that_agree_with_the_server(validator):
    schema = compile_json_schema(load_definition(DEFINITION))
    check = jsonschema.Draft202012Validator(schema)

    assert "permit_no" not in schema["required"]
    assert not check.is_valid({"kind": "noise"})
    assert check.is_valid({"kind": "noise", "noise_db": 80})
    assert not check.is_valid({"kind": "water", "outlet_count": 5, "treatment": "x"})
    assert not check.is_valid({"kind": "air", "outlet_count": 5, "permit_no": "x"})


def test_a_definition_without_conditions_compiles_without_all_of():
    schema = compile_json_schema(
        load_definition({**DEFINITION, "fields": DEFINITION["fields"][:2]})
    )

    assert "allOf" not in schema


# Checked in definitions


def test_a_condition_naming_a_missing_field_is_refused_at_its_path():
    errors = definition_errors(permit_no={"visible_if": "kinds == 'water'"})

    assert errors == {
        "fields": {
            2: {
                "visible_if": ["The expression names the field “kinds”, which does not exist here."]
            }
        }
    }


def test_a_condition_comparing_incompatible_types_is_refused():
    errors = definition_errors(noise_db={"required_if": "outlet_count == 'many'"})

    assert list(errors["fields"][3]) == ["required_if"]


def test_a_condition_naming_an_option_the_field_lacks_is_refused():
    errors = definition_errors(noise_db={"required_if": "kind == 'soil'"})

    assert "soil" in errors["fields"][3]["required_if"][0]


def test_a_condition_that_is_not_yes_or_no_is_refused():
    errors = definition_errors(noise_db={"required_if": "outlet_count + 1"})

    assert list(errors["fields"][3]) == ["required_if"]


def test_a_syntax_error_names_the_position():
    errors = definition_errors(noise_db={"required_if": "kind == "})

    assert "character" in errors["fields"][3]["required_if"][0]


def test_a_condition_may_not_name_its_own_field():
    errors = definition_errors(noise_db={"required_if": "noise_db > 3"})

    assert errors == {
        "fields": {3: {"required_if": ["A condition cannot name its own field (noise_db)."]}}
    }


def test_a_cycle_among_computed_fields_is_refused():
    definition = load_definition({**DEFINITION, "fields": DEFINITION["fields"][:6]})
    definition["fields"][4] = field("quantity", "number", computed="price * 2")
    definition["fields"][5] = field("price", "number", computed="quantity / 2")
    with pytest.raises(InvalidDefinition) as caught:
        load_definition(definition)

    [message] = next(iter(caught.value.messages("en")["fields"].values()))["computed"]
    assert "cycle" in message


def test_a_computed_value_must_fit_its_field():
    errors = definition_errors(total={"computed": "kind"})

    assert list(errors["fields"][6]) == ["computed"]


def test_only_some_types_can_be_computed():
    errors = definition_errors(kind={"computed": "'water'"})

    assert errors["fields"][0]["computed"] == ["A field of type 'select' cannot be computed."]


def test_a_computed_field_has_no_default():
    errors = definition_errors(total={"default": 3})

    assert errors["fields"][6]["default"] == ["Cannot be used together with computed."]


def test_outside_a_repeating_group_its_fields_cannot_be_named():
    errors = definition_errors(noise_db={"required_if": "flow > 3"})

    assert "flow" in errors["fields"][3]["required_if"][0]


def test_a_row_condition_may_name_fields_outside_the_group():
    fields = [dict(f) for f in DEFINITION["fields"]]
    index = next(i for i, f in enumerate(fields) if f["name"] == "outlets")
    outlets = fields[index] = {
        **fields[index],
        "fields": [dict(c) for c in fields[index]["fields"]],
    }
    outlets["fields"][3]["required_if"] = "volume > 100 and kind == 'water'"

    loaded = load_definition({**DEFINITION, "fields": fields})

    assert loaded["fields"][index]["fields"][3]["required_if"].endswith("kind == 'water'")
