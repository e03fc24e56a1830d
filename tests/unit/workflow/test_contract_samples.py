"""Each workflow event's sample payload loads with its contract, and what workflow
publishes for a domain event has exactly the contract's fields."""

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from services.workflow.domain.events import TicketChanged
from services.workflow.publishing import VERBS, publish
from shared.contracts import schema_for

SAMPLES = Path(__file__).parents[2] / "contracts" / "samples"
WORKFLOW_EVENTS = sorted(path.stem for path in SAMPLES.glob("workflow.*.json"))
AT = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def change(action: str, from_status: str, to_status: str, **more) -> TicketChanged:
    return TicketChanged(
        "t-1", "N-1", "330102", "33/3301/330102", "p-1", AT, action, from_status, to_status, **more
    )


class RecordingUnitOfWork:
    def __init__(self):
        self.emitted: list[tuple[str, dict, str]] = []

    def emit(self, type: str, data: dict, *, tenant: str) -> None:
        self.emitted.append((type, data, tenant))


@pytest.mark.parametrize("event_type", WORKFLOW_EVENTS)
def test_sample_payload_loads_with_its_contract(event_type):
    sample = json.loads((SAMPLES / f"{event_type}.json").read_text(encoding="utf-8"))

    loaded = schema_for(event_type).load(sample)

    assert set(loaded) == set(sample)


def test_every_action_is_published_under_a_registered_contract():
    assert all(schema_for(f"workflow.ticket.{verb}") for verb in VERBS.values())


@pytest.mark.parametrize(
    ("event", "routing_key"),
    [
        (change("accept", "assigned", "accepted"), "accepted"),
        (change("resolve", "accepted", "resolved", note="Fixed"), "resolved"),
        (change("confirm", "resolved", "closed", extra={"rating": 5}), "closed"),
        (change("confirm", "resolved", "reopened", extra={"rating": 1}), "reopened"),
        (
            change("transfer", "accepted", "assigned", extra={"from_org_unit_id": "u"}),
            "handed_over",
        ),
        (
            change(
                "cohandle", "accepted", "accepted", extra={"mode": "all", "org_unit_ids": ["u"]}
            ),
            "cohandle_invited",
        ),
    ],
)
def test_transition_is_published_with_exactly_its_contracts_fields(event, routing_key):
    uow = RecordingUnitOfWork()

    publish([event], uow)

    [(type, data, tenant)] = uow.emitted
    assert (type, tenant) == (f"workflow.ticket.{routing_key}", "33/3301/330102")
    assert set(data) == set(schema_for(type).fields)
    assert (data["actor_id"], data["at"]) == ("p-1", AT.isoformat())


def test_resolution_note_travels_only_as_its_length():
    uow = RecordingUnitOfWork()
    note = "Met the manager; permit renewed on site."

    publish([change("resolve", "accepted", "resolved", note=note)], uow)

    [(_type, data, _tenant)] = uow.emitted
    assert data["note_length"] == len(note)
    assert note not in json.dumps(data)


def test_published_events_are_forgotten_by_the_aggregate():
    events = [change("close", "resolved", "closed")]

    publish(events, RecordingUnitOfWork())

    assert events == []
