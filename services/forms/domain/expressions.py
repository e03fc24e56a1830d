"""The forms' small expression language: conditions and computed values.

Designers write ``visible_if``, ``required_if`` and ``computed`` as expressions such as
``kind == 'water' and outlet_count > 2``. ``parse`` reads the text into a tree of plain
JSON values; the server evaluates that tree here and the browser evaluates the same tree
with ``services/forms/web/static/forms/expressions.js``. Nothing calls Python's ``eval``.

The language, from the loosest binding to the tightest: ``or``; ``and``; ``not``; one
comparison ``== != < <= > >=`` or ``in`` (comparisons do not chain); ``+ -``; ``* /``;
unary minus. Operands are field names (snake_case), numbers (``123``, ``4.5``), strings
in single or double quotes (with ``\\\\``, ``\\'`` and ``\\"`` as escapes), ``true``,
``false``, lists of literals (``['a', 'b']``), ``empty(field)`` and parentheses.

The tree (every node a list whose first item names it):

- ``["field", name]``: the answer to a field.
- ``["lit", value]``: a string, number or boolean. A minus written right before a
  number belongs to it: ``-3`` is ``["lit", -3]``, while ``-(3)`` is a ``neg``.
- ``["list", [value, ...]]``: a list of literal values (not nodes).
- ``["not", x]``, ``["and", a, b]``, ``["or", a, b]``.
- ``[op, a, b]`` with ``op`` one of ``== != < <= > >=``.
- ``["in", a, b]``: the scalar ``a`` is an item of the list ``b``.
- ``["empty", ["field", name]]``.
- ``[op, a, b]`` with ``op`` one of ``+ - * /``, and ``["neg", x]``.

Missing answers (absent or ``None``) never raise: see ``evaluate``.
"""

from __future__ import annotations

import datetime
import math
import operator
import re
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from services.forms.domain.messages import EXPRESSION_MESSAGES, KIND_NAMES, Problem, render

MAX_LENGTH = 1000
MAX_DEPTH = 50
KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "empty"})
KINDS = ("string", "number", "boolean", "date", "datetime", "list", "object")
SCALAR_KINDS = ("string", "number", "boolean", "date", "datetime")
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
ARITHMETIC = ("+", "-", "*", "/")
#: How tightly each node binds; atoms (fields, literals, lists, ``empty``) bind tightest.
PRECEDENCE = {"or": 1, "and": 2, "not": 3, "in": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7}
PRECEDENCE.update(dict.fromkeys(COMPARISONS, 4))
ATOM = 8

NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<number>[0-9]+(?:\.[0-9]+)?)|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>==|!=|<=|>=|[<>()\[\],+\-*/])"
)
DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATETIME_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+08:00")
ESCAPED = ("\\", "'", '"')


class ExpressionError(ValueError):
    """Raised when an expression cannot be parsed or type-checked.

    ``rule`` is a key of ``EXPRESSION_MESSAGES`` and ``params`` fill its templates; kinds
    in ``params`` are ``{"zh_CN": ..., "en": ...}`` words from ``KIND_NAMES``, which
    ``render`` shows in the reader's language.
    """

    def __init__(self, rule: str, **params: Any):
        super().__init__(render(EXPRESSION_MESSAGES, rule, params, "en"))
        self.rule = rule
        self.params = params

    def problem(self) -> Problem:
        """The error as a ``Problem``, for a marshmallow error tree."""
        return Problem(self.rule, **self.params)

    def message(self, locale: str) -> str:
        """The error in ``locale`` (``zh_CN`` or ``en``)."""
        return render(EXPRESSION_MESSAGES, self.rule, self.params, locale)


@dataclass(frozen=True)
class FieldType:
    """What an expression may do with a field: its answer's kind, and for a select
    (kind ``string``) or multiselect (kind ``list``) the values it allows."""

    kind: str
    options: tuple[str, ...] | None = None


# Reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # "number", "string", "word", "op" or "end"
    text: str  # as written
    value: Any
    position: int  # 1-based


