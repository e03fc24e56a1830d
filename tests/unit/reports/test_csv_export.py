"""CSV exports that Chinese Excel opens correctly and safely."""

import csv
import io

from services.reports.views import CountyTickets, TicketCounts, totals
from services.reports.web.csv_export import to_csv

BOM = b"\xef\xbb\xbf"


def read(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_starts_with_the_utf8_byte_order_mark():
    body = to_csv(["区县"], [["上城区"]])

    assert body.startswith(BOM)
    assert body[len(BOM) :].decode("utf-8").startswith("区县")


def test_csv_holds_the_headings_then_one_line_per_row():
    body = to_csv(["County", "Open"], [["Shangcheng District", 2], ["Xihu District", 0]])

    assert read(body) == [["County", "Open"], ["Shangcheng District", "2"], ["Xihu District", "0"]]


def test_text_that_looks_like_a_formula_is_quoted_so_it_is_not_run():
    body = to_csv(["name"], [['=HYPERLINK("x")'], ["+1"], ["-1"], ["@SUM(A1)"]])

    assert [line[0] for line in read(body)[1:]] == ['\'=HYPERLINK("x")', "'+1", "'-1", "'@SUM(A1)"]


def test_negative_numbers_are_written_as_numbers():
    assert read(to_csv(["n"], [[-3]]))[1] == ["-3"]


def test_totals_add_up_every_count_of_the_rows():
    rows = [
        CountyTickets(
            county_id=county,
            county_name="",
            city_id="3301",
            city_name="",
            opened=opened,
            open=open_,
            closed=opened - open_,
            overdue=overdue,
        )
        for county, opened, open_, overdue in (("330102", 5, 3, 1), ("330106", 2, 2, 2))
    ]

    assert totals(rows) == TicketCounts(opened=7, open=5, closed=2, overdue=3)


def test_totals_of_no_rows_are_zero():
    assert totals([]) == TicketCounts(opened=0, open=0, closed=0, overdue=0)
