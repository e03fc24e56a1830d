"""On PostgreSQL (where a submission and its event are written in one statement on
psycopg's cursor), an upload is attached to the submission filed with it in the same
transaction: a second submission cannot take it, and the sweep leaves it."""

import pytest
from sqlalchemy import select

from services.forms.adapters import orm
from services.forms.domain.errors import InvalidSubmission
from tests.service.forms.test_upload_sweep import (
    PDF,
    age,
    file_with,
    forms_runtime,
    remaining,
    sweep,
    upload,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def forms(postgres_url, tmp_path):
    runtime = forms_runtime(postgres_url, tmp_path / "uploads")
    yield runtime
    runtime.engine.dispose()


def test_a_filed_upload_belongs_to_its_submission_and_outlives_the_sweep(forms):
    scan, orphan = upload(forms), upload(forms)

    submission = file_with(forms, scan.id)
    with pytest.raises(InvalidSubmission):
        file_with(forms, scan.id)
    age(forms, scan)
    age(forms, orphan)

    with forms.engine.connect() as connection:
        rows = connection.execute(select(orm.uploads.c.id, orm.uploads.c.submission_id)).all()
    assert dict(rows) == {scan.id: submission.id, orphan.id: None}
    assert submission.data["scan"]["size"] == len(PDF)
    assert sweep(forms) == 1
    assert remaining(forms) == ({scan.id}, {scan.stored_name})
    with forms.uow() as uow:
        assert uow.forms.submission(submission.id).data["scan"]["id"] == scan.id
