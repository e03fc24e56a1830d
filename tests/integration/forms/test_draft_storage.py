"""Drafts in the database: one row per person and form whoever saves last, even when
saves race; gone in the very transaction that stores the submission, on PostgreSQL (the
one-statement intake on psycopg) and on SQLite."""

import threading
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from services.forms import handlers
from services.forms.adapters import orm
from services.forms.bootstrap import bootstrap
from services.forms.domain.commands import SaveDraft, SubmitForm
from services.forms.seed import seed as seed_forms
from shared.config import Settings
from tests.integration.forms.test_filing_against_new_versions import ENTERPRISE
from tests.service.forms.test_county_override import ANSWERS

KEY = "enterprise-request"


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


def count(runtime, table) -> int:
    with runtime.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def save(runtime, answers, actor=ENTERPRISE):
    return runtime.execute(handlers.save_draft, SaveDraft(KEY, answers, actor))


def draft_answers(runtime, actor=ENTERPRISE):
    with runtime.uow() as uow:
        draft = uow.forms.draft_of(actor.id, KEY)
        return draft.answers if draft else None


def test_saving_again_replaces_the_answers_in_the_one_row(forms):
    save(forms, {"subject": "第一稿"})
    save(forms, {"subject": "第二稿"})

    assert count(forms, orm.submission_drafts) == 1
    assert draft_answers(forms) == {"subject": "第二稿"}


def test_each_person_keeps_their_own_draft_of_a_form(forms):
    colleague = replace(ENTERPRISE, id="person-2")
    save(forms, {"subject": "mine"})
    save(forms, {"subject": "theirs"}, actor=colleague)

    assert draft_answers(forms) == {"subject": "mine"}
    assert draft_answers(forms, colleague) == {"subject": "theirs"}


@pytest.mark.postgres
def test_first_saves_racing_all_succeed_and_leave_one_draft(postgres_url):
    # (SQLite serialises writers with its file lock: a race there is a lock timeout.)
    forms = bootstrap(Settings(database_url=postgres_url))
    forms.migrate()
    seed_forms(forms)
    errors, start = [], threading.Barrier(6)

    def racer(number):
        start.wait()
        try:
            save(forms, {"subject": f"稿 {number}"})
        except Exception as error:  # collected: any failure fails the test
            errors.append(error)

    threads = [threading.Thread(target=racer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert count(forms, orm.submission_drafts) == 1
    forms.engine.dispose()


def test_a_submission_rolled_back_keeps_the_draft_and_a_committed_one_removes_it(forms):
    save(forms, {"subject": "草稿"})
    command = SubmitForm(KEY, ANSWERS, ENTERPRISE)
    with forms.uow() as uow:
        handlers.submit_form(command, uow)  # and no commit
    assert (count(forms, orm.submissions), draft_answers(forms)) == (0, {"subject": "草稿"})

    forms.execute(handlers.submit_form, command)

    assert (count(forms, orm.submissions), draft_answers(forms)) == (1, None)
