"""Every event contract has a sample payload, and the sample satisfies it."""

import json
from pathlib import Path

import pytest

from shared.contracts import all_contracts, schema_for
from shared.messaging.envelope import InvalidMessage, load_envelope, new_envelope

SAMPLES = Path(__file__).parent / "samples"
CONTRACTS = sorted(all_contracts())


def sample(event_type: str) -> dict:
    return json.loads((SAMPLES / f"{event_type}.json").read_text(encoding="utf-8"))


def test_every_contract_has_a_sample_and_every_sample_a_contract():
    samples = {path.stem for path in SAMPLES.glob("*.json")}
    assert samples == {event_type for event_type, _version in CONTRACTS}


@pytest.mark.parametrize(("event_type", "version"), CONTRACTS)
def test_sample_loads_through_its_contract_inside_an_envelope(event_type, version):
    envelope = new_envelope(event_type, sample(event_type), tenant="33", version=version)
    _loaded, data = load_envelope(json.loads(json.dumps(envelope)))
    assert set(data) <= set(schema_for(event_type, version).fields)


@pytest.mark.parametrize(("event_type", "version"), CONTRACTS)
def test_sample_missing_a_required_field_is_refused(event_type, version):
    schema = schema_for(event_type, version)
    required = next(name for name, field in schema.fields.items() if field.required)
    payload = {k: v for k, v in sample(event_type).items() if k != required}
    with pytest.raises(InvalidMessage, match=required):
        new_envelope(event_type, payload, tenant="33", version=version)


def test_envelope_without_a_known_contract_is_refused():
    envelope = new_envelope("forms.form.published", sample("forms.form.published"), tenant="33")
    with pytest.raises(InvalidMessage, match="no contract"):
        load_envelope({**envelope, "type": "forms.form.deleted"})
