"""What workflow knows of directory's org units, people and enterprises.

Workflow never reads directory's tables: it keeps these local copies, fed by directory's
events, with just the fields routing, pairing and scoping need.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class OrgUnit:
    """A province, city or county bureau, or a department of one."""

    id: str
    name: str
    name_en: str
    kind: str
    path: str
    parent_id: str | None = None
    #: The department that receives an unpaired enterprise's matters in its county.
    is_default_department: bool = False


@dataclass
class Person:
    """A staff member or an enterprise user, as directory announced them."""

    id: str
    username: str
    name: str
    roles: list[str]
    org_path: str
    org_unit_id: str | None = None
    enterprise_id: str | None = None
    email: str | None = None

    def has_role(self, role: str) -> bool:
        return role in self.roles


@dataclass
class Enterprise:
    """An enterprise under one county, known by its unified social credit code."""

    id: str
    name: str
    credit_code: str
    county_id: str
    org_path: str
    scale: str | None = None
    types: list[str] = field(default_factory=list)


@dataclass
class Form:
    """A published form, as forms announced its latest version: what routing rule pages
    name a form and its fields by (workflow knows submissions' forms only by key)."""

    id: str
    key: str
    org_path: str
    version: int
    #: {"zh_CN": ..., "en": ...}
    title: dict
    #: The top-level questions of the latest version: name, type, label ({"zh_CN", "en"})
    #: and, for choices, options ([{"value", "label"}]).
    fields: list[dict] = field(default_factory=list)

    def field_named(self, name: str) -> dict | None:
        return next((item for item in self.fields if item.get("name") == name), None)
