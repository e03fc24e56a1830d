"""Commands directory carries out."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CreateOrgUnit:
    id: str
    name: str
    name_en: str
    kind: str
    parent_id: str | None = None
    is_default_department: bool = False


@dataclass(frozen=True)
class CreatePerson:
    username: str
    name: str
    password: str
    roles: tuple[str, ...]
    org_unit_id: str | None = None
    enterprise_id: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class RegisterEnterprise:
    name: str
    credit_code: str
    county_id: str
    scale: str | None = None
    types: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class IssueApiToken:
    person_id: str
    name: str
    days: int = 90
