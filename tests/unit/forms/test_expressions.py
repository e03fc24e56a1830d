"""The expression language: reading, writing, type checking, evaluation, JSON Schema,
readable text, and the browser's mirror giving the server's results."""

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.forms.domain.expressions import (
    ExpressionError,
    FieldType,
    check_computed,
    check_condition,
    computed_order,
    describe,
    evaluate,
    infer,
    parse,
    references,
    to_json_schema,
    unparse,
)
from services.forms.domain.messages import DEFINITION_MESSAGES, EXPRESSION_MESSAGES, Problem
from shared.testing.plugin import missing

ROOT = Path(__file__).resolve().parents[3]
CASES_FILE = Path(__file__).with_name("expression_cases.json")
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))
MODULE = ROOT / "services/forms/web/static/forms/expressions.js"

TYPES = {
    "kind": FieldType("string", ("water", "air", "soil")),
    "name": FieldType("string"),
    "outlet_count": FieldType("number"),
    "flow": FieldType("number"),
    "has_permit": FieldType("boolean"),
    "deadline": FieldType("date"),
    "signed_on": FieldType("date"),
    "visit_at": FieldType("datetime"),
    "topics": FieldType("list", ("air", "noise", "water")),
    "site": FieldType("object"),
}


def refusal(call, *args) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        call(*args)
    return caught.value


# Reading and writing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("kind == 'water'", ["==", ["field", "kind"], ["lit", "water"]]),
        ('kind == "water"', ["==", ["field", "kind"], ["lit", "water"]]),
        ("name == 'It\\'s \\\\ \\\"'", ["==", ["field", "name"], ["lit", "It's \\ \""]]),
        ('name != "say \\"hi\\""', ["!=", ["field", "name"], ["lit", 'say "hi"']]),
        ("  flow>=4.5 ", [">=", ["field", "flow"], ["lit", 4.5]]),
        ("-3 < flow", ["<", ["lit", -3], ["field", "flow"]]),
        ("-flow", ["neg", ["field", "flow"]]),
        ("true or false", ["or", ["lit", True], ["lit", False]]),
        (
            "kind in ['a', \"b\", -1, 2.5, true]",
            ["in", ["field", "kind"], ["list", ["a", "b", -1, 2.5, True]]],
        ),
        ("x in []", ["in", ["field", "x"], ["list", []]]),
        ("empty( name )", ["empty", ["field", "name"]]),
        ("not a and b", ["and", ["not", ["field", "a"]], ["field", "b"]]),
        ("not a == b", ["not", ["==", ["field", "a"], ["field", "b"]]]),
        ("a or b and c", ["or", ["field", "a"], ["and", ["field", "b"], ["field", "c"]]]),
        ("a + b * -c", ["+", ["field", "a"], ["*", ["field", "b"], ["neg", ["field", "c"]]]]),
        ("a - b - c", ["-", ["-", ["field", "a"], ["field", "b"]], ["field", "c"]]),
        (
            "a / (b + 1) > 2",
            [">", ["/", ["field", "a"], ["+", ["field", "b"], ["lit", 1]]], ["lit", 2]],
        ),
        ("((outlet_count))", ["field", "outlet_count"]),
    ],
)
def test_parse_reads_the_language_into_a_tree(text, tree):
    assert parse(text) == tree


