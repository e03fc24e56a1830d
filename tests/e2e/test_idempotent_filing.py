"""Ten requests racing with one Idempotency-Key, over HTTP to the distributed layout
(gunicorn processes of forms, PostgreSQL, RabbitMQ, workflow's worker): one submission,
one acceptance number for all ten, and exactly one ticket."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.api_client import (
    PROVINCE_FORM,
    poll,
    province_answers,
    stays_falsy,
    unique,
)

pytestmark = pytest.mark.e2e

RACERS = 10
#: Seconds to watch that no second ticket turns up.
QUIET_PERIOD = 3


def test_ten_requests_racing_with_one_key_open_exactly_one_ticket(people):
    # Given ten clients of one enterprise user, each to send the same request and key
    enterprise = people["qiantang"]
    clients = [enterprise.twin() for _ in range(RACERS)]
    body = {"form": PROVINCE_FORM, "answers": province_answers(unique("Raced request"))}
    headers, start = {"Idempotency-Key": str(uuid.uuid4())}, threading.Barrier(RACERS)

    def send(client):
        start.wait()
        return client.post("/forms/api/submissions", json=body, headers=headers)

    # When they send it at once
    with ThreadPoolExecutor(RACERS) as pool:
        responses = list(pool.map(send, clients))

    # Then one filed it, the other nine were answered with its submission
    assert sorted(r.status_code for r in responses) == [200] * 9 + [201], [
        r.text for r in responses
    ]
    assert [r.headers.get("Idempotent-Replayed") for r in responses].count("true") == 9
    number = {r.json()["acceptance_number"] for r in responses}
    assert len(number) == 1
    # And the enterprise's ticket list holds exactly one ticket of that acceptance number
    (acceptance_number,) = number

    def tickets():
        listed = enterprise.json("/workflow/api/tickets")
        return [t for t in listed if t["acceptance_number"] == acceptance_number]

    assert len(poll(tickets)) == 1
    assert stays_falsy(lambda: len(tickets()) > 1, seconds=QUIET_PERIOD)
    subject = body["answers"]["subject"]
    mine = enterprise.json("/forms/api/submissions")
    assert [s["acceptance_number"] for s in mine if s["data"].get("subject") == subject] == [
        acceptance_number
    ]
