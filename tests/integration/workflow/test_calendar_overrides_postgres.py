"""On PostgreSQL, two province administrators setting the same day at once get one
override and one clear refusal, and ticket deadlines read the stored overrides."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.workflow import handlers
from services.workflow.bootstrap import bootstrap
from services.workflow.domain.commands import SetCalendarOverride
from services.workflow.domain.errors import CalendarOverrideExists
from shared.auth import Principal
from shared.config import Settings

pytestmark = pytest.mark.postgres

SHANGHAI = ZoneInfo("Asia/Shanghai")
PROVINCE = Principal("p-province", "province", "省厅管理员", ("province_admin",), "33", "33")
SETTERS = 6


@pytest.fixture
def runtime(postgres_url):
    runtime = bootstrap(Settings(database_url=postgres_url, secret_key="test"))
    runtime.migrate()
    yield runtime
    runtime.engine.dispose()


def test_concurrent_overrides_of_one_day_store_one_and_refuse_the_others(runtime):
    start, outcomes = threading.Barrier(SETTERS), []

    def set_one(kind: str) -> None:
        command = SetCalendarOverride({"day": "2095-05-04", "kind": kind, "note": kind}, PROVINCE)
        start.wait()
        try:
            runtime.execute(handlers.set_calendar_override, command)
            outcomes.append("stored")
        except CalendarOverrideExists:
            outcomes.append("refused")

    kinds = ["holiday", "workday"] * (SETTERS // 2)
    threads = [threading.Thread(target=set_one, args=(kind,)) for kind in kinds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    with runtime.uow() as uow:
        stored = uow.workflow.calendar_overrides(since=date(2095, 1, 1))
    assert sorted(outcomes) == ["refused"] * (SETTERS - 1) + ["stored"]
    assert [o.day for o in stored] == [date(2095, 5, 4)]


def test_working_calendar_reads_the_overrides_after_its_first_day(runtime):
    # Friday 4 May 2095 declared off; Saturday 5 May declared worked.
    for day, kind in (("2095-05-04", "holiday"), ("2095-05-05", "workday")):
        command = SetCalendarOverride({"day": day, "kind": kind, "note": "test"}, PROVINCE)
        runtime.execute(handlers.set_calendar_override, command)

    with runtime.uow() as uow:
        calendar = uow.workflow.working_calendar(since=date(2095, 5, 3))
    due = calendar.add_working_days(datetime(2095, 5, 3, 10, tzinfo=SHANGHAI), 1)

    assert due == datetime(2095, 5, 5, 23, 59, 59, tzinfo=SHANGHAI)
