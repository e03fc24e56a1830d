"""Turns an HTML form post into answers of the definition's types."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

BOOLEAN_VALUES = {"true": True, "false": False}


def answers_from_form(definition: dict, form: MultiDict) -> dict:
    """Answers keyed by field name; the domain validator cleans and checks them."""
    answers = {}
    for field in definition["fields"]:
        name, kind = field["name"], field["type"]
        if kind == "multiselect":
            answers[name] = form.getlist(name)
        elif kind == "boolean":
            answers[name] = BOOLEAN_VALUES.get(form.get(name, ""), form.get(name))
        else:
            answers[name] = form.get(name, "")
    return answers
