"""Draft answers fitted to a form's fields: unknown keys and wrong shapes left out, at
their paths, at every level."""

from services.forms.domain.drafts import fitted, labels_of
from services.forms.domain.errors import FieldError, path_label


def label(en: str) -> dict:
    return {"zh_CN": en, "en": en}


FIELDS = [
    {"name": "intro", "type": "section", "label": label("Intro")},
    {"name": "subject", "type": "text", "label": label("Subject")},
    {
        "name": "site",
        "type": "group",
        "label": label("Site"),
        "fields": [{"name": "address", "type": "text", "label": label("Address")}],
    },
    {
        "name": "outlets",
        "type": "group",
        "label": label("Outlets"),
        "repeat": True,
        "fields": [{"name": "flow", "type": "number", "label": label("Flow")}],
    },
]
DEFINITION = {"key": "k", "title": label("Report"), "fields": FIELDS}


def test_answers_the_form_has_fields_for_are_kept_as_they_are_even_when_invalid():
    answers = {
        "subject": 42,
        "site": {"address": ""},
        "outlets": [{"flow": "much"}, {}],
    }

    assert fitted(answers, FIELDS) == (answers, [])


def test_keys_the_form_lacks_are_left_out_at_every_level_with_their_paths():
    answers = {
        "subject": "x",
        "colour": "red",
        "intro": "a section has no answer",
        "site": {"address": "a", "floor": 3},
        "outlets": [{"flow": 1}, {"flow": 2, "hours": 8}],
    }

    kept, left_out = fitted(answers, FIELDS)

    assert kept == {"subject": "x", "site": {"address": "a"}, "outlets": [{"flow": 1}, {"flow": 2}]}
    assert left_out == [
        FieldError("colour", "unknown_field"),
        FieldError("intro", "unknown_field"),
        FieldError("site.floor", "unknown_field"),
        FieldError("outlets.1.hours", "unknown_field"),
    ]


def test_a_group_not_answered_by_an_object_is_left_out_as_the_wrong_type():
    kept, left_out = fitted({"site": "Main street", "outlets": {"flow": 1}}, FIELDS)

    assert kept == {}
    assert left_out == [
        FieldError("site", "type", {"expected": "object"}),
        FieldError("outlets", "type", {"expected": "array"}),
    ]


def test_a_row_that_is_not_an_object_is_emptied_so_later_rows_keep_their_numbers():
    kept, left_out = fitted({"outlets": ["first", {"flow": 2}]}, FIELDS)

    assert kept == {"outlets": [{}, {"flow": 2}]}
    assert left_out == [FieldError("outlets.0", "type", {"expected": "object"})]


def test_a_null_group_answer_is_kept_as_no_answer():
    assert fitted({"site": None}, FIELDS) == ({"site": None}, [])


def test_left_out_answers_are_named_by_the_labels_of_their_version():
    labels = labels_of(DEFINITION)

    assert path_label("outlets.2.flow", labels, "en") == "Outlets, row 3, Flow"
    assert path_label("site.address", labels, "en") == "Address"
    assert labels[""] == label("Report")
