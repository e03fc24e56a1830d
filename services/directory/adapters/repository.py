"""Directory's repositories: the only code that queries its tables."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.directory.domain.model import ApiToken, Enterprise, OrgUnit, Person
from shared.db import in_subtree


class SqlDirectoryRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, item) -> None:
        self.session.add(item)

    def org_unit(self, org_unit_id: str) -> OrgUnit | None:
        return self.session.get(OrgUnit, org_unit_id)

    def org_units(self, under_path: str | None = None) -> list[OrgUnit]:
        query = select(OrgUnit).order_by(OrgUnit.path, OrgUnit.id)
        if under_path:
            query = query.where(in_subtree(OrgUnit.path, under_path))
        return list(self.session.scalars(query))

    def person(self, person_id: str) -> Person | None:
        return self.session.get(Person, person_id)

    def person_by_username(self, username: str) -> Person | None:
        return self.session.scalars(select(Person).where(Person.username == username)).first()

    def people(self, under_path: str) -> list[Person]:
        query = select(Person).where(in_subtree(Person.org_path, under_path))
        return list(self.session.scalars(query.order_by(Person.org_path, Person.username)))

    def enterprise(self, enterprise_id: str) -> Enterprise | None:
        return self.session.get(Enterprise, enterprise_id)

    def enterprise_by_credit_code(self, code: str) -> Enterprise | None:
        query = select(Enterprise).where(Enterprise.credit_code == code)
        return self.session.scalars(query).first()

    def enterprises(self, under_path: str) -> list[Enterprise]:
        query = select(Enterprise).where(in_subtree(Enterprise.org_path, under_path))
        return list(self.session.scalars(query.order_by(Enterprise.org_path, Enterprise.name)))

    def token(self, token_id: str) -> ApiToken | None:
        return self.session.get(ApiToken, token_id)
