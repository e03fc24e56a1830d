"""On PostgreSQL, requests racing with one Idempotency-Key file one submission: the key's
row is written with the submission, a second request's row waits for the first one's
commit, and the later requests answer with the first one's submission."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from sqlalchemy import func, select, text

from services.forms import handlers
from services.forms.adapters import orm
from services.forms.bootstrap import bootstrap
from services.forms.domain.commands import SubmitForm
from services.forms.seed import seed as seed_forms
from shared.config import Settings
from tests.integration.forms.test_filing_against_new_versions import ENTERPRISE
from tests.service.forms.test_county_override import ANSWERS

pytestmark = pytest.mark.postgres

OUTBOX = orm.messaging_tables[0]
RACERS = 10


@pytest.fixture
def forms(postgres_url):
    runtime = bootstrap(Settings(database_url=postgres_url))
    runtime.migrate()
    seed_forms(runtime)
    yield runtime
    runtime.engine.dispose()


def command(key: str) -> SubmitForm:
    return SubmitForm("enterprise-request", ANSWERS, ENTERPRISE, key)


def submit(runtime, key: str):
    return runtime.execute(handlers.submit_form, command(key))


def stored(runtime) -> tuple[int, int, int]:
    """Submissions, events announcing one, and key rows."""
    received = OUTBOX.c.routing_key == "forms.submission.received"
    count = select(func.count())
    with runtime.engine.connect() as conn:
        return (
            conn.execute(count.select_from(orm.submissions)).scalar_one(),
            conn.execute(count.select_from(OUTBOX).where(received)).scalar_one(),
            conn.execute(count.select_from(orm.submission_keys)).scalar_one(),
        )


def wait_until_one_waits_for_a_lock(runtime, deadline: float = 10.0) -> None:
    """Return once a session of this database waits for a lock (the second request, on
    the first one's key row)."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    end = time.monotonic() + deadline
    while True:
        # A new transaction each time: PostgreSQL keeps one view of pg_stat_activity
        # for the whole of a transaction.
        with runtime.engine.connect() as conn:
            if conn.execute(query).scalar_one():
                return
        assert time.monotonic() < end, "the second request never waited for the first"
        time.sleep(0.05)


def test_ten_requests_racing_with_one_key_file_one_submission_with_one_event(forms):
    key, start = str(uuid.uuid4()), threading.Barrier(RACERS)

    def race(_):
        start.wait()
        return submit(forms, key)

    with ThreadPoolExecutor(RACERS) as pool:
        filed = list(pool.map(race, range(RACERS)))

    assert {submission.acceptance_number for submission in filed} == {filed[0].acceptance_number}
    assert sorted(submission.replayed for submission in filed) == [False] + [True] * 9
    assert stored(forms) == (1, 1, 1)


def test_a_request_waits_for_the_first_with_its_key_and_answers_with_its_submission(forms):
    key = str(uuid.uuid4())
    # (The unit of work ends before the pool waits for the second request, which waits
    # for it, also when the test fails.)
    with ThreadPoolExecutor(1) as pool, forms.uow() as first:
        filed = handlers.submit_form(command(key), first)  # written, not yet committed
        second = pool.submit(submit, forms, key)
        wait_until_one_waits_for_a_lock(forms)
        first.commit()

        answer = second.result(timeout=10)

    assert (answer.id, answer.acceptance_number) == (filed.id, filed.acceptance_number)
    assert answer.replayed
    assert stored(forms) == (1, 1, 1)


def test_a_request_whose_twin_rolled_back_files_its_own_submission(forms):
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(1) as pool, forms.uow() as first:
        handlers.submit_form(command(key), first)
        second = pool.submit(submit, forms, key)
        wait_until_one_waits_for_a_lock(forms)
        first.rollback()

        answer = second.result(timeout=10)

    assert not answer.replayed
    assert stored(forms) == (1, 1, 1)


def test_a_key_row_is_written_only_with_its_submission(forms, monkeypatch):
    # Given a submission that cannot be stored: its acceptance number is taken
    taken = submit(forms, str(uuid.uuid4())).acceptance_number
    key = str(uuid.uuid4())
    with monkeypatch.context() as patch:
        patch.setattr(handlers, "acceptance_number", lambda actor: taken)
        with pytest.raises(psycopg.errors.UniqueViolation):
            submit(forms, key)

    assert stored(forms) == (1, 1, 1)
    assert not submit(forms, key).replayed  # the key names nothing yet
