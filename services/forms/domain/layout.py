"""How a definition's fields are laid out: sections, groups, repeating groups, leaves.

A definition's ``fields`` is the top-level list. A ``section`` there starts a page (the
fields after it, up to the next section, are its page); a ``group`` holds its own
``fields`` (one level deep), and answers an object, or a list of row objects when it
repeats. Every other field is a leaf that answers one value. Field names are unique
across the whole form, so a name alone says which field an expression means.
"""

from __future__ import annotations

from collections.abc import Iterator

SECTION = "section"
GROUP = "group"
CONTAINERS = (SECTION, GROUP)


def is_repeating(field: dict) -> bool:
    return field["type"] == GROUP and bool(field.get("repeat", False))


def answered(fields: list[dict]) -> list[dict]:
    """The fields of one level that have an answer of their own (all but sections)."""
    return [field for field in fields if field["type"] != SECTION]


def walk(fields: list[dict], group: dict | None = None) -> Iterator[tuple[dict, dict | None]]:
    """Every field at every level in form order, with the group it is in (or None)."""
    for field in fields:
        yield field, group
        if field["type"] == GROUP:
            yield from walk(field.get("fields", []), field)


def leaves(fields: list[dict]) -> Iterator[dict]:
    """Every field that answers one value, in form order, descending into groups."""
    for field, _group in walk(fields):
        if field["type"] not in CONTAINERS:
            yield field


def pages(fields: list[dict]) -> list[tuple[dict | None, list[dict]]]:
    """The top-level fields split into pages: ``(section or None, its fields)``.

    A form without sections is one page whose section is None; fields before the first
    section form a page of their own.
    """
    result: list[tuple[dict | None, list[dict]]] = []
    for field in fields:
        if field["type"] == SECTION:
            result.append((field, []))
        else:
            if not result:
                result.append((None, []))
            result[-1][1].append(field)
    return result


def section_of(fields: list[dict]) -> dict[str, dict]:
    """The section each top-level answered field is on, by field name."""
    return {
        field["name"]: section
        for section, members in pages(fields)
        if section is not None
        for field in members
    }