def syntax_error(position: int, near: str) -> ExpressionError:
    return ExpressionError("expression_syntax", position=position, near=near)


def parse(text: str) -> list:
    """Read ``text`` into a tree (see the module's docstring).

    :raises ExpressionError: ``expression_syntax`` (with the 1-based ``position`` and the
        text ``near`` it), ``expression_too_long`` or ``expression_too_deep``.
    """
    if len(text) > MAX_LENGTH:
        raise ExpressionError("expression_too_long", length=len(text), limit=MAX_LENGTH)
    parser = Parser(tokenize(text))
    tree = parser.expression()
    if parser.token.kind != "end":
        raise parser.error()
    if depth(tree) > MAX_DEPTH:
        raise ExpressionError("expression_too_deep", limit=MAX_DEPTH)
    return tree


def tokenize(text: str) -> list[Token]:
    tokens, index = [], 0
    while index < len(text):
        if text[index] in "'\"":
            token, index = read_string(text, index)
            tokens.append(token)
            continue
        match = TOKEN.match(text, index)
        if match is None:
            raise syntax_error(index + 1, text[index])
        index = match.end()
        if match.lastgroup != "space":
            tokens.append(make_token(match.lastgroup, match.group(), match.start() + 1))
    tokens.append(Token("end", "", None, len(text) + 1))
    return tokens


def make_token(kind: str, text: str, position: int) -> Token:
    if kind == "number":
        return Token(kind, text, float(text) if "." in text else int(text), position)
    if kind == "word" and text not in KEYWORDS and not NAME.fullmatch(text):
        raise syntax_error(position, text)
    return Token(kind, text, text, position)


def read_string(text: str, start: int) -> tuple[Token, int]:
    quote, chars, index = text[start], [], start + 1
    while index < len(text):
        char = text[index]
        if char == quote:
            return Token("string", text[start : index + 1], "".join(chars), start + 1), index + 1
        if char == "\\":
            if text[index + 1 : index + 2] not in ESCAPED:
                raise syntax_error(index + 1, text[index : index + 2])
            char = text[index + 1]
            index += 1
        chars.append(char)
        index += 1
    raise syntax_error(start + 1, text[start : start + 20])


class Parser:
    """Recursive descent over the tokens, one method per precedence level."""

    def __init__(self, tokens: list[Token]):
        self.tokens, self.index, self.nesting = tokens, 0, 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        self.index += 1
        return self.tokens[self.index - 1]

    def accept(self, *texts: str) -> str | None:
        if self.token.kind in ("op", "word") and self.token.text in texts:
            return self.take().text
        return None

    def expect(self, text: str) -> None:
        if self.accept(text) is None:
            raise self.error()

    def error(self) -> ExpressionError:
        # At the end of the text, the last token read is the most helpful "near".
        near = self.token.text or (self.tokens[self.index - 1].text if self.index else "")
        return syntax_error(self.token.position, near)

    @contextmanager
    def nested(self):
        # Parentheses and unary operators recurse; bound them before Python's stack is.
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise ExpressionError("expression_too_deep", limit=MAX_DEPTH)
        yield
        self.nesting -= 1

    def expression(self) -> list:
        node = self.conjunction()
        while self.accept("or"):
            node = ["or", node, self.conjunction()]
        return node

    def conjunction(self) -> list:
        node = self.negation()
        while self.accept("and"):
            node = ["and", node, self.negation()]
        return node

    def negation(self) -> list:
        if self.accept("not"):
            with self.nested():
                return ["not", self.negation()]
        return self.comparison()

    def comparison(self) -> list:
        node = self.sum()
        op = self.accept(*COMPARISONS, "in")
        return node if op is None else [op, node, self.sum()]

    def sum(self) -> list:
        node = self.product()
        while op := self.accept("+", "-"):
            node = [op, node, self.product()]
        return node

    def product(self) -> list:
        node = self.unary()
        while op := self.accept("*", "/"):
            node = [op, node, self.unary()]
        return node

    def unary(self) -> list:
        if not self.accept("-"):
            return self.primary()
        if self.token.kind == "number":
            return ["lit", -self.take().value]
        with self.nested():
            return ["neg", self.unary()]

    def primary(self) -> list:
        token = self.token
        if token.kind in ("number", "string") or token.text in ("true", "false"):
            return ["lit", self.literal()]
        if token.kind == "word" and token.text == "empty":
            return self.empty()
        if token.kind == "word" and token.text not in KEYWORDS:
            return ["field", self.take().text]
        if self.accept("("):
            with self.nested():
                node = self.expression()
            self.expect(")")
            return node
        if self.accept("["):
            return ["list", self.items()]
        raise self.error()

    def empty(self) -> list:
        self.take()
        self.expect("(")
        token = self.token
        if token.kind != "word" or token.text in KEYWORDS:
            raise self.error()
        self.take()
        self.expect(")")
        return ["empty", ["field", token.text]]

    def items(self) -> list:
        items: list = []
        if self.accept("]"):
            return items
        items.append(self.literal())
        while not self.accept("]"):
            self.expect(",")
            items.append(self.literal())
        return items

    def literal(self) -> Any:
        sign = -1 if self.accept("-") else None
        token = self.token
        if token.kind == "number":
            return self.take().value * (sign or 1)
        if sign is None and token.kind == "string":
            return self.take().value
        if sign is None and token.kind == "word" and token.text in ("true", "false"):
            return self.take().text == "true"
        raise self.error()


