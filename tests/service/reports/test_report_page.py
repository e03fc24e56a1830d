"""The reports page and its CSV export: rows, totals, languages, access."""

import csv
import io
import re
from datetime import timedelta

import pytest

PAGE = "/reports/"
CSV = "/reports/tickets-by-county.csv"
BOM = b"\xef\xbb\xbf"


@pytest.fixture(autouse=True)
def _tickets(province, runtime, ticket_opened, ticket_closed, now):
    """Shangcheng has three tickets: one open, one open and overdue, one closed; Xihu has
    one open; every other county none."""
    past_due = (now - timedelta(days=1)).isoformat()
    runtime.consumer(ticket_opened("t-1", "330102"))
    runtime.consumer(ticket_opened("t-2", "330102", due_at=past_due))
    runtime.consumer(ticket_opened("t-4", "330102", due_at=past_due))
    runtime.consumer(ticket_closed("t-4", "330102"))
    runtime.consumer(ticket_opened("t-3", "330106"))


def cells(html: str, county_id: str) -> dict[str, str]:
    row = re.search(rf'<tr data-testid="county-{county_id}"[^>]*>(.*?)</tr>', html, re.S)
    assert row, f"no row for county {county_id}"
    return dict(re.findall(r'<td data-col="(\w+)">(.*?)</td>', row.group(1)))


def total(html: str, name: str) -> str:
    return re.search(rf'data-testid="total-{name}">(\d+)<', html).group(1)


def csv_lines(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_page_shows_a_row_per_county_with_its_counts(client, sign_in):
    sign_in("33/3301", "city_admin")

    html = client.get(PAGE, query_string={"lang": "zh_CN"}).get_data(as_text=True)

    assert html.count('<tr data-testid="county-') == 13
    shangcheng = cells(html, "330102")
    assert (shangcheng["county_name"], shangcheng["city_name"]) == ("上城区", "杭州市")
    assert [shangcheng[c] for c in ("opened", "open", "closed", "overdue")] == ["3", "2", "1", "1"]
    assert cells(html, "330108")["opened"] == "0"


def test_the_summary_adds_up_the_viewers_counties(client, sign_in):
    sign_in("33/3301", "city_admin")

    html = client.get(PAGE).get_data(as_text=True)

    assert [total(html, name) for name in ("opened", "open", "closed", "overdue")] == [
        "4",
        "3",
        "1",
        "1",
    ]


def test_a_county_admins_page_holds_only_their_county(client, sign_in):
    sign_in("33/3301/330106")

    html = client.get(PAGE).get_data(as_text=True)

    assert html.count('<tr data-testid="county-') == 1
    assert cells(html, "330106")["opened"] == "1"
    assert total(html, "opened") == "1"
    assert 'data-testid="county-330102"' not in html


def test_the_page_links_to_the_csv_export(client, sign_in):
    sign_in("33", "province_admin")

    html = client.get(PAGE).get_data(as_text=True)

    assert f'href="{CSV}" data-testid="csv-export"' in html


def test_the_csv_starts_with_the_bom_and_has_chinese_headings(client, sign_in):
    sign_in("33/3301/330102")

    response = client.get(CSV, query_string={"lang": "zh_CN"})

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(BOM)
    assert csv_lines(response.data) == [
        ["设区市", "县（市、区）", "行政区划代码", "受理工单", "办理中", "已销号", "已超期"],
        ["杭州市", "上城区", "330102", "3", "2", "1", "1"],
    ]


def test_the_csv_has_english_headings_and_names_for_an_english_viewer(client, sign_in):
    sign_in("33/3301/330102")

    response = client.get(CSV, query_string={"lang": "en"})

    assert response.data.startswith(BOM)
    assert csv_lines(response.data) == [
        ["City", "County", "Division code", "Tickets opened", "Open", "Closed", "Overdue"],
        ["Hangzhou", "Shangcheng District", "330102", "3", "2", "1", "1"],
    ]


def test_the_provinces_csv_has_all_90_counties(client, sign_in):
    sign_in("33", "province_admin")

    lines = csv_lines(client.get(CSV).data)

    assert len(lines) == 1 + 90


@pytest.mark.parametrize("url", [PAGE, CSV])
def test_an_enterprise_user_is_refused_the_page_and_the_csv(client, sign_in, url):
    sign_in("33/3301/330102", "enterprise_user")

    response = client.get(url)

    assert response.status_code == 403
    assert 'data-testid="county-' not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", [PAGE, CSV])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
