"""The envelope: what a producer may send and what a consumer accepts."""

import json
from pathlib import Path

import pytest

from shared.messaging.envelope import InvalidMessage, load_envelope, new_envelope

#: The contract's own sample payload.
ORG_UNIT = json.loads(
    (Path(__file__).parents[2] / "contracts/samples/directory.org_unit.created.json").read_text()
)


def made(**data):
    return new_envelope("directory.org_unit.created", {**ORG_UNIT, **data}, tenant="33")


def test_a_new_envelope_round_trips_through_load():
    envelope, data = load_envelope(made())
    assert envelope["type"] == "directory.org_unit.created"
    assert envelope["correlation_id"] == envelope["id"]
    assert data["path"] == ORG_UNIT["path"]


def test_a_routing_key_not_of_three_lowercase_parts_is_refused():
    with pytest.raises(InvalidMessage, match="type"):
        new_envelope("directory.OrgUnitCreated", ORG_UNIT, tenant="33")


def test_an_event_without_a_contract_is_refused():
    with pytest.raises(InvalidMessage, match="no contract"):
        new_envelope("directory.org_unit.renamed", ORG_UNIT, tenant="33")


def test_a_producer_may_not_leave_out_a_required_field():
    data = {key: value for key, value in ORG_UNIT.items() if key != "path"}
    with pytest.raises(InvalidMessage, match="path"):
        new_envelope("directory.org_unit.created", data, tenant="33")


def test_a_producer_may_not_send_a_field_its_contract_does_not_list():
    with pytest.raises(InvalidMessage, match="colour"):
        made(colour="green")


def test_a_consumer_leaves_out_fields_its_contract_does_not_list_yet():
    envelope = made()
    envelope["data"]["added_later"] = 1
    _envelope, data = load_envelope(envelope)
    assert "added_later" not in data


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "not-a-uuid"), ("occurred_at", "2026-11-27T10:00:00"), ("version", 0)],
)
def test_a_received_envelope_with_a_bad_field_is_refused_naming_it(field, value):
    with pytest.raises(InvalidMessage, match=field):
        load_envelope({**made(), field: value})