def depth(tree: list) -> int:
    """How many nodes deep ``tree`` is."""
    children = [child for child in tree[1:] if is_node(child)] if tree[0] != "list" else []
    return 1 + max((depth(child) for child in children), default=0)


def is_node(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], str)


# Writing ------------------------------------------------------------------------------


def unparse(tree: list) -> str:
    """The canonical text of ``tree``: ``parse(unparse(tree)) == tree``."""
    op = tree[0]
    if op == "field":
        return tree[1]
    if op == "lit":
        return literal_text(tree[1])
    if op == "list":
        return "[" + ", ".join(literal_text(item) for item in tree[1]) + "]"
    if op == "empty":
        return f"empty({unparse(tree[1])})"
    if op == "not":
        return "not " + operand_text(tree[1], PRECEDENCE["not"])
    if op == "neg":
        text = operand_text(tree[1], PRECEDENCE["neg"])
        # "-3" would read back as the literal -3, not as the negation of 3.
        return "-(" + text + ")" if text[0].isdigit() else "-" + text
    level = PRECEDENCE[op]
    left = operand_text(tree[1], level + 1 if level == PRECEDENCE["=="] else level)
    return f"{left} {op} {operand_text(tree[2], level + 1)}"


def operand_text(tree: list, minimum: int) -> str:
    text = unparse(tree)
    return f"({text})" if precedence(tree) < minimum else text


def precedence(tree: list) -> int:
    if tree[0] == "lit" and is_number(tree[1]) and format_number(tree[1]).startswith("-"):
        return PRECEDENCE["neg"]
    return PRECEDENCE.get(tree[0], ATOM)


def literal_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return format_number(value)


