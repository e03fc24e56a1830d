"""Reading the query string of a form's submissions table and exports."""

from datetime import UTC, datetime

import pytest

from services.forms.domain.submission_query import InvalidSubmissionQuery, parse_query
from services.forms.domain.submission_table import columns
from tests.unit.forms.export_samples import definitions

COLUMNS = columns(definitions())


def refused(args: dict) -> InvalidSubmissionQuery:
    with pytest.raises(InvalidSubmissionQuery) as caught:
        parse_query(args, COLUMNS)
    return caught.value


def test_each_field_type_gets_its_way_of_matching():
    query = parse_query(
        {
            "f.subject": "Spill",
            "f.kind": "water",
            "f.checked_on": "2026-11-30",
            "f.visited_at": "2026-11-30",
            "f.site.staff": "12",
            "f.report": "pdf",
        },
        COLUMNS,
    )
    assert [(f.path, f.match, f.value) for f in query.filters] == [
        ("subject", "contains", "Spill"),
        ("kind", "equals", "water"),
        ("checked_on", "equals", "2026-11-30"),
        ("visited_at", "day", "2026-11-30"),
        ("site.staff", "equals", 12),
        ("report", "contains", "pdf"),
    ]


def test_a_repeating_groups_child_is_matched_in_any_row():
    (only,) = parse_query({"f.outlets.flow": "3.5"}, COLUMNS).filters
    assert (only.rows_of, only.path, only.value) == ("outlets", "flow", 3.5)


def test_filed_dates_are_whole_days_in_beijing():
    query = parse_query({"from": "2026-12-01", "to": "2026-12-01"}, COLUMNS)
    assert query.filed_from == datetime(2026, 11, 30, 16, tzinfo=UTC)
    assert query.filed_before == datetime(2026, 12, 1, 16, tzinfo=UTC)


def test_defaults_are_the_first_page_of_50_newest_first_in_labels():
    query = parse_query({}, COLUMNS)
    assert (query.page, query.per_page, query.newest_first, query.values) == (
        1,
        50,
        True,
        "labels",
    )


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        ({"f.colour": "red"}, "unknown_field"),
        ({"f.outlets": "x"}, "not_filterable"),
        ({"f.site.staff": "many"}, "integer"),
        ({"f.checked_on": "30/11/2026"}, "date"),
        ({"per_page": "201"}, "range"),
        ({"page": "0"}, "range"),
        ({"from": "2026-13-01"}, "date"),
        ({"values": "json"}, "choice"),
    ],
)
def test_each_broken_rule_names_its_parameter(args, rule):
    assert refused(args).rules == {next(iter(args)): rule}


def test_the_error_says_the_rule_in_chinese_and_english():
    error = refused({"per_page": "500", "f.colour": "red"})
    assert error.field_errors("zh_CN") == {
        "per_page": ["必须是 1 到 200 之间的整数。"],
        "f.colour": ["表单中没有字段“colour”，无法按它筛选。"],
    }
    assert error.field_errors("en")["per_page"] == ["Must be a whole number from 1 to 200."]
    assert error.status == 400
