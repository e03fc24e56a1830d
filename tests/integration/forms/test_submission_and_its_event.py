"""A submission and the outbox row of the event announcing it are written together, or
neither is: on PostgreSQL in one statement, on SQLite in two, with the same outcome."""

import json

import pytest
from sqlalchemy import func, select

from services.forms import handlers
from services.forms.adapters import orm
from services.forms.bootstrap import bootstrap
from services.forms.domain.commands import PublishForm, SubmitForm, UpdateDraft
from services.forms.seed import PROVINCE
from services.forms.seed import seed as seed_forms
from shared.config import Settings
from tests.integration.forms.test_filing_against_new_versions import ENTERPRISE
from tests.service.forms.test_county_override import ANSWERS

OUTBOX = orm.messaging_tables[0]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def forms(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}"
    else:
        url = request.getfixturevalue("postgres_url")
    runtime = bootstrap(Settings(database_url=url))
    runtime.migrate()
    seed_forms(runtime)
    yield runtime
    runtime.engine.dispose()


def stored(runtime) -> tuple[int, list[dict]]:
    """How many submissions there are, and the events in the outbox."""
    with runtime.engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(orm.submissions)).scalar_one()
        bodies = conn.execute(select(OUTBOX.c.body).order_by(OUTBOX.c.position)).scalars()
        return count, [json.loads(body) for body in bodies]


def submit(runtime):
    command = SubmitForm("enterprise-request", ANSWERS, ENTERPRISE)
    return runtime.execute(handlers.submit_form, command)


def pinned_submission(pinned, submission_id: str, acceptance_number: str):
    """The enterprise's submission of ``ANSWERS``, pinned to the version ``pinned``."""
    return handlers.Submission(
        id=submission_id,
        form_id=pinned.form_id,
        form_version_id=pinned.id,
        form_key="enterprise-request",
        version=pinned.version,
        enterprise_id=ENTERPRISE.enterprise_id,
        submitted_by=ENTERPRISE.id,
        org_path=ENTERPRISE.org_path,
        data=ANSWERS,
        acceptance_number=acceptance_number,
        created_at=handlers.now(),
    )


def publish_second_version(runtime):
    with runtime.uow() as uow:
        form = uow.forms.by_key("33", "enterprise-request")
        changed = {**form.draft, "title": {"zh_CN": "企业诉求（第二版）", "en": "Request, v2"}}
    runtime.execute(handlers.update_draft, UpdateDraft(form.id, changed, PROVINCE))
    runtime.execute(handlers.publish_form, PublishForm(form.id, PROVINCE))


def test_a_stored_submission_has_its_received_event_in_the_outbox(forms):
    _, before = stored(forms)
    submission = submit(forms)

    count, events = stored(forms)
    received = events[len(before) :]
    assert count == 1
    assert [event["type"] for event in received] == ["forms.submission.received"]
    assert received[0]["data"]["submission_id"] == submission.id
    assert received[0]["data"]["data"] == ANSWERS
    assert received[0]["data"]["acceptance_number"] == submission.acceptance_number


def test_a_submission_pinned_to_a_superseded_version_writes_neither_it_nor_its_event(forms):
    submit(forms)  # the runtime now remembers version 1
    other_process = bootstrap(forms.settings)
    publish_second_version(other_process)
    other_process.engine.dispose()
    before = stored(forms)

    with forms.uow() as uow:
        pinned = uow.forms.nearest_published_version("enterprise-request", ENTERPRISE.org_path)
        assert pinned.version == 1  # still the remembered one
        submission = pinned_submission(pinned, "late", "330102-20261127-LATE01")
        uow.emit(
            "forms.submission.received",
            handlers.received(submission, uow.forms.definition_of(pinned.id), None),
            tenant=ENTERPRISE.org_path,
        )
        (event_row,) = uow.take_events()
        assert uow.forms.add_submission(submission, pinned, event_row) is False
        uow.commit()

    assert stored(forms) == before
    assert submit(forms).version == 2  # the handler looks again, and files


def test_an_outbox_row_that_cannot_be_written_stores_no_submission(forms):
    # Given an event id already in the outbox
    submit(forms)
    _, events = stored(forms)
    taken_id = events[-1]["id"]

    with pytest.raises(Exception), forms.uow() as uow:  # noqa: B017 - the driver's own error
        pinned = uow.forms.nearest_published_version("enterprise-request", ENTERPRISE.org_path)
        submission = pinned_submission(pinned, "second", "330102-20261127-SECOND")
        envelope = uow.emit(
            "forms.submission.received",
            handlers.received(submission, uow.forms.definition_of(pinned.id), None),
            tenant="33",
        )
        envelope["id"] = taken_id
        (event_row,) = uow.take_events()
        uow.forms.add_submission(submission, pinned, event_row)
        uow.commit()

    assert stored(forms)[0] == 1