def format_number(value: int | float) -> str:
    """``value`` as digits without an exponent, as both Python and JavaScript print it:
    the shortest text that reads back as the same number, whole numbers without ``.0``."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"Expressions hold finite numbers only, not {value!r}.")
    if value == 0:
        return "0"
    text = repr(value)
    if "e" in text:
        text = positional(text)
    return text[:-2] if text.endswith(".0") else text


def positional(text: str) -> str:
    """``1.5e-07`` as ``0.00000015``, ``1e+16`` as ``10000000000000000``."""
    mantissa, exponent = text.split("e")
    sign, mantissa = ("-", mantissa[1:]) if mantissa.startswith("-") else ("", mantissa)
    whole, _, fraction = mantissa.partition(".")
    digits, point = whole + fraction, len(whole) + int(exponent)
    if point <= 0:
        return sign + "0." + "0" * -point + digits
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return sign + digits[:point] + "." + digits[point:]


def references(tree: list) -> set[str]:
    """The names of the fields ``tree`` reads."""
    if tree[0] == "field":
        return {tree[1]}
    if tree[0] in ("lit", "list"):
        return set()
    return set().union(*(references(child) for child in tree[1:]))


# Type checking ------------------------------------------------------------------------


def kind_word(kind: str) -> dict[str, str]:
    return dict(KIND_NAMES[kind])


def infer(tree: list, types: Mapping[str, FieldType]) -> str:
    """The kind of value ``tree`` gives (one of ``KINDS``), given the fields' types.

    :raises ExpressionError: ``unknown_reference``, ``incompatible_types``,
        ``not_an_option``, ``not_boolean`` or ``not_number``.
    """
    return INFER[tree[0]](tree, types)


def infer_field(tree: list, types: Mapping[str, FieldType]) -> str:
    if tree[1] not in types:
        raise ExpressionError("unknown_reference", name=tree[1])
    return types[tree[1]].kind


def value_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "number"


def require(tree: list, types: Mapping[str, FieldType], kind: str, rule: str) -> None:
    actual = infer(tree, types)
    if actual != kind:
        raise ExpressionError(rule, expression=unparse(tree), kind=kind_word(actual))


def infer_logic(tree: list, types: Mapping[str, FieldType]) -> str:
    for child in tree[1:]:
        require(child, types, "boolean", "not_boolean")
    return "boolean"


def infer_arithmetic(tree: list, types: Mapping[str, FieldType]) -> str:
    for child in tree[1:]:
        require(child, types, "number", "not_number")
    return "number"


def infer_comparison(tree: list, types: Mapping[str, FieldType]) -> str:
    op, left, right = tree
    allowed = SCALAR_KINDS if op in ("==", "!=") else ("number", "date", "datetime")
    left_kind, right_kind = infer(left, types), infer(right, types)
    left_kind = as_date(left, right_kind) or left_kind
    right_kind = as_date(right, left_kind) or right_kind
    if left_kind != right_kind or left_kind not in allowed:
        raise incompatible(op, left_kind, right_kind)
    check_option(left, right, types)
    check_option(right, left, types)
    return "boolean"


def infer_in(tree: list, types: Mapping[str, FieldType]) -> str:
    _, left, right = tree
    left_kind, right_kind = infer(left, types), infer(right, types)
    if left_kind not in SCALAR_KINDS or right_kind != "list":
        raise incompatible("in", left_kind, right_kind)
    if right[0] != "list":
        # A list-valued field (a multiselect) holds strings.
        if left_kind != "string":
            raise incompatible("in", left_kind, "list")
        check_option(right, left, types)
    for item in right[1] if right[0] == "list" else ():
        item_kind = as_date(["lit", item], left_kind) or value_kind(item)
        if item_kind != left_kind:
            raise incompatible("in", left_kind, item_kind)
        check_option(left, ["lit", item], types)
    return "boolean"


def incompatible(op: str, left: str, right: str) -> ExpressionError:
    return ExpressionError(
        "incompatible_types", op=op, left=kind_word(left), right=kind_word(right)
    )


def as_date(tree: list, other_kind: str) -> str | None:
    """``other_kind`` when ``tree`` is a string literal written as that kind's value."""
    if tree[0] != "lit" or not isinstance(tree[1], str):
        return None
    try:
        if other_kind == "date" and DATE_TEXT.fullmatch(tree[1]):
            datetime.date.fromisoformat(tree[1])
            return "date"
        if other_kind == "datetime" and DATETIME_TEXT.fullmatch(tree[1]):
            datetime.datetime.fromisoformat(tree[1])
            return "datetime"
    except ValueError:
        return None
    return None


def check_option(field: list, literal: list, types: Mapping[str, FieldType]) -> None:
    """Refuse a string literal that the select or multiselect ``field`` cannot hold."""
    if field[0] != "field" or literal[0] != "lit" or not isinstance(literal[1], str):
        return
    options = types[field[1]].options
    if options is not None and literal[1] not in options:
        raise ExpressionError("not_an_option", name=field[1], value=literal[1])


