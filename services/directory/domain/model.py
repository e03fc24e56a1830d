"""Directory's domain: the org tree, people with roles, enterprises, API tokens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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
    """A staff member or an enterprise user who can sign in."""

    id: str
    username: str
    name: str
    password_hash: str
    roles: list[str]
    org_path: str
    org_unit_id: str | None = None
    enterprise_id: str | None = None
    email: str | None = None
    is_active: bool = True
    created_at: datetime | None = None


@dataclass
class Enterprise:
    """An enterprise, known by its unified social credit code, under one county."""

    id: str
    name: str
    credit_code: str
    county_id: str
    org_path: str
    scale: str | None = None
    types: list[str] = field(default_factory=list)
    created_at: datetime | None = None


@dataclass
class ApiToken:
    """A machine client's token record; the secret itself is never stored."""

    id: str
    person_id: str
    name: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
