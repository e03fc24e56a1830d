"""Forms' repositories: the only code that queries its tables."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.forms.domain.model import Form, Submission
from shared.db import in_subtree


def ancestors(path: str) -> list[str]:
    """The path and every path above it: "33/3301/330102" -> ["33", "33/3301", ...]."""
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


class SqlFormRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, item) -> None:
        self.session.add(item)

    def get(self, form_id: str) -> Form | None:
        return self.session.get(Form, form_id)

    def by_key(self, org_path: str, key: str) -> Form | None:
        query = select(Form).where(Form.org_path == org_path, Form.key == key)
        return self.session.scalars(query).first()

    def managed_by(self, org_path: str) -> list[Form]:
        """Forms owned by ``org_path`` or any unit below it."""
        query = select(Form).where(in_subtree(Form.org_path, org_path))
        return list(self.session.scalars(query.order_by(Form.org_path, Form.key)))

    def applying_to(self, org_path: str) -> list[Form]:
        """Forms owned by ``org_path`` or a unit above it (what its enterprises may file)."""
        query = select(Form).where(Form.org_path.in_(ancestors(org_path)))
        return list(self.session.scalars(query.order_by(Form.key)))

    def submission(self, submission_id: str) -> Submission | None:
        return self.session.get(Submission, submission_id)

    def submissions_of(self, enterprise_id: str) -> list[Submission]:
        query = select(Submission).where(Submission.enterprise_id == enterprise_id)
        return list(self.session.scalars(query.order_by(Submission.created_at.desc())))

    def submissions_under(self, org_path: str, limit: int = 200) -> list[Submission]:
        query = select(Submission).where(in_subtree(Submission.org_path, org_path))
        return list(self.session.scalars(query.order_by(Submission.created_at.desc()).limit(limit)))