def infer_empty(tree: list, types: Mapping[str, FieldType]) -> str:
    infer(tree[1], types)
    return "boolean"


INFER: dict[str, Callable[[list, Mapping[str, FieldType]], str]] = {
    "field": infer_field,
    "lit": lambda tree, types: value_kind(tree[1]),
    "list": lambda tree, types: "list",
    "not": infer_logic,
    "and": infer_logic,
    "or": infer_logic,
    "in": infer_in,
    "empty": infer_empty,
    "neg": infer_arithmetic,
    **dict.fromkeys(COMPARISONS, infer_comparison),
    **dict.fromkeys(ARITHMETIC, infer_arithmetic),
}


def check_condition(text: str, types: Mapping[str, FieldType]) -> list:
    """Parse and type-check a ``visible_if`` or ``required_if``; return its tree.

    :raises ExpressionError: as ``parse`` and ``infer`` do, or ``not_condition`` when the
        expression does not give yes or no.
    """
    tree = parse(text)
    kind = infer(tree, types)
    if kind != "boolean":
        raise ExpressionError("not_condition", kind=kind_word(kind))
    return tree


def check_computed(text: str, types: Mapping[str, FieldType], expected_kind: str) -> list:
    """Parse and type-check a ``computed`` expression for a field of ``expected_kind``
    (``integer`` is read as ``number``); return its tree.

    :raises ExpressionError: as ``parse`` and ``infer`` do, or ``computed_type``.
    """
    wanted = "number" if expected_kind == "integer" else expected_kind
    tree = parse(text)
    kind = infer(tree, types)
    if kind != wanted and as_date(tree, wanted) != wanted:
        raise ExpressionError("computed_type", kind=kind_word(kind), wanted=kind_word(wanted))
    return tree


def computed_order(computed: Mapping[str, set[str]]) -> list[str]:
    """The computed fields in an order that computes each after those it reads.

    :param computed: each computed field's references (other names are ignored).
    :raises ExpressionError: ``computed_cycle`` naming the cycle, as ``a → b → a``.
    """
    order: list[str] = []
    path: list[str] = []

    def visit(name: str) -> None:
        if name in path:
            cycle = path[path.index(name) :] + [name]
            raise ExpressionError("computed_cycle", names=" → ".join(cycle))
        if name in order:
            return
        path.append(name)
        for reference in sorted(computed[name]):
            if reference in computed:
                visit(reference)
        path.pop()
        order.append(name)

    for name in computed:
        visit(name)
    return order


# Evaluation ---------------------------------------------------------------------------


def evaluate(tree: list, values: Mapping[str, Any]) -> Any:
    """The value of ``tree`` for the answers ``values``.

    A missing answer (absent or ``None``) makes ``==`` false, ``!=`` true, ``< <= > >=``
    and ``in`` false, arithmetic ``None``; ``and``, ``or`` and ``not`` count anything but
    ``True`` as false; division by zero gives ``None``. Dates compare as ISO strings.
    Whole results of arithmetic are ``int``.
    """
    return EVALUATE[tree[0]](tree, values)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float)


def as_float(value: int | float) -> float:
    # Arithmetic in doubles gives the browser's results exactly.
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def equal(left: Any, right: Any) -> bool:
    if not (is_scalar(left) and is_scalar(right)):
        return False
    if is_number(left) and is_number(right):
        return as_float(left) == as_float(right)
    return type(left) is type(right) and left == right


ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
ARITHMETIC_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def compare(op: str, left: Any, right: Any) -> bool:
    if is_number(left) and is_number(right):
        return ORDER[op](as_float(left), as_float(right))
    return isinstance(left, str) and isinstance(right, str) and ORDER[op](left, right)


def number(value: float) -> int | float | None:
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


