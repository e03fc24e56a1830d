"""Filing once: a request repeated with its Idempotency-Key within 24 hours is answered
with the submission the first one filed."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from services.forms import handlers
from services.forms.adapters import orm
from tests.service.forms.test_county_override import ANSWERS

BODY = {"form": "enterprise-request", "answers": ANSWERS}
OUTBOX = orm.messaging_tables[0]


def file(client, key: str, body: dict = BODY):
    return client.post("/forms/api/submissions", json=body, headers={"Idempotency-Key": key})


def stored(seeded) -> tuple[int, int]:
    """How many submissions forms holds, and how many events announcing one."""
    received = OUTBOX.c.routing_key == "forms.submission.received"
    with seeded.runtimes["forms"].engine.connect() as conn:
        count = select(func.count())
        submissions = conn.execute(count.select_from(orm.submissions)).scalar_one()
        events = conn.execute(count.select_from(OUTBOX).where(received)).scalar_one()
    return submissions, events


def age_keys(seeded, age: timedelta) -> None:
    """Make every stored key look ``age`` old."""
    with seeded.runtimes["forms"].engine.begin() as conn:
        conn.execute(update(orm.submission_keys).values(created_at=handlers.now() - age))


def same_submission(one: dict, other: dict) -> bool:
    """Whether two answers name the same stored submission (SQLite gives back the time
    without its zone, so ``created_at`` is left out)."""
    fields = ("id", "acceptance_number", "version", "data")
    return [one[name] for name in fields] == [other[name] for name in fields]


def test_a_request_repeated_with_its_key_returns_the_first_submission(web, seeded):
    enterprise, key = web("qiantang"), str(uuid.uuid4())
    first = file(enterprise, key)
    again = file(enterprise, key)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert same_submission(again.json, first.json)
    assert stored(seeded) == (1, 1)


def test_a_repeated_request_opens_no_second_ticket(web, seeded):
    key = str(uuid.uuid4())
    filed = file(web("qiantang"), key).json
    file(web("qiantang"), key)
    seeded.drain()

    tickets = web("qiantang").get("/workflow/api/tickets").json
    numbers = [t["acceptance_number"] for t in tickets]
    assert numbers.count(filed["acceptance_number"]) == 1 and len(tickets) == 1


@pytest.mark.parametrize(
    "body",
    [
        {**BODY, "answers": {**ANSWERS, "details": "另一件事。"}},
        {**BODY, "answers": {**ANSWERS, "contact_phone": "138 1234 5678"}},  # as posted
        {**BODY, "form": "another-form"},
    ],
    ids=["other answers", "the same answers written otherwise", "another form"],
)
def test_a_key_reused_for_another_request_is_a_409_and_stores_nothing(web, seeded, body):
    key = str(uuid.uuid4())
    file(web("qiantang"), key)

    refused = file(web("qiantang"), key, body)

    assert refused.status_code == 409
    assert refused.json["errors"]["Idempotency-Key"] == [
        "This Idempotency-Key was used within the last 24 hours for a different request "
        "(another form or other answers); use a new key for a new request."
    ]
    assert stored(seeded) == (1, 1)


def test_the_reused_key_is_refused_in_chinese_for_a_chinese_reader(web, seeded):
    key = str(uuid.uuid4())
    file(web("qiantang", language="zh-CN"), key)
    changed = {**BODY, "answers": {**ANSWERS, "details": "另一件事。"}}

    refused = file(web("qiantang", language="zh-CN"), key, changed)

    assert refused.status_code == 409
    assert refused.json["errors"]["Idempotency-Key"] == [
        "该 Idempotency-Key 在 24 小时内已用于另一份申请（表单或回答不同），新的申请请换用新的键。"
    ]


@pytest.mark.parametrize(
    "key",
    ["", "x" * 201, "two words", "tab\tinside", "ключ", "\x7f"],
    ids=["empty", "201 characters", "a space", "a tab", "not ASCII", "DEL"],
)
def test_a_key_that_is_not_1_to_200_visible_ascii_characters_is_a_400_storing_nothing(
    web, seeded, key
):
    refused = file(web("qiantang"), key)

    assert refused.status_code == 400
    assert refused.json["errors"] == {
        "Idempotency-Key": [
            "Idempotency-Key must be 1 to 200 visible ASCII characters (no spaces)."
        ]
    }
    assert stored(seeded) == (0, 0)


def test_the_key_rule_is_explained_in_chinese_too(web, seeded):
    refused = file(web("qiantang", language="zh-CN"), "two words")
    assert refused.json["errors"]["Idempotency-Key"] == [
        "Idempotency-Key 必须是 1 到 200 个可见 ASCII 字符（不含空格）。"
    ]


def test_a_200_character_key_of_every_visible_character_is_accepted(web, seeded):
    visible = "".join(chr(code) for code in range(0x21, 0x7F))
    assert file(web("qiantang"), (visible * 3)[:200]).status_code == 201


def test_the_same_key_of_two_users_files_twice(web, seeded):
    key = str(uuid.uuid4())
    first, other = file(web("qiantang"), key), file(web("xixi"), key)

    assert (first.status_code, other.status_code) == (201, 201)
    assert first.json["acceptance_number"] != other.json["acceptance_number"]
    assert stored(seeded) == (2, 2)


def test_a_key_may_name_a_new_request_after_24_hours(web, seeded):
    key = str(uuid.uuid4())
    first = file(web("qiantang"), key).json
    age_keys(seeded, timedelta(hours=24, seconds=1))

    new_request = {**BODY, "answers": {**ANSWERS, "details": "新的事。"}}
    later = file(web("qiantang"), key, new_request)

    assert later.status_code == 201
    assert later.json["acceptance_number"] != first["acceptance_number"]
    assert same_submission(file(web("qiantang"), key, new_request).json, later.json)
    assert stored(seeded) == (2, 2)


def test_a_key_just_under_24_hours_old_still_returns_the_first_submission(web, seeded):
    key = str(uuid.uuid4())
    first = file(web("qiantang"), key).json
    age_keys(seeded, timedelta(hours=23, minutes=59))

    assert same_submission(file(web("qiantang"), key).json, first)


def test_the_sweep_forgets_keys_past_24_hours_and_keeps_younger_ones(web, seeded):
    old, young = str(uuid.uuid4()), str(uuid.uuid4())
    file(web("qiantang"), old)
    age_keys(seeded, timedelta(hours=24, seconds=1))
    file(web("qiantang"), young, {**BODY, "answers": {**ANSWERS, "details": "另一件事。"}})

    with seeded.runtimes["forms"].uow() as uow:
        forgotten = handlers.forget_expired_keys(uow)

    with seeded.runtimes["forms"].engine.connect() as conn:
        kept = conn.execute(select(orm.submission_keys.c.key)).scalars().all()
    assert (forgotten, kept) == (1, [young])


def test_requests_without_a_key_each_file_a_submission(web, seeded):
    enterprise = web("qiantang")
    for _ in range(2):
        assert enterprise.post("/forms/api/submissions", json=BODY).status_code == 201
    assert stored(seeded) == (2, 2)


def test_the_api_documents_the_header_and_the_replay_and_conflict_answers(web, seeded):
    spec = web().get("/forms/api/openapi.json").json
    operation = spec["paths"]["/forms/api/submissions"]["post"]

    header = next(p for p in operation["parameters"] if p["in"] == "header")
    assert header["name"] == "Idempotency-Key" and not header.get("required")
    assert "Idempotent-Replayed" in operation["responses"]["200"]["headers"]
    assert {"201", "200", "400", "409"} <= set(operation["responses"])