@pytest.mark.parametrize(
    ("text", "position", "near"),
    [
        ("kind = 'water'", 6, "="),
        ("kind == 'water", 9, "'water"),
        ("name == 'a\\nb'", 11, "\\n"),
        ("name == 'a\\", 11, "\\"),
        ("a < b < c", 7, "<"),
        ("a == == b", 6, "=="),
        ("(a and b", 9, "b"),
        ("a and b)", 8, ")"),
        ("a and", 6, "and"),
        ("", 1, ""),
        ("   ", 4, ""),
        ("empty(3)", 7, "3"),
        ("empty(and)", 7, "and"),
        ("empty", 6, "empty"),
        ("empty(a, b)", 8, ","),
        ("kind in [a]", 10, "a"),
        ("kind in ['a',]", 14, "]"),
        ("kind in [-'a']", 11, "'a'"),
        ("Kind == 'water'", 1, "Kind"),
        ("True", 1, "True"),
        ("outlet__count > 1", 1, "outlet__count"),
        ("flow > 1.", 9, "."),
        ("flow > .5", 8, "."),
        ("a && b", 3, "&"),
        ("类别 == 'water'", 1, "类"),
        ("kind == “water”", 9, "“"),
        ("f(x)", 2, "("),
        ("a b", 3, "b"),
        ("in", 1, "in"),
    ],
)
def test_parse_refuses_bad_syntax_naming_the_character_and_the_text_near_it(text, position, near):
    error = refusal(parse, text)

    assert (error.rule, error.params) == ("expression_syntax", {"position": position, "near": near})


def test_parse_refuses_text_longer_than_a_thousand_characters():
    text = "a == " + "1" * 996

    error = refusal(parse, text)

    assert (error.rule, error.params) == ("expression_too_long", {"length": 1001, "limit": 1000})
    assert parse("a == " + "1" * 995)[0] == "=="


@pytest.mark.parametrize(
    "text",
    ["(" * 51 + "a" + ")" * 51, "not " * 51 + "a", "-" * 51 + "a", " and ".join(["a"] * 51)],
)
def test_parse_refuses_nesting_deeper_than_fifty(text):
    assert refusal(parse, text).params == {"limit": 50}


def test_parse_accepts_nesting_fifty_deep():
    assert parse("(" * 50 + "a" + ")" * 50) == ["field", "a"]
    assert parse(" and ".join(["a"] * 50))[0] == "and"


@pytest.mark.parametrize(
    ("tree", "text"),
    [
        (["neg", ["lit", 3]], "-(3)"),
        (["neg", ["lit", -3]], "--3"),
        (["-", ["field", "a"], ["lit", -3]], "a - -3"),
        (["lit", 1e16], "10000000000000000"),
        (["lit", 1.5e-7], "0.00000015"),
        (["lit", 4.0], "4"),
        (["lit", "It's a\\b"], "'It\\'s a\\\\b'"),
        (["and", ["field", "a"], ["and", ["field", "b"], ["field", "c"]]], "a and (b and c)"),
        (["==", ["==", ["field", "a"], ["field", "b"]], ["lit", True]], "(a == b) == true"),
        (["not", ["or", ["field", "a"], ["field", "b"]]], "not (a or b)"),
        (["-", ["field", "a"], ["-", ["field", "b"], ["field", "c"]]], "a - (b - c)"),
        (["*", ["+", ["field", "a"], ["field", "b"]], ["neg", ["field", "c"]]], "(a + b) * -c"),
    ],
)
def test_unparse_writes_canonical_text_that_reads_back_as_the_same_tree(tree, text):
    assert unparse(tree) == text
    assert parse(text) == tree


def test_every_case_text_is_canonical_and_reads_as_its_tree():
    for case in CASES["cases"]:
        assert parse(case["text"]) == case["tree"], case["name"]
        assert unparse(case["tree"]) == case["text"], case["name"]


def test_references_names_every_field_the_expression_reads():
    tree = parse("kind == 'water' and (empty(name) or -flow * 2 > outlet_count) or 'a' in topics")

    assert references(tree) == {"kind", "name", "flow", "outlet_count", "topics"}
    assert references(parse("1 + 2 in [3]")) == set()


# Type checking --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("kind == 'water' and outlet_count > 2", "boolean"),
        ("deadline < '2026-12-31' or '2026-01-01' >= signed_on", "boolean"),
        ("visit_at != '2026-12-02T14:30:00+08:00'", "boolean"),
        ("kind in ['water', 'air'] and 'noise' in topics and name in topics", "boolean"),
        ("deadline in ['2026-12-31']", "boolean"),
        ("empty(site) or empty(topics)", "boolean"),
        ("outlet_count * flow / 2 - -1", "number"),
        ("has_permit == (not has_permit)", "boolean"),
        ("name", "string"),
        ("[1, 2]", "list"),
    ],
)
def test_infer_gives_the_kind_of_well_typed_expressions(text, kind):
    assert infer(parse(text), TYPES) == kind


