"""Uploads no submission was filed with are deleted after a day, with their files; files
left without a row (a crash between writing and recording) and half-received files go too.
Filed uploads, and those not yet a day old, stay."""

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from services.forms import handlers
from services.forms.adapters import orm
from services.forms.adapters.uploads import TEMP_PREFIX
from services.forms.bootstrap import bootstrap
from services.forms.domain.commands import CreateForm, PublishForm, SubmitForm, UploadFile
from services.forms.seed import PROVINCE
from shared.auth import Principal
from shared.config import Settings

ENTERPRISE = Principal(
    id="person-1",
    username="qiantang",
    name="钱塘印染 刘主任",
    roles=("enterprise_user",),
    org_path="33/3301/330102",
    enterprise_id="enterprise-1",
)
SCAN_FORM = {
    "key": "scan",
    "title": {"zh_CN": "扫描件", "en": "Scan"},
    "fields": [{"name": "scan", "type": "file", "label": {"zh_CN": "扫描件", "en": "Scan"}}],
}
PDF = b"%PDF-1.4\n%%EOF\n"
A_DAY_AND_A_BIT = timedelta(hours=25)


def forms_runtime(database_url: str, upload_dir: Path):
    """Forms on an empty database with the scan form published."""
    runtime = bootstrap(Settings(database_url=database_url, upload_dir=str(upload_dir)))
    runtime.migrate()
    form = runtime.execute(handlers.create_form, CreateForm(SCAN_FORM, PROVINCE))
    runtime.execute(handlers.publish_form, PublishForm(form.id, PROVINCE))
    return runtime


@pytest.fixture
def forms(tmp_path):
    runtime = forms_runtime(f"sqlite:///{tmp_path}", tmp_path / "uploads")
    yield runtime
    runtime.engine.dispose()


def upload(runtime, content: bytes = PDF):
    command = UploadFile("scan", "scan", "scan.pdf", io.BytesIO(content), ENTERPRISE)
    with runtime.uow() as uow:
        return handlers.upload_file(command, uow)


def file_with(runtime, upload_id: str):
    command = SubmitForm("scan", {"scan": upload_id}, ENTERPRISE)
    return runtime.execute(handlers.submit_form, command)


def age(runtime, upload, by: timedelta = A_DAY_AND_A_BIT) -> None:
    """Make an upload, its row and its file, older."""
    with runtime.engine.begin() as connection:
        statement = update(orm.uploads).where(orm.uploads.c.id == upload.id)
        connection.execute(statement.values(created_at=upload.created_at - by))
    path = Path(runtime.settings.upload_dir) / upload.stored_name
    old = path.stat().st_mtime - by.total_seconds()
    os.utime(path, (old, old))


def sweep(runtime) -> int:
    with runtime.uow() as uow:
        return handlers.sweep_orphan_uploads(uow)


def remaining(runtime) -> tuple[set[str], set[str]]:
    """Upload ids with a row, and the files in the upload directory."""
    with runtime.engine.connect() as connection:
        ids = set(connection.execute(select(orm.uploads.c.id)).scalars())
    return ids, {p.name for p in Path(runtime.settings.upload_dir).iterdir()}


def test_an_orphan_older_than_a_day_is_deleted_with_its_file(forms):
    orphan = upload(forms)
    age(forms, orphan)

    assert sweep(forms) == 1
    assert remaining(forms) == (set(), set())


def test_filed_uploads_and_fresh_orphans_stay(forms):
    filed, fresh = upload(forms), upload(forms)
    file_with(forms, filed.id)
    age(forms, filed)

    assert sweep(forms) == 0
    assert remaining(forms) == ({filed.id, fresh.id}, {filed.stored_name, fresh.stored_name})


def test_old_files_without_a_row_and_half_received_files_are_removed(forms):
    kept = upload(forms)
    age(forms, kept)
    with forms.engine.begin() as connection:
        connection.execute(orm.uploads.delete())  # a crash before the row was committed
    directory = Path(forms.settings.upload_dir)
    (half := directory / f"{TEMP_PREFIX}abc").write_bytes(b"%PDF")
    os.utime(half, (0, 0))

    assert sweep(forms) == 2
    assert remaining(forms) == (set(), set())


def test_a_sweep_of_an_upload_directory_never_written_to_removes_nothing(forms):
    assert sweep(forms) == 0


def test_an_upload_given_for_a_hidden_field_is_not_filed_and_stays_an_orphan(forms):
    # Given a form whose scan is asked for only when the enterprise says it has one
    hidden_scan = {
        **SCAN_FORM,
        "key": "maybe-scan",
        "fields": [
            {"name": "has_scan", "type": "boolean", "label": {"zh_CN": "有扫描件", "en": "Has"}},
            {**SCAN_FORM["fields"][0], "visible_if": "has_scan == true"},
        ],
    }
    form = forms.execute(handlers.create_form, CreateForm(hidden_scan, PROVINCE))
    forms.execute(handlers.publish_form, PublishForm(form.id, PROVINCE))
    command = UploadFile("maybe-scan", "scan", "scan.pdf", io.BytesIO(PDF), ENTERPRISE)
    with forms.uow() as uow:
        scan = handlers.upload_file(command, uow)

    answers = {"has_scan": False, "scan": scan.id}
    submission = forms.execute(handlers.submit_form, SubmitForm("maybe-scan", answers, ENTERPRISE))

    assert submission.data == {"has_scan": False}
    with forms.uow() as uow:
        assert uow.forms.upload(scan.id).submission_id is None
