"""A form's conditions and computed values, applied to a submission's answers.

The server decides, whatever the browser showed: a computed field gets the value its
expression gives (what was posted for it is replaced), a hidden field (its
``visible_if`` false, or its section's or group's) is dropped, and a visible field that
is required, or whose ``required_if`` holds, must have an answer. Hiding one field can
hide another whose condition names it, so visibility is settled by repeating the
evaluation until it no longer changes.

Fields outside repeating groups share one scope (names are unique in a form); each row
of a repeating group sees its own fields over that scope.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from services.forms.domain import expressions
from services.forms.domain.errors import FieldError
from services.forms.domain.layout import GROUP, answered, is_repeating, section_of


@dataclass
class Rule:
    """What decides one field's fate: where it is and its parsed conditions."""

    field: dict
    #: The non-repeating group the field is in, or None at the top level.
    group: str | None = None
    #: Conditions that must all hold for it to show: its section's and its own.
    visible: list = field(default_factory=list)
    required_if: list | None = None
    computed: list | None = None

    @property
    def name(self) -> str:
        return self.field["name"]

    @property
    def references(self) -> set[str]:
        return expressions.references(self.computed) if self.computed is not None else set()

    @classmethod
    def of(cls, field: dict, group: str | None = None, outer: list[str] = ()) -> Rule:
        texts = [*outer, field["visible_if"]] if "visible_if" in field else list(outer)
        return cls(
            field=field,
            group=group,
            visible=[expressions.parse(text) for text in texts],
            required_if=_parsed(field.get("required_if")),
            computed=_parsed(field.get("computed")),
        )


def _parsed(text: str | None) -> list | None:
    return expressions.parse(text) if text else None


def holds(tree: list, env: dict) -> bool:
    """Whether a condition holds; a missing answer makes it false, not an error."""
    return expressions.evaluate(tree, env) is True


class Scope:
    """The rules of fields evaluated together, with their computed fields in order."""

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        computed = {rule.name: rule for rule in rules if rule.computed is not None}
        depends = {
            name: expressions.references(rule.computed) & computed.keys()
            for name, rule in computed.items()
        }
        self.computed = [computed[name] for name in expressions.computed_order(depends)]

    def settle(self, given: dict, base: dict) -> tuple[set[str], dict, dict]:
        """Hidden names, computed values and the final environment for ``given`` answers
        (by name) over ``base`` (the outer scope's values)."""
        hidden: set[str] = set()
        for _ in range(len(self.rules) + 1):
            env = {**base, **{k: v for k, v in given.items() if k not in hidden}}
            values = self._compute(env, hidden)
            now_hidden = self._hidden(env)
            if now_hidden == hidden:
                return hidden, values, env
            hidden = now_hidden
        return hidden, values, env

    def _compute(self, env: dict, hidden: set[str]) -> dict:
        values = {}
        for rule in self.computed:
            env.pop(rule.name, None)
            if rule.name in hidden:
                continue
            value = None
            # A value computed from missing answers would mislead: it is left out.
            if all(env.get(name) is not None for name in rule.references):
                value = coerce(rule.field["type"], expressions.evaluate(rule.computed, env))
            values[rule.name] = value
            if value is not None:
                env[rule.name] = value
        return values

    def _hidden(self, env: dict) -> set[str]:
        hidden: set[str] = set()
        for rule in self.rules:
            if rule.group in hidden or not all(holds(tree, env) for tree in rule.visible):
                hidden.add(rule.name)
        return hidden

    def missing(self, env: dict, hidden: set[str], present) -> Iterator[tuple[Rule, str, dict]]:
        """The visible rules that need an answer and have none (``present(rule)`` says),
        with the rule broken: ``required``, or ``min_rows`` for rows of a repeating group."""
        for rule in self.rules:
            if rule.name in hidden or rule.computed is not None or present(rule):
                continue
            min_rows = rule.field.get("min_rows", 0) if is_repeating(rule.field) else 0
            if min_rows:
                yield rule, "min_rows", {"limit": min_rows}
            elif rule.field.get("required", False) or (
                rule.required_if is not None and holds(rule.required_if, env)
            ):
                yield rule, "required", {}