def calculate(op: str, left: Any, right: Any) -> int | float | None:
    if not (is_number(left) and is_number(right)):
        return None
    left, right = as_float(left), as_float(right)
    if op == "/" and right == 0:
        return None
    return number(ARITHMETIC_OPS[op](left, right))


def member(item: Any, items: Any) -> bool:
    return isinstance(items, list) and is_scalar(item) and any(equal(item, i) for i in items)


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


def binary(function: Callable[[str, Any, Any], Any]) -> Callable[[list, Mapping], Any]:
    return lambda tree, values: function(
        tree[0], evaluate(tree[1], values), evaluate(tree[2], values)
    )


EVALUATE: dict[str, Callable[[list, Mapping[str, Any]], Any]] = {
    "field": lambda tree, values: values.get(tree[1]),
    "lit": lambda tree, values: tree[1],
    "list": lambda tree, values: list(tree[1]),
    "not": lambda tree, values: evaluate(tree[1], values) is not True,
    "and": lambda tree, values: all(evaluate(child, values) is True for child in tree[1:]),
    "or": lambda tree, values: any(evaluate(child, values) is True for child in tree[1:]),
    "==": binary(lambda op, left, right: equal(left, right)),
    "!=": binary(lambda op, left, right: not equal(left, right)),
    **dict.fromkeys(ORDER, binary(compare)),
    "in": binary(lambda op, left, right: member(left, right)),
    "empty": lambda tree, values: is_empty(evaluate(tree[1], values)),
    **dict.fromkeys(ARITHMETIC, binary(calculate)),
    "neg": lambda tree, values: calculate("-", 0, evaluate(tree[1], values)),
}


# JSON Schema ------------------------------------------------------------------------

#: Bounds of ``field <op> number`` in JSON Schema.
BOUNDS = {"<": "exclusiveMaximum", "<=": "maximum", ">": "exclusiveMinimum", ">=": "minimum"}
FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def to_json_schema(tree: list, local_names: set[str]) -> dict | None:
    """A JSON Schema (Draft 2020-12) that an answers object satisfies exactly when
    ``evaluate(tree, answers)`` is ``True``.

    The answers' keys are among ``local_names``, blank answers (``None``, ``""``, ``[]``,
    ``{}``) already dropped, so a present key is an answer. Returns ``None`` when
    ``tree`` names a field outside ``local_names``, compares two fields, or computes with
    a field: the server's own evaluation enforces those.
    """
    if not references(tree) <= set(local_names):
        return None
    return holds(tree)


def never() -> dict:
    return {"not": {}}


def about(name: str, schema: dict) -> dict:
    return {"required": [name], "properties": {name: schema}}


def holds(tree: list) -> dict | None:
    """A schema for ``evaluate(tree, answers) is True``, or ``None``."""
    if not references(tree):
        return {} if evaluate(tree, {}) is True else never()
    op = tree[0]
    if op == "field":
        return about(tree[1], {"const": True})
    if op == "empty" and tree[1][0] == "field":
        return {"not": {"required": [tree[1][1]]}}
    if op == "not":
        inner = holds(tree[1])
        return None if inner is None else {"not": inner}
    if op in ("and", "or"):
        return combined("allOf" if op == "and" else "anyOf", [holds(c) for c in tree[1:]])
    if op in COMPARISONS or op == "in":
        return comparison_schema(tree)
    return None


def combined(keyword: str, parts: list[dict | None]) -> dict | None:
    if any(part is None for part in parts):
        return None
    flat: list[dict] = []
    for part in parts:
        flat.extend(part[keyword] if list(part) == [keyword] else [part])
    return {keyword: flat}


def comparison_schema(tree: list) -> dict | None:
    op, left, right = tree
    if left[0] == "field" and not references(right):
        name, value = left[1], evaluate(right, {})
    elif right[0] == "field" and not references(left):
        name, value, op = right[1], evaluate(left, {}), FLIPPED.get(op, "contains")
    else:
        return None
    if op in ("==", "!="):
        same = about(name, {"const": value}) if is_scalar(value) else never()
        return same if op == "==" else {"not": same}
    if op == "in":
        items = [item for item in value if is_scalar(item)] if isinstance(value, list) else []
        return about(name, {"enum": items}) if items else never()
    if op == "contains":
        if not is_scalar(value):
            return never()
        return about(name, {"type": "array", "contains": {"const": value}})
    return ordering_schema(op, name, value)


