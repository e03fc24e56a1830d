"""On PostgreSQL, the submissions table's filters are JSON path expressions in SQL, and
an export streams from a server-side cursor."""

import copy
import csv
import io
from datetime import UTC, datetime

import pytest

from services.forms import views
from services.forms.adapters.export import Layout, csv_chunks
from services.forms.bootstrap import bootstrap
from services.forms.domain.submission_query import parse_query
from services.forms.domain.submission_table import columns
from shared.config import Settings
from tests.service.forms.outlet_check import store_outlet_check
from tests.unit.forms.export_samples import FILED_V1, FILED_V2, OUTLET_CHECK_V1, Filed

pytestmark = pytest.mark.postgres

#: An older version in which the staff count was free text.
STAFF_AS_TEXT = copy.deepcopy(OUTLET_CHECK_V1)
STAFF_AS_TEXT["fields"][5]["fields"][1] = {
    "name": "staff",
    "type": "text",
    "label": {"zh_CN": "人数", "en": "Staff"},
}
FILED_V0 = Filed(
    "330102-20261101-CCCCCC",
    "v0",
    1,
    {"site": {"staff": "many"}},
    created_at=datetime(2026, 11, 1, 2, tzinfo=UTC),
)


@pytest.fixture
def runtime(postgres_url):
    runtime = bootstrap(Settings(database_url=postgres_url))
    runtime.migrate()
    store_outlet_check(runtime, {"v0": STAFF_AS_TEXT}, [FILED_V0])
    yield runtime
    runtime.engine.dispose()


def found(runtime, args: dict) -> list[str]:
    with runtime.uow() as uow:
        form = uow.forms.get("form-outlet-check")
        query = parse_query(args, columns(views.version_definitions(form)))
        rows, total = uow.forms.submission_page(form.id, query)
    assert total == len(rows)
    return [row.acceptance_number for row in rows]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"f.subject": "吨超"}, [FILED_V1]),
        ({"f.kind": "water"}, [FILED_V2, FILED_V1]),
        ({"f.checked_on": "2026-11-30"}, [FILED_V1]),
        ({"f.visited_at": "2026-11-30"}, [FILED_V1]),
        ({"f.site.address": "滨江路"}, [FILED_V1]),
        ({"f.site.staff": "12"}, [FILED_V1]),
        ({"f.outlets.code": "dw9"}, [FILED_V2]),
        ({"f.outlets.flow": "3.5"}, [FILED_V1]),
        ({"f.report": "PDF"}, [FILED_V1]),
        ({"f.topics": "air"}, [FILED_V1]),
        ({"f.topics": "ai"}, []),
        ({"acceptance_number": "bbbbbb"}, [FILED_V2]),
        ({"from": "2026-12-02", "to": "2026-12-02"}, [FILED_V2, FILED_V1]),
        ({"from": "2026-12-01", "to": "2026-12-01"}, []),
    ],
)
def test_each_kind_of_filter_runs_in_postgresql(runtime, args, expected):
    assert found(runtime, args) == [filed.acceptance_number for filed in expected]


def test_a_number_filter_skips_versions_where_the_field_was_text(runtime):
    # Casting "many" to a number would fail: only versions with a number field are searched.
    assert found(runtime, {"f.site.staff": "12", "sort": "filed_at"}) == [
        FILED_V1.acceptance_number
    ]


def test_an_export_streams_every_matching_submission_from_postgresql(runtime):
    with runtime.uow() as uow:
        form = uow.forms.get("form-outlet-check")
        definitions = views.version_definitions(form)
        query = parse_query({"sort": "filed_at"}, columns(definitions))
        body = b"".join(
            csv_chunks(
                Layout.of(definitions, "en"), uow.forms.stream_submissions(form.id, query, 1)
            )
        )
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [line[0] for line in lines[1:]] == [
        FILED_V0.acceptance_number,
        FILED_V1.acceptance_number,
        FILED_V2.acceptance_number,
    ]
    assert lines[1][lines[0].index("Site / Staff")] == "many"
