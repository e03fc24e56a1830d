"""Idempotency keys: the rule a key must follow, and what counts as the same request."""

from datetime import UTC, datetime

import pytest

from services.forms.domain.errors import InvalidIdempotencyKey
from services.forms.domain.idempotency import KEY_LIFETIME, request_hash, submission_key

AT = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
ANSWERS = {"subject": "排污许可证延续", "topics": ["air", "water"], "employees": 120}


def key_of(key, form="enterprise-request", answers=ANSWERS):
    return submission_key(key, "person-1", form, answers, AT)


def test_no_key_means_no_idempotency():
    assert key_of(None) is None


@pytest.mark.parametrize("key", ["a", "x" * 200, "!~", "3f2b8c1e-5d4a-4b7e-9a1c-0d2e4f6a8b9c"])
def test_one_to_two_hundred_visible_ascii_characters_make_a_key(key):
    assert key_of(key).key == key


@pytest.mark.parametrize("key", ["", "x" * 201, "a b", "a\tb", "a\nb", "\x7f", "键", "é"])
def test_anything_else_is_refused_naming_the_header_and_the_rule(key):
    with pytest.raises(InvalidIdempotencyKey) as refused:
        key_of(key)
    assert (refused.value.field, refused.value.rule, refused.value.status) == (
        "Idempotency-Key",
        "format",
        400,
    )


def test_the_request_hash_ignores_the_order_of_the_answers():
    reordered = dict(reversed(list(ANSWERS.items())))
    assert request_hash("enterprise-request", reordered) == request_hash(
        "enterprise-request", ANSWERS
    )


@pytest.mark.parametrize(
    "form, answers",
    [
        ("other-form", ANSWERS),
        ("enterprise-request", {**ANSWERS, "employees": 121}),
        ("enterprise-request", {**ANSWERS, "employees": "120"}),  # as posted, not as meant
        ("enterprise-request", {**ANSWERS, "topics": ["water", "air"]}),
    ],
)
def test_another_form_or_other_answers_make_another_request(form, answers):
    assert key_of("k", form, answers).request_hash != key_of("k").request_hash


def test_the_request_hash_is_the_sha256_of_the_canonical_json():
    # printf '%s' '{"answers":{"a":"é","b":1},"form":"f"}' | sha256sum
    expected = "67b77ebdf7af85225eb2786595011894a616f08b6558d9cb587a8a86d9a96399"
    assert request_hash("f", {"b": 1, "a": "é"}) == expected


def test_a_key_stops_standing_for_its_request_24_hours_after_it_was_stored():
    assert key_of("k").expired_before == AT - KEY_LIFETIME
    assert KEY_LIFETIME.total_seconds() == 24 * 3600
