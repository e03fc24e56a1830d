"""Forms' repositories: the only code that queries its tables."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.forms.domain.model import Form, FormVersion, Submission
from shared.db import in_subtree
from shared.org_paths import ancestors_and_self


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
        query = select(Form).where(Form.org_path.in_(ancestors_and_self(org_path)))
        return list(self.session.scalars(query.order_by(Form.key)))

    def nearest_published_version(self, key: str, org_path: str):
        """The id, form id and number of the latest version of the nearest published form
        of ``key`` for ``org_path`` (a row), or None.

        The nearest owner is the deepest one (a county's own form before the province
        template), among forms that have a published version. The definition is not
        loaded: see :meth:`definition_of`.
        """
        query = (
            select(FormVersion.id, FormVersion.form_id, FormVersion.version)
            .join(Form, Form.id == FormVersion.form_id)
            .where(Form.key == key, Form.org_path.in_(ancestors_and_self(org_path)))
            .order_by(func.length(Form.org_path).desc(), FormVersion.version.desc())
            .limit(1)
        )
        return self.session.execute(query).first()

    def definition_of(self, version_id: str) -> dict:
        query = select(FormVersion.definition).where(FormVersion.id == version_id)
        return self.session.execute(query).scalar_one()

    def submission(self, submission_id: str) -> Submission | None:
        return self.session.get(Submission, submission_id)

    def submissions_of(self, enterprise_id: str) -> list[Submission]:
        query = select(Submission).where(Submission.enterprise_id == enterprise_id)
        return list(self.session.scalars(query.order_by(Submission.created_at.desc())))

    def submissions_under(self, org_path: str, limit: int = 200) -> list[Submission]:
        query = select(Submission).where(in_subtree(Submission.org_path, org_path))
        return list(self.session.scalars(query.order_by(Submission.created_at.desc()).limit(limit)))
