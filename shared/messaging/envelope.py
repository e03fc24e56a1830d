"""The one envelope every event travels in."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

from shared.contracts import schema_for

#: A routing key: ``<service>.<entity>.<past_verb>``.
_TYPE = re.compile(r"^[a-z_]+\.[a-z_]+\.[a-z_]+$")


class EnvelopeSchema(Schema):
    """The envelope: who says what happened, when, for which org unit, and why."""

    id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.Regexp(_TYPE))
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    occurred_at = fields.AwareDateTime(required=True)
    producer = fields.String(required=True)
    #: The org unit path the event belongs to, e.g. "33/3301/330102".
    tenant = fields.String(required=True)
    correlation_id = fields.UUID(required=True)
    causation_id = fields.UUID(load_default=None, allow_none=True)
    data = fields.Dict(required=True)


_ENVELOPE = EnvelopeSchema()


class InvalidMessage(Exception):
    """Raised when a message does not validate into an envelope and its contract."""


def new_envelope(
    type: str,
    data: dict,
    *,
    tenant: str,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    version: int = 1,
) -> dict:
    """Build a JSON-ready envelope for ``data``, checked against its contract.

    :param type: the routing key ``<service>.<entity>.<past_verb>``.
    :param data: the payload, as the contract schema dumps it.
    :param tenant: the org unit path the event belongs to.
    :returns: the envelope as a plain dict.
    :raises InvalidMessage: if ``data`` does not satisfy the contract, or has a field the
        contract does not list.
    """
    if not _TYPE.match(type):
        raise InvalidMessage(f"envelope: type {type!r} is not <service>.<entity>.<past_verb>")
    event_id = str(uuid.uuid4())
    envelope = {
        "id": event_id,
        "type": type,
        "version": version,
        "occurred_at": datetime.now(UTC).isoformat(),
        "producer": type.split(".", 1)[0],
        "tenant": tenant,
        "correlation_id": correlation_id or event_id,
        "causation_id": causation_id,
        "data": data,
    }
    # The envelope's own fields are made right here; only the data needs its contract.
    _load_data(envelope, unknown=RAISE)
    return envelope


def load_envelope(message: dict) -> tuple[dict, dict]:
    """Validate a received message.

    Fields the contract does not list are left out rather than refused: a producer may
    add a field to a contract version before every consumer knows it ("adding a field
    keeps V1").

    :returns: the loaded envelope and its loaded contract data.
    :raises InvalidMessage: naming what is wrong.
    """
    return _load(message, unknown=EXCLUDE)


def _load(message: dict, unknown: str) -> tuple[dict, dict]:
    try:
        envelope = _ENVELOPE.load(message, unknown=unknown)
    except ValidationError as error:
        raise InvalidMessage(f"envelope: {error.messages}") from error
    return envelope, _load_data(envelope, unknown)


def _load_data(envelope: dict, unknown: str) -> dict:
    """The envelope's data, loaded with the contract of its type and version."""
    schema = schema_for(envelope["type"], envelope["version"])
    if schema is None:
        raise InvalidMessage(f"no contract for {envelope['type']} v{envelope['version']}")
    try:
        data = schema.load(envelope["data"], unknown=unknown)
    except ValidationError as error:
        raise InvalidMessage(f"{envelope['type']} data: {error.messages}") from error
    return data
