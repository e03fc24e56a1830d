"""Event contracts: one module per publishing service, one marshmallow schema per event.

A schema's class name carries its version (``SubmissionReceivedV1``); the registry maps a
routing key and version to it. Adding a field keeps V1; a breaking change adds V2, and the
producer sends both until every consumer has moved.
"""

from __future__ import annotations

from marshmallow import Schema

_REGISTRY: dict[tuple[str, int], type[Schema]] = {}
_INSTANCES: dict[tuple[str, int], Schema] = {}


def contract(type: str, version: int = 1):
    """Register the decorated schema as the contract of ``type`` at ``version``."""

    def register(schema: type[Schema]) -> type[Schema]:
        _REGISTRY[(type, version)] = schema
        schema.event_type = type
        schema.event_version = version
        return schema

    return register


def schema_for(type: str, version: int = 1) -> Schema | None:
    """The contract schema instance for an event type and version, or None if unknown.

    Instances are shared: marshmallow schemas keep no state between loads.
    """
    key = (type, version)
    if key not in _INSTANCES:
        _load_all()
        schema = _REGISTRY.get(key)
        if schema is None:
            return None
        _INSTANCES[key] = schema()
    return _INSTANCES[key]


def all_contracts() -> dict[tuple[str, int], type[Schema]]:
    _load_all()
    return dict(_REGISTRY)


def _load_all() -> None:
    from shared.contracts import directory, forms, workflow  # noqa: F401
