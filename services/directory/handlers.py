"""Directory's use cases: one function per command, each in one unit of work."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from services.directory.domain import commands
from services.directory.domain.credit_code import validate_credit_code
from services.directory.domain.errors import AlreadyExists, BadCredentials, UnknownOrgUnit
from services.directory.domain.model import ApiToken, Enterprise, OrgUnit, Person
from shared.auth import Principal

hasher = PasswordHasher()
#: Verified against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = hasher.hash("qinqing-no-such-user")


def now() -> datetime:
    return datetime.now(UTC)


def create_org_unit(cmd: commands.CreateOrgUnit, uow) -> OrgUnit:
    """Add an org unit under its parent and announce it."""
    if uow.directory.org_unit(cmd.id):
        raise AlreadyExists("id", cmd.id)
    parent = uow.directory.org_unit(cmd.parent_id) if cmd.parent_id else None
    if cmd.parent_id and parent is None:
        raise UnknownOrgUnit("parent_id", cmd.parent_id)
    path = f"{parent.path}/{cmd.id}" if parent else cmd.id
    unit = OrgUnit(
        cmd.id, cmd.name, cmd.name_en, cmd.kind, path, cmd.parent_id, cmd.is_default_department
    )
    uow.directory.add(unit)
    uow.emit(
        "directory.org_unit.created",
        {
            "id": unit.id,
            "name": unit.name,
            "name_en": unit.name_en,
            "kind": unit.kind,
            "parent_id": unit.parent_id,
            "path": unit.path,
            "is_default_department": unit.is_default_department,
        },
        tenant=unit.path,
    )
    return unit


def create_person(cmd: commands.CreatePerson, uow) -> Person:
    """Add a person who can sign in: staff under an org unit, or an enterprise's user."""
    if uow.directory.person_by_username(cmd.username):
        raise AlreadyExists("username", cmd.username)
    org_path, org_unit_id = _scope_of(cmd, uow)
    person = Person(
        id=str(uuid.uuid4()),
        username=cmd.username,
        name=cmd.name,
        password_hash=hasher.hash(cmd.password),
        roles=list(cmd.roles),
        org_path=org_path,
        org_unit_id=org_unit_id,
        enterprise_id=cmd.enterprise_id,
        email=cmd.email,
        created_at=now(),
    )
    uow.directory.add(person)
    uow.emit(
        "directory.person.created",
        {
            "id": person.id,
            "username": person.username,
            "name": person.name,
            "email": person.email,
            "roles": person.roles,
            "org_unit_id": person.org_unit_id,
            "org_path": person.org_path,
            "enterprise_id": person.enterprise_id,
        },
        tenant=org_path,
    )
    return person


def _scope_of(cmd: commands.CreatePerson, uow) -> tuple[str, str | None]:
    if cmd.enterprise_id:
        enterprise = uow.directory.enterprise(cmd.enterprise_id)
        if enterprise is None:
            raise UnknownOrgUnit("enterprise_id", cmd.enterprise_id)
        return enterprise.org_path, enterprise.county_id
    unit = uow.directory.org_unit(cmd.org_unit_id or "")
    if unit is None:
        raise UnknownOrgUnit("org_unit_id", cmd.org_unit_id or "")
    return unit.path, unit.id


def register_enterprise(cmd: commands.RegisterEnterprise, uow) -> Enterprise:
    """Register an enterprise under its county, its credit code verified."""
    code = validate_credit_code(cmd.credit_code)
    if uow.directory.enterprise_by_credit_code(code):
        raise AlreadyExists("credit_code", code)
    county = uow.directory.org_unit(cmd.county_id)
    if county is None or county.kind != "county":
        raise UnknownOrgUnit("county_id", cmd.county_id)
    enterprise = Enterprise(
        id=str(uuid.uuid4()),
        name=cmd.name.strip(),
        credit_code=code,
        county_id=county.id,
        org_path=county.path,
        scale=cmd.scale,
        types=list(cmd.types),
        created_at=now(),
    )
    uow.directory.add(enterprise)
    uow.emit(
        "directory.enterprise.registered",
        {
            "id": enterprise.id,
            "name": enterprise.name,
            "credit_code": code,
            "county_id": county.id,
            "org_path": county.path,
            "scale": enterprise.scale,
            "types": enterprise.types,
        },
        tenant=county.path,
    )
    return enterprise


def authenticate(username: str, password: str, uow) -> Principal:
    """The principal of an active person whose password matches; BadCredentials otherwise."""
    person = uow.directory.person_by_username(username.strip())
    try:
        hasher.verify(person.password_hash if person else _DUMMY_HASH, password)
    except VerificationError:
        raise BadCredentials() from None
    if person is None or not person.is_active:
        raise BadCredentials()
    return principal_of(person)


def principal_of(person: Person, token_id: str | None = None) -> Principal:
    return Principal(
        id=person.id,
        username=person.username,
        name=person.name,
        roles=tuple(person.roles),
        org_path=person.org_path,
        org_unit_id=person.org_unit_id,
        enterprise_id=person.enterprise_id,
        token_id=token_id,
    )


def issue_api_token(cmd: commands.IssueApiToken, uow) -> tuple[ApiToken, Principal]:
    """Record a new API token for a person; the caller signs the returned principal."""
    person = uow.directory.person(cmd.person_id)
    token = ApiToken(
        id=str(uuid.uuid4()),
        person_id=person.id,
        name=cmd.name,
        created_at=now(),
        expires_at=now() + timedelta(days=cmd.days),
    )
    uow.directory.add(token)
    return token, principal_of(person, token_id=token.id)
