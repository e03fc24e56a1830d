"""Directory's read queries for pages and the API, scoped to an org subtree."""

from __future__ import annotations


def overview(uow, org_path: str) -> dict:
    units = uow.directory.org_units(org_path)
    return {
        "units": units,
        "counts": {
            kind: sum(1 for unit in units if unit.kind == kind)
            for kind in ("province", "city", "county", "department")
        },
        "people": uow.directory.people(org_path),
        "enterprises": uow.directory.enterprises(org_path),
    }
