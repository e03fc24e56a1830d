"""The CSV and XLSX exports of a form's submissions over HTTP, and filters on groups."""

import csv
import io

import openpyxl
import pytest

from tests.service.forms.noise_complaint import three_versions
from tests.service.forms.outlet_check import file_outlet_check

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def outlet_check(web, seeded):
    """The outlet check form's id and the acceptance numbers of its v1 and v2 submissions."""
    return file_outlet_check(web)


def export(client, form_id, extension, query=""):
    response = client.get(f"/forms/api/forms/{form_id}/submissions.{extension}{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response


def csv_lines(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM) :].decode("utf-8"))))


def sheets(response) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}


def test_the_xlsx_has_the_main_sheet_and_one_sheet_per_repeating_group(web, outlet_check):
    form_id, (first, second) = outlet_check
    response = export(web("shangcheng", language="zh-CN"), form_id, "xlsx", "?sort=filed_at")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    book = sheets(response)
    assert list(book) == ["提交记录", "排口"]
    assert book["提交记录"][0][:7] == (
        "受理编号",
        "提交时间",
        "表单版本",
        "企业",
        "提交人",
        "标题",
        "类别",
    )
    assert [line[2] for line in book["提交记录"][1:]] == [1, 2]
    assert [line[:3] for line in book["排口"][1:]] == [
        (first, 1, "DW001"),
        (first, 2, "'=1+1"),
        (second, 1, "DW9"),
    ]


def test_the_csv_is_utf8_with_a_bom_and_honours_the_filters(web, outlet_check):
    form_id, (_first, second) = outlet_check
    response = export(web("shangcheng"), form_id, "csv", "?f.outlets.code=dw9")
    assert response.mimetype == "text/csv"
    lines = csv_lines(response)
    assert lines[0][5:7] == ["Subject", "Kind"]
    assert [line[0] for line in lines[1:]] == [second]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?f.site.address=滨江", [0]),
        ("?f.site.staff=12", [0]),
        ("?f.outlets.flow=-2", [0]),
        ("?f.outlets.note=NEW", [1]),
        ("?f.visited_at=2026-11-30", [0]),
        ("?f.kind=water", [1, 0]),
        ("?f.remark=indented", [0]),
        ("?f.topics=air", [0]),
        ("?f.report=报告.PDF", [0]),
        ("?f.report=xlsx", []),
        ("?f.topics=ai", []),
    ],
)
def test_filters_reach_group_children_repeating_rows_and_datetimes(
    web, outlet_check, query, expected
):
    form_id, numbers = outlet_check
    body = web("shangcheng").get(f"/forms/api/forms/{form_id}/submissions{query}").json
    assert [i["acceptance_number"] for i in body["items"]] == [numbers[i] for i in expected]


def test_the_table_heads_group_children_group_slash_child_and_counts_rows(web, outlet_check):
    form_id, _numbers = outlet_check
    body = web("shangcheng").get(f"/forms/api/forms/{form_id}/submissions").json
    headings = [column["heading"] for column in body["columns"]]
    assert headings[4:7] == ["Site / Address", "Site / Staff", "Outlets"]
    assert body["items"][1]["cells"]["outlets"] == "2 rows"
    assert body["items"][1]["cells"]["report"] == "报告.pdf (48 B)"
    assert body["items"][1]["cells"]["visited_at"] == "2026-11-30T09:15:00+08:00"


def test_a_version_1_submission_exports_in_its_labels_after_later_versions_changed(web, seeded):
    form_id, filed = three_versions(web)
    lines = csv_lines(export(web("shangcheng"), form_id, "csv", "?sort=filed_at"))
    assert lines[0][4:] == ["Filed by", "Location", "Kind", "Heard on", "Decibels", "Loud", "Where"]
    assert lines[1][4:] == [
        "钱塘印染 刘主任",
        "",
        "At night",
        "2026-11-03",
        "85",
        "Yes",
        '\'=HYPERLINK("x") 河坊街',
    ]
    assert lines[3][4:] == ["清源环保 张经理", "湖滨路", "Night-time", "2026-12-01", "70", "", ""]


def test_an_export_without_submissions_has_the_headings_only(web, outlet_check):
    form_id, _numbers = outlet_check
    lines = csv_lines(export(web("shangcheng"), form_id, "csv", "?from=2030-01-01"))
    assert len(lines) == 1
    book = sheets(export(web("shangcheng"), form_id, "xlsx", "?from=2030-01-01"))
    assert [len(lines) for lines in book.values()] == [1, 1]
