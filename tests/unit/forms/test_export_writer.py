"""The CSV and XLSX writers of a form's submissions."""

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest

from services.forms.adapters.export import Layout, csv_chunks, sheet_name, write_xlsx
from tests.unit.forms.export_samples import FILED_V1, FILED_V2, Filed, definitions

BOM = b"\xef\xbb\xbf"


def csv_lines(submissions, locale="en") -> list[list[str]]:
    body = b"".join(csv_chunks(Layout.of(definitions(), locale), submissions))
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM) :].decode("utf-8"))))


def workbook(submissions, locale="en"):
    target = io.BytesIO()
    write_xlsx(target, Layout.of(definitions(), locale), submissions)
    target.seek(0)
    return openpyxl.load_workbook(target)


def by_heading(sheet) -> list[dict]:
    lines = list(sheet.iter_rows(values_only=True))
    return [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_is_prefixed_in_csv_and_xlsx(start):
    filed = Filed("N-1", "v2", 2, {"subject": f"{start}SUM(A1)"})
    assert csv_lines([filed])[1][5] == f"'{start}SUM(A1)"
    main = workbook([filed])["Submissions"]
    assert cell_text(main.cell(row=2, column=6)) == f"'{start}SUM(A1)"


def cell_text(cell) -> str:
    # XlsxWriter stores a carriage return as the escape Excel reads back as one, _x000D_;
    # openpyxl leaves it escaped in inline strings.
    return cell.value.replace("_x000D_", "\r")


def test_negative_numbers_stay_numbers():
    sheet = workbook([FILED_V1])["Outlets"]
    assert [line["Flow"] for line in by_heading(sheet)] == [3.5, -2]


def test_csv_starts_with_a_bom_and_holds_the_main_table_in_the_readers_language():
    lines = csv_lines([FILED_V1], locale="zh_CN")
    assert lines[0] == [
        "受理编号",
        "提交时间",
        "表单版本",
        "企业",
        "提交人",
        "标题",
        "类别",
        "检查日期",
        "到场时间",
        "现场 / 地址",
        "现场 / 人数",
        "报告",
        "关注领域",
        "备注",
    ]
    assert lines[1][5:] == [
        "'-2 吨超标",
        "废水",
        "2026-11-30",
        "2026-11-30 09:15:00",
        "'@滨江路 1 号",
        "12",
        "报告.pdf (1.5 MB)",
        "水、大气",
        "'\tindented",
    ]


def test_filed_at_is_written_in_beijing_time():
    assert csv_lines([FILED_V1])[1][1] == "2026-12-02 00:30:05"


def test_dates_and_datetimes_are_excel_dates_with_a_date_format():
    main = workbook([FILED_V1])["Submissions"]
    row = {main.cell(row=1, column=c).value: main.cell(row=2, column=c) for c in range(1, 15)}
    assert row["Checked on"].value == datetime(2026, 11, 30)
    assert row["Checked on"].is_date and row["Checked on"].number_format == "yyyy-mm-dd"
    assert row["Filed at"].value == datetime(2026, 12, 2, 0, 30, 5)
    assert row["Filed at"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert row["Arrived at"].value == datetime(2026, 11, 30, 9, 15)
    assert row["Site / Staff"].value == 12


def test_a_repeating_group_has_its_own_sheet_keyed_by_acceptance_number_and_row():
    sheet = workbook([FILED_V1, FILED_V2])["Outlets"]
    assert by_heading(sheet) == [
        {"Acceptance number": FILED_V1.acceptance_number, "Row": 1, "Code": "DW001",
         "Flow": 3.5, "Note": None},
        {"Acceptance number": FILED_V1.acceptance_number, "Row": 2, "Code": "'=1+1",
         "Flow": -2, "Note": None},
        {"Acceptance number": FILED_V2.acceptance_number, "Row": 1, "Code": "DW9",
         "Flow": None, "Note": "'_x000D_new"},
    ]  # fmt: skip


def test_the_main_sheet_has_no_column_for_the_repeating_group():
    lines = csv_lines([FILED_V1])
    assert "Outlets" not in lines[0]
    assert [cell.value for cell in workbook([FILED_V1])["Submissions"][1]] == lines[0]


def test_each_submission_is_written_in_its_own_versions_labels():
    main = by_heading(workbook([FILED_V1, FILED_V2])["Submissions"])
    assert [(line["Version"], line["Kind"]) for line in main] == [
        (1, "Waste water"),
        (2, "Water"),
    ]
    assert main[0]["Remark"] == "'\tindented" and main[1]["Remark"] is None


def test_a_field_that_the_latest_version_removed_is_still_a_column():
    assert csv_lines([FILED_V2])[0][-1] == "Remark"


def test_sheet_names_are_valid_and_unique():
    taken = set()
    names = [sheet_name("排口/出口[1]", taken), sheet_name("排口/出口[1]", taken)]
    assert names == ["排口 出口 1", "排口 出口 1 (2)"]
    assert len(sheet_name("x" * 40, taken)) == 31


def test_csv_comes_in_chunks_as_rows_are_read():
    read = []

    def submissions():
        for number in range(450):
            read.append(number)
            yield Filed(f"N-{number}", "v2", 2, {"subject": "s"})

    chunks = csv_chunks(Layout.of(definitions(), "en"), submissions())
    next(chunks)
    assert len(read) == 200
    assert sum(chunk.count(b"\r\n") for chunk in chunks) == 250


def test_dates_read_back_as_dates_not_text():
    main = workbook([FILED_V1])["Submissions"]
    assert isinstance(main.cell(row=2, column=8).value, datetime | date)
