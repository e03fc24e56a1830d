"""What forms knows of directory's org units, enterprises and people.

Forms never reads directory's tables: it keeps these copies, fed by directory's events,
so its pages show a unit's and a person's name instead of their codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class OrgUnit:
    """A province, city or county bureau, or a department of one."""

    id: str
    name: str
    name_en: str
    kind: str
    #: Codes from the root down, joined by "/".
    path: str
    parent_id: str | None = None

    @property
    def names(self) -> dict[str, str]:
        return {"zh_CN": self.name, "en": self.name_en}


@dataclass
class Enterprise:
    """An enterprise registered under a county, as directory announced it."""

    id: str
    name: str
    credit_code: str
    org_path: str


@dataclass
class Person:
    """A staff member or an enterprise user, as directory announced them."""

    id: str
    username: str
    name: str
    org_path: str
