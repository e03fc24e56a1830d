"""On PostgreSQL, concurrent openers of one county's tickets never share a number."""

import threading
import time
from datetime import date

import pytest

from services.workflow.bootstrap import bootstrap
from shared.config import Settings

pytestmark = pytest.mark.postgres

OPENERS = 8


def next_sequence(uow) -> int:
    number = uow.workflow.next_ticket_sequence("330102", date(2026, 11, 27))
    # The rest of opening a ticket keeps the transaction open a while, so the openers
    # really overlap.
    time.sleep(0.05)
    return number


def test_concurrent_openers_get_consecutive_distinct_sequence_numbers(postgres_url):
    # Given workflow on PostgreSQL and openers that start at the same moment
    runtime = bootstrap(Settings(database_url=postgres_url, secret_key="test"))
    runtime.migrate()
    start, numbers = threading.Barrier(OPENERS), []

    def open_one() -> None:
        start.wait()
        numbers.append(runtime.execute(next_sequence))

    # When each hands out the county's next number of the day in its own transaction
    threads = [threading.Thread(target=open_one) for _ in range(OPENERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    runtime.engine.dispose()

    # Then every number from 1 up is handed out exactly once
    assert sorted(numbers) == list(range(1, OPENERS + 1))


def test_sequence_counts_per_county_and_day_on_postgresql(postgres_url):
    runtime = bootstrap(Settings(database_url=postgres_url, secret_key="test"))
    runtime.migrate()

    def sequence(county_id: str, day: date) -> int:
        return runtime.execute(lambda uow: uow.workflow.next_ticket_sequence(county_id, day))

    values = [
        sequence("330102", date(2026, 11, 27)),
        sequence("330102", date(2026, 11, 27)),
        sequence("330106", date(2026, 11, 27)),
        sequence("330102", date(2026, 11, 28)),
    ]
    runtime.engine.dispose()

    assert values == [1, 2, 1, 1]