@pytest.mark.parametrize(
    ("text", "rule", "params"),
    [
        ("colour == 'red'", "unknown_reference", {"name": "colour"}),
        ("kind == 'fire'", "not_an_option", {"name": "kind", "value": "fire"}),
        ("'fire' != kind", "not_an_option", {"name": "kind", "value": "fire"}),
        ("kind in ['water', 'fire']", "not_an_option", {"name": "kind", "value": "fire"}),
        ("'fire' in topics", "not_an_option", {"name": "topics", "value": "fire"}),
        ("flow and has_permit", "not_boolean", {"expression": "flow", "kind": "number"}),
        ("has_permit or name", "not_boolean", {"expression": "name", "kind": "text"}),
        ("not deadline", "not_boolean", {"expression": "deadline", "kind": "date"}),
        ("name + 1", "not_number", {"expression": "name", "kind": "text"}),
        ("-has_permit", "not_number", {"expression": "has_permit", "kind": "yes-or-no"}),
        ("flow * topics", "not_number", {"expression": "topics", "kind": "list"}),
    ],
)
def test_infer_refuses_each_misuse_with_its_rule(text, rule, params):
    error = refusal(infer, parse(text), TYPES)

    kinds = {key: value["en"] for key, value in error.params.items() if isinstance(value, dict)}
    assert (error.rule, {**error.params, **kinds}) == (rule, params)


@pytest.mark.parametrize(
    ("text", "op", "left", "right"),
    [
        ("outlet_count == '2'", "==", "number", "text"),
        ("has_permit != 1", "!=", "yes-or-no", "number"),
        ("deadline == visit_at", "==", "date", "date and time"),
        ("deadline < '31/12/2026'", "<", "date", "text"),
        ("deadline < '2026-02-30'", "<", "date", "text"),
        ("visit_at > '2026-12-02T14:30'", ">", "date and time", "text"),
        ("name < 'b'", "<", "text", "text"),
        ("has_permit > false", ">", "yes-or-no", "yes-or-no"),
        ("topics == 'air'", "==", "list", "text"),
        ("site == site", "==", "group", "group"),
        ("kind in 'water'", "in", "text", "text"),
        ("topics in ['air']", "in", "list", "list"),
        ("outlet_count in ['1']", "in", "number", "text"),
        ("outlet_count in topics", "in", "number", "list"),
    ],
)
def test_infer_refuses_operands_of_incompatible_kinds_naming_them_in_words(text, op, left, right):
    error = refusal(infer, parse(text), TYPES)

    assert error.rule == "incompatible_types"
    assert (error.params["op"], error.params["left"]["en"], error.params["right"]["en"]) == (
        op,
        left,
        right,
    )


def test_check_condition_returns_the_tree_of_a_yes_or_no_expression():
    assert check_condition("has_permit", TYPES) == ["field", "has_permit"]


def test_check_condition_refuses_an_expression_that_is_not_yes_or_no():
    error = refusal(check_condition, "outlet_count + 1", TYPES)

    assert (error.rule, error.params["kind"]) == (
        "not_condition",
        {"zh_CN": "数字", "en": "number"},
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("outlet_count * flow", "number"),
        ("outlet_count + 1", "integer"),
        ("name", "string"),
        ("'2026-12-31'", "date"),
        ("signed_on", "date"),
        ("not has_permit", "boolean"),
    ],
)
def test_check_computed_accepts_a_value_of_the_fields_kind(text, kind):
    assert check_computed(text, TYPES, kind) == parse(text)


@pytest.mark.parametrize(
    ("text", "kind", "actual"),
    [("name", "number", "text"), ("flow > 1", "number", "yes-or-no"), ("'soon'", "date", "text")],
)
def test_check_computed_refuses_a_value_of_another_kind(text, kind, actual):
    error = refusal(check_computed, text, TYPES, kind)

    assert (error.rule, error.params["kind"]["en"]) == ("computed_type", actual)


