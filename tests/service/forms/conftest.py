"""Rendering the forms' templates outside a request of the intake page."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from flask import render_template_string

#: A form of format v2 with a field of every type, two sections, a group, a repeating
#: group, a condition and computed values.
OUTLET_REPORT = json.loads(
    (Path(__file__).parents[2] / "data" / "forms" / "outlet-report.json").read_text("utf-8")
)

FIELDS = (
    '{% from "forms/_fields.html" import form_fields %}'
    "{{ form_fields(definition, answers, errors) }}"
)
ANSWERS = (
    '{% from "forms/_answers.html" import answers_table %}{{ answers_table(definition, answers) }}'
)


@pytest.fixture
def outlet_report() -> dict:
    return copy.deepcopy(OUTLET_REPORT)


@pytest.fixture(scope="session")
def forms_app(tmp_path_factory):
    """The forms app on an empty database: enough to render templates."""
    from services.forms.app import create_app
    from shared.testing.plugin import embedded_settings

    return create_app(embedded_settings(tmp_path_factory.mktemp("forms") / "var"))


@pytest.fixture
def render_fields(forms_app):
    """``render_fields(definition, answers, errors, lang)``: the fields' HTML."""
    app = forms_app

    def render(definition, answers=None, errors=None, lang="en") -> str:
        with app.test_request_context(f"/forms/fill/x?lang={lang}"):
            return render_template_string(
                FIELDS, definition=definition, answers=answers or {}, errors=errors or {}
            )

    return render


@pytest.fixture
def render_answers(forms_app):
    """``render_answers(definition, answers, lang)``: the receipt's table of answers."""
    app = forms_app

    def render(definition, answers, lang="en") -> str:
        with app.test_request_context(f"/forms/submissions/x?lang={lang}"):
            return render_template_string(ANSWERS, definition=definition, answers=answers)

    return render