def ordering_schema(op: str, name: str, value: Any) -> dict | None:
    if is_number(value):
        return about(name, {"type": "number", BOUNDS[op]: value})
    if not isinstance(value, str):
        return never()
    if any(ord(char) > 0xFFFF for char in value):
        return None
    if op in ("<", "<="):
        return about(name, {"type": "string", **below(value, op == "<=")})
    return about(name, {"type": "string", "not": below(value, op == ">")})


def below(text: str, inclusive: bool) -> dict:
    """Strings that sort before ``text`` (or equal it, if ``inclusive``): its proper
    prefixes, and those that differ first by a smaller character. Patterns use only
    ``^``, classes and ``\\u`` escapes of four hex digits, which Python, ECMAScript
    and Rust read alike."""
    prefixes = [text[:index] for index in range(len(text))] + ([text] if inclusive else [])
    patterns = [
        "^" + "".join(map(regex_char, text[:index])) + f"[\\u0000-{regex_char(chr(ord(c) - 1))}]"
        for index, c in enumerate(text)
        if c != "\0"
    ]
    options = ([{"enum": prefixes}] if prefixes else []) + (
        [{"pattern": "|".join(patterns)}] if patterns else []
    )
    return {"anyOf": options} if options else never()


def regex_char(char: str) -> str:
    if char.isascii() and char.isalnum():
        return char
    return f"\\u{ord(char):04x}"


# Readable text ------------------------------------------------------------------------

#: Phrases of ``describe``; ``{0}`` and ``{1}`` are the left and right operands.
PHRASES = {
    "zh_CN": {
        "==": "{0} 等于 {1}",
        "!=": "{0} 不等于 {1}",
        "<": "{0} 小于 {1}",
        "<=": "{0} 小于或等于 {1}",
        ">": "{0} 大于 {1}",
        ">=": "{0} 大于或等于 {1}",
        "date<": "{0} 早于 {1}",
        "date<=": "{0} 不晚于 {1}",
        "date>": "{0} 晚于 {1}",
        "date>=": "{0} 不早于 {1}",
        "in": "{0} 属于 {1}",
        "in_list": "{0} 是 {1} 之一",
        "in_field": "{1} 包含 {0}",
        "empty": "{0} 为空",
        "not_empty": "{0} 不为空",
        "true": "{0} 为“是”",
        "not_true": "{0} 不为“是”",
        "not": "并非（{0}）",
        "group": "（{0}）",
        "and": " 且 ",
        "or": " 或 ",
        "separator": "、",
        "yes": "是",
        "no": "否",
    },
    "en": {
        "==": "{0} is {1}",
        "!=": "{0} is not {1}",
        "<": "{0} is less than {1}",
        "<=": "{0} is at most {1}",
        ">": "{0} is greater than {1}",
        ">=": "{0} is at least {1}",
        "date<": "{0} is before {1}",
        "date<=": "{0} is on or before {1}",
        "date>": "{0} is after {1}",
        "date>=": "{0} is on or after {1}",
        "in": "{0} is in {1}",
        "in_list": "{0} is one of {1}",
        "in_field": "{1} includes {0}",
        "empty": "{0} is empty",
        "not_empty": "{0} is not empty",
        "true": "{0} is “yes”",
        "not_true": "{0} is not “yes”",
        "not": "not ({0})",
        "group": "({0})",
        "and": " and ",
        "or": " or ",
        "separator": ", ",
        "yes": "yes",
        "no": "no",
    },
}
SYMBOLS = {"+": "+", "-": "-", "*": "×", "/": "÷"}