# Evaluation ----------------------------------------------------------------------------


def same_json(left, right) -> bool:
    """Equal as JSON values: a boolean never equals a number here."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    return left == right


def test_evaluate_gives_each_case_its_expected_value():
    for case in CASES["cases"]:
        result = evaluate(case["tree"], case["values"])
        assert same_json(result, case["expected"]), case["name"]


def test_the_cases_cover_every_operator():
    operators = set()

    def collect(tree):
        operators.add(tree[0])
        for child in tree[1:] if tree[0] not in ("field", "lit", "list") else ():
            collect(child)

    for case in CASES["cases"]:
        collect(case["tree"])
    assert len(CASES["cases"]) >= 60
    assert operators == {"field", "lit", "list", "not", "and", "or", "==", "!=", "<", "<="}.union(
        {">", ">=", "in", "empty", "+", "-", "*", "/", "neg"}
    )


def test_whole_results_of_arithmetic_are_integers():
    assert type(evaluate(parse("a / 2"), {"a": 10})) is int
    assert type(evaluate(parse("a * 1.5"), {"a": 2})) is int
    assert evaluate(parse("a / 4"), {"a": 10}) == 2.5


def test_arithmetic_overflowing_to_infinity_gives_null():
    assert evaluate(parse("a * a"), {"a": 1e200}) is None
    assert evaluate(parse("a + 1"), {"a": 10**400}) is None


def test_an_answer_of_null_counts_as_missing():
    values = {"kind": None, "n": None}

    assert evaluate(parse("kind == 'water'"), values) is False
    assert evaluate(parse("kind != 'water'"), values) is True
    assert evaluate(parse("empty(kind) and n + 1 == n + 1"), values) is False


# JSON Schema ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "schema"),
    [
        ("kind == 'water'", {"required": ["kind"], "properties": {"kind": {"const": "water"}}}),
        (
            "kind != 'water'",
            {"not": {"required": ["kind"], "properties": {"kind": {"const": "water"}}}},
        ),
        (
            "n > 2",
            {"required": ["n"], "properties": {"n": {"type": "number", "exclusiveMinimum": 2}}},
        ),
        ("2 >= n", {"required": ["n"], "properties": {"n": {"type": "number", "maximum": 2}}}),
        ("empty(a)", {"not": {"required": ["a"]}}),
        (
            "'air' in topics",
            {
                "required": ["topics"],
                "properties": {"topics": {"type": "array", "contains": {"const": "air"}}},
            },
        ),
        ("c in ['a', 'b']", {"required": ["c"], "properties": {"c": {"enum": ["a", "b"]}}}),
        ("flag", {"required": ["flag"], "properties": {"flag": {"const": True}}}),
        ("not flag", {"not": {"required": ["flag"], "properties": {"flag": {"const": True}}}}),
        (
            "n > 2 * 3",
            {"required": ["n"], "properties": {"n": {"type": "number", "exclusiveMinimum": 6}}},
        ),
        ("1 < 2", {}),
        ("c in []", {"not": {}}),
    ],
)
def test_to_json_schema_compiles_conditions_on_local_fields(text, schema):
    assert to_json_schema(parse(text), {"kind", "n", "a", "topics", "c", "flag"}) == schema


def test_to_json_schema_joins_and_as_all_of_and_or_as_any_of():
    schema = to_json_schema(parse("a and b and (c or d)"), {"a", "b", "c", "d"})

    assert list(schema) == ["allOf"]
    assert len(schema["allOf"]) == 3
    assert len(schema["allOf"][2]["anyOf"]) == 2


@pytest.mark.parametrize(
    "text", ["other == 'x'", "a == b", "a + 1 > 2", "-a < 1", "a in b", "(a > 1) == true"]
)
def test_to_json_schema_gives_none_for_what_json_schema_cannot_say(text):
    assert to_json_schema(parse(text), {"a", "b"}) is None


def test_a_date_ordering_compiles_to_a_schema_that_orders_dates():
    validator = jsonschema.Draft202012Validator(to_json_schema(parse("d < '2026-12-31'"), {"d"}))

    assert validator.is_valid({"d": "2026-12-30"})
    assert validator.is_valid({"d": "2025-12-31"})
    assert not validator.is_valid({"d": "2026-12-31"})
    assert not validator.is_valid({"d": "2027-01-01"})
    assert not validator.is_valid({})


SCHEMA_FIELDS = {
    "n": st.one_of(st.integers(-3, 3), st.sampled_from([0.5, 2.0, -1.5])),
    "k": st.sampled_from(["a", "b", "c", "A"]),
    "flag": st.booleans(),
    "d": st.sampled_from(["2026-01-01", "2026-06-30", "2026-12-31", "2027-01-01", "2026-1"]),
    "tags": st.lists(st.sampled_from(["a", "b", "c"]), max_size=3),
}
ANY_SCALAR = st.one_of(
    st.integers(-3, 3), st.booleans(), st.sampled_from(["a", "b", "2026-06-30", "", 0.5])
)
CONSTANT = st.one_of(
    ANY_SCALAR.map(lambda value: ["lit", value]),
    st.lists(ANY_SCALAR, max_size=3).map(lambda items: ["list", items]),
    st.integers(1, 3).map(lambda value: ["neg", ["lit", value]]),
    st.tuples(st.integers(-3, 3), st.integers(-3, 3)).map(
        lambda pair: ["/", ["lit", pair[0]], ["lit", pair[1]]]
    ),
)
FIELD = st.sampled_from(sorted(SCHEMA_FIELDS)).map(lambda name: ["field", name])
OPERATOR = st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in"])
COMPARISON = st.one_of(
    st.tuples(OPERATOR, FIELD, CONSTANT).map(list),
    st.tuples(OPERATOR, CONSTANT, FIELD).map(list),
)
CONDITION = st.recursive(
    st.one_of(COMPARISON, FIELD, FIELD.map(lambda field: ["empty", field]), CONSTANT),
    lambda inner: st.one_of(
        inner.map(lambda tree: ["not", tree]),
        st.tuples(st.sampled_from(["and", "or"]), inner, inner).map(list),
    ),
    max_leaves=6,
)
# Answers of the right kind, and now and then of a wrong one; blank answers are dropped
# before validation, as a submission's are.
ANSWERS = st.fixed_dictionaries(
    {},
    optional={
        name: st.one_of(strategy, strategy, strategy, ANY_SCALAR, st.just(["a"]))
        for name, strategy in SCHEMA_FIELDS.items()
    },
).map(lambda answers: {key: value for key, value in answers.items() if value not in ("", [])})


@settings(
    max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(tree=CONDITION, answers=ANSWERS)
def test_the_json_schema_accepts_exactly_the_answers_for_which_the_condition_holds(tree, answers):
    schema = to_json_schema(tree, set(SCHEMA_FIELDS))

    assert schema is not None
    jsonschema.Draft202012Validator.check_schema(schema)
    holds = evaluate(tree, answers) is True
    assert jsonschema.Draft202012Validator(schema).is_valid(answers) == holds
    # Submissions are validated with jsonschema-rs: it must read the schema alike.
    assert jsonschema_rs.Draft202012Validator(schema).is_valid(answers) == holds


TREE = st.recursive(
    st.one_of(FIELD, CONSTANT, FIELD.map(lambda field: ["empty", field])),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["not", "neg"]), inner).map(list),
        st.tuples(
            st.sampled_from(
                ["and", "or", "==", "!=", "<", "<=", ">", ">=", "in", "+", "-", "*", "/"]
            ),
            inner,
            inner,
        ).map(list),
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, database=None)
@given(tree=TREE)
def test_any_tree_reads_back_from_its_canonical_text(tree):
    assert parse(unparse(tree)) == tree


# Computed fields -----------------------------------------------------------------------


def test_computed_order_computes_each_field_after_those_it_reads():
    order = computed_order({"total": {"net", "tax"}, "tax": {"net", "rate"}, "net": {"price"}})

    assert order == ["net", "tax", "total"]


def test_computed_order_refuses_a_cycle_naming_it():
    error = refusal(computed_order, {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()})

    assert (error.rule, error.params) == ("computed_cycle", {"names": "a → b → c → a"})


def test_computed_order_refuses_a_field_computed_from_itself():
    assert refusal(computed_order, {"a": {"a", "x"}}).params == {"names": "a → a"}


# Readable text -------------------------------------------------------------------------


def test_describe_names_fields_by_label_in_chinese_and_english():
    tree = parse("kind == 'water' and outlet_count > 2")

    zh = describe(
        tree, {"kind": "类别", "outlet_count": "排口数量"}, "zh_CN", {"kind": {"water": "水"}}
    )
    en = describe(tree, {"kind": "Category", "outlet_count": "Outlet count"}, "en")

    assert zh == "类别 等于 “水” 且 排口数量 大于 2"
    assert en == "Category is “water” and Outlet count is greater than 2"


def test_describe_gives_each_described_case_its_text():
    for case in CASES["cases"]:
        for locale, text in case.get("describe", {}).items():
            described = describe(
                case["tree"], CASES["labels"][locale], locale, CASES["option_labels"][locale]
            )
            assert described == text, case["name"]


def test_describe_shows_a_field_without_a_label_by_its_name():
    assert describe(parse("not empty(note)"), {}, "en") == "note is not empty"


def test_describe_refuses_an_unknown_locale():
    with pytest.raises(ValueError, match="fr"):
        describe(parse("a"), {}, "fr")


# Messages ------------------------------------------------------------------------------


def test_every_expression_rule_has_a_message_in_both_languages_among_the_definition_rules():
    for rule, templates in EXPRESSION_MESSAGES.items():
        assert set(templates) == {"zh_CN", "en"}
        assert DEFINITION_MESSAGES[rule] == templates


def test_an_expression_error_becomes_a_problem_in_either_language():
    problem = refusal(check_condition, "outlet_count == 'x'", TYPES).problem()

    assert isinstance(problem, Problem)
    assert problem == "“==” cannot be used between number and text."
    assert problem.render("zh_CN") == "“==”不能用于数字和文本之间。"


def test_a_syntax_error_reads_as_specified():
    error = refusal(parse, "kind = 'x'")

    assert str(error) == "Cannot read the expression at character 6 (near “=”)."
    assert error.message("zh_CN") == "表达式第 6 个字符处（“=”附近）无法识别。"


# The browser's mirror ------------------------------------------------------------------

NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const [moduleUrl, casesPath] = process.argv.slice(1);
const { evaluate, references, unparse, describe } = await import(moduleUrl);
const { cases, labels, option_labels: optionLabels } = JSON.parse(readFileSync(casesPath, "utf8"));
const results = cases.map((c) => ({
  value: evaluate(c.tree, c.values),
  text: unparse(c.tree),
  references: [...references(c.tree)].sort(),
  describe: Object.fromEntries(
    Object.keys(c.describe ?? {}).map((l) => [l, describe(c.tree, labels[l], l, optionLabels[l])])
  ),
}));
process.stdout.write(JSON.stringify(results));
"""


@pytest.fixture(scope="module")
def browser_results():
    node = shutil.which("node")
    if node is None:
        missing("node")
    completed = subprocess.run(
        [node, "--input-type=module", "-e", NODE_SCRIPT, MODULE.as_uri(), str(CASES_FILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(completed.stdout)


def test_the_browser_evaluates_every_case_as_the_server_does(browser_results):
    for case, result in zip(CASES["cases"], browser_results, strict=True):
        assert same_json(result["value"], case["expected"]), case["name"]
        assert same_json(result["value"], evaluate(case["tree"], case["values"])), case["name"]


def test_the_browser_writes_and_describes_every_case_as_the_server_does(browser_results):
    for case, result in zip(CASES["cases"], browser_results, strict=True):
        assert result["text"] == unparse(case["tree"]), case["name"]
        assert result["references"] == sorted(references(case["tree"])), case["name"]
        assert result["describe"] == case.get("describe", {}), case["name"]