def coerce(kind: str, value):
    """A computed value as its field stores it: whole numbers of integer fields as ints."""
    if kind == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass
class Applied:
    """Answers with the form's logic applied, and the paths of missing required answers."""

    answers: dict
    missing: list[FieldError]


class FormLogic:
    """The conditions and computed values of one definition, parsed once."""

    def __init__(self, definition: dict):
        fields = definition["fields"]
        sections = section_of(fields)
        outer_rules, self.rows = [], {}
        for top in answered(fields):
            section = sections.get(top["name"], {})
            outer = [section["visible_if"]] if "visible_if" in section else []
            outer_rules.append(Rule.of(top, None, outer))
            if top["type"] != GROUP:
                continue
            if is_repeating(top):
                self.rows[top["name"]] = Scope([Rule.of(child) for child in top["fields"]])
            else:
                outer_rules.extend(Rule.of(child, top["name"]) for child in top["fields"])
        self.outer = Scope(outer_rules)
        #: Without conditions or computed values, the logic changes no answer.
        self.is_plain = not any(
            rule.visible or rule.required_if or rule.computed
            for scope in (self.outer, *self.rows.values())
            for rule in scope.rules
        )

    def apply(self, answers: dict) -> Applied:
        """Apply the logic to normalised answers (a dict); returns a new dict."""
        result = {k: dict(v) if isinstance(v, dict) else v for k, v in answers.items()}
        given = self._outer_values(result)
        hidden, computed, env = self.outer.settle(given, {})
        for rule in self.outer.rules:
            _place(result, rule, rule.name in hidden, computed.get(rule.name))
        missing = [
            FieldError(_path(rule.group, rule.name), broken, params)
            for rule, broken, params in self.outer.missing(
                env, hidden, lambda r: _present(result, r)
            )
        ]
        for name, scope in self.rows.items():
            if isinstance(result.get(name), list):
                result[name], row_missing = self._rows(name, scope, result[name], env)
                missing.extend(row_missing)
        return Applied(result, missing)

    def _rows(
        self, name: str, scope: Scope, rows: list, env: dict
    ) -> tuple[list, list[FieldError]]:
        settled, missing = [], []
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                settled.append(row)
                continue
            row = dict(row)
            hidden, computed, row_env = scope.settle(row, env)
            for rule in scope.rules:
                if rule.name in hidden or rule.computed is not None:
                    row.pop(rule.name, None)
                if rule.name in computed and computed[rule.name] is not None:
                    row[rule.name] = computed[rule.name]
            missing.extend(
                FieldError(f"{name}.{index}.{rule.name}", broken, params)
                for rule, broken, params in scope.missing(
                    row_env, hidden, lambda r, row=row: r.name in row
                )
            )
            settled.append(row)
        return settled, missing

    def _outer_values(self, answers: dict) -> dict:
        values = dict(answers)
        for rule in self.outer.rules:
            if rule.group and isinstance(answers.get(rule.group), dict):
                if rule.name in answers[rule.group]:
                    values[rule.name] = answers[rule.group][rule.name]
        return values


def _place(answers: dict, rule: Rule, hidden: bool, computed_value) -> None:
    """Drop a hidden field's answer and whatever was posted for a computed one; store a
    computed value."""
    container = answers if rule.group is None else answers.get(rule.group)
    if not isinstance(container, dict):
        return
    if hidden or rule.computed is not None:
        container.pop(rule.name, None)
    if not hidden and computed_value is not None:
        container[rule.name] = computed_value
    if rule.group is not None and not container:
        answers.pop(rule.group, None)


def _present(answers: dict, rule: Rule) -> bool:
    container = answers if rule.group is None else answers.get(rule.group)
    return isinstance(container, dict) and rule.name in container


def _path(group: str | None, name: str) -> str:
    return f"{group}.{name}" if group else name