@dataclass(frozen=True)
class Describer:
    labels: Mapping[str, str]
    phrases: Mapping[str, str]
    option_labels: Mapping[str, Mapping[str, str]]

    def text(self, tree: list, options: str | None = None, logical: bool = False) -> str:
        """``tree`` in words; ``options`` names the field whose option labels show its
        string literals; ``logical`` says that a bare field stands for a yes-or-no."""
        op = tree[0]
        if op == "field":
            label = self.labels.get(tree[1], tree[1])
            return self.phrases["true"].format(label) if logical else label
        if op == "lit":
            return self.value(tree[1], options)
        if op == "list":
            items = (self.value(item, options) for item in tree[1])
            return self.phrases["separator"].join(items)
        if op == "empty":
            return self.phrases["empty"].format(self.text(tree[1]))
        if op == "not":
            return self.negation(tree[1])
        if op in ("and", "or"):
            parts = (self.part(child, op) for child in tree[1:])
            return self.phrases[op].join(parts)
        if op in COMPARISONS or op == "in":
            return self.comparison(tree)
        return self.arithmetic(tree)

    def value(self, value: Any, options: str | None) -> str:
        if isinstance(value, bool):
            return "“" + self.phrases["yes" if value else "no"] + "”"
        if isinstance(value, str):
            return "“" + self.option_labels.get(options or "", {}).get(value, value) + "”"
        return format_number(value)

    def negation(self, inner: list) -> str:
        if inner[0] == "empty":
            return self.phrases["not_empty"].format(self.text(inner[1]))
        if inner[0] == "field":
            return self.phrases["not_true"].format(self.text(inner))
        if inner[0] in ("==", "!="):
            return self.comparison(["!=" if inner[0] == "==" else "==", *inner[1:]])
        return self.phrases["not"].format(self.text(inner, logical=True))

    def part(self, child: list, op: str) -> str:
        text = self.text(child, logical=True)
        mixed = child[0] in ("and", "or") and child[0] != op
        return self.phrases["group"].format(text) if mixed else text

    def comparison(self, tree: list) -> str:
        op, left, right = tree
        left_text = self.operand(left, PRECEDENCE["+"], field_name(right))
        right_text = self.operand(right, PRECEDENCE["+"], field_name(left))
        if op in ORDER and (is_text_literal(left) or is_text_literal(right)):
            op = "date" + op  # Only dates and times are ordered as text.
        elif op == "in" and right[0] == "list":
            op = "in_list"
        elif op == "in" and right[0] == "field":
            op = "in_field"
        return self.phrases[op].format(left_text, right_text)

    def arithmetic(self, tree: list) -> str:
        if tree[0] == "neg":
            return "-" + self.operand(tree[1], PRECEDENCE["neg"])
        level = PRECEDENCE[tree[0]]
        left = self.operand(tree[1], level)
        return f"{left} {SYMBOLS[tree[0]]} {self.operand(tree[2], level + 1)}"

    def operand(self, tree: list, minimum: int, options: str | None = None) -> str:
        text = self.text(tree, options)
        return self.phrases["group"].format(text) if precedence(tree) < minimum else text


def is_text_literal(tree: list) -> bool:
    return tree[0] == "lit" and isinstance(tree[1], str)


def field_name(tree: list) -> str | None:
    return tree[1] if tree[0] == "field" else None


def describe(
    tree: list,
    labels: Mapping[str, str],
    locale: str,
    option_labels: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """``tree`` as a sentence in ``locale`` (``zh_CN`` or ``en``) for a form's designer:
    ``类别 等于 “水” 且 排口数量 大于 2`` / ``Category is “water” and Outlet count is
    greater than 2``.

    :param labels: field names to labels in ``locale``; a field without one shows its name.
    :param option_labels: per field, option values to labels, shown instead of the values.
    :raises ValueError: if ``locale`` is not supported.
    """
    if locale not in PHRASES:
        raise ValueError(f"Unsupported locale {locale!r}; use one of {tuple(PHRASES)}.")
    return Describer(labels, PHRASES[locale], option_labels or {}).text(tree)
