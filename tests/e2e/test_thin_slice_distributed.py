"""The thin slice over HTTP, with every service's web app and worker in its own process.

A county publishes a form of its own; enterprises file requests; each request becomes one
ticket in the right hands, an inbox item and a count in the county's report; nobody sees
what lies outside their area.
"""

from __future__ import annotations

import pytest
import requests

from shared.config import SERVICES
from tests.e2e.api_client import (
    PROVINCE_FORM,
    file_request,
    inbox_items_for,
    poll,
    province_answers,
    tickets_of,
    unique,
)

pytestmark = pytest.mark.e2e

COUNTY = "330102"
COUNTY_FORM = {
    "key": "shangcheng-site-visit",
    "title": {"zh_CN": "上城区上门服务申请", "en": "Shangcheng on-site visit request"},
    "fields": [
        {
            "name": "subject",
            "type": "text",
            "label": {"zh_CN": "事项", "en": "Subject"},
            "required": True,
            "max_length": 100,
        },
        {
            "name": "visit_date",
            "type": "date",
            "label": {"zh_CN": "希望上门日期", "en": "Preferred visit date"},
        },
    ],
}


@pytest.fixture(scope="module")
def county_form(people) -> dict:
    """Shangcheng's own form, created and published by its administrator."""
    admin = people["shangcheng"]
    created = admin.post("/forms/api/forms", json={"definition": COUNTY_FORM})
    assert created.status_code == 201, created.text
    published = admin.post(f"/forms/api/forms/{created.json()['id']}/publish")
    assert published.status_code == 201, published.text
    return created.json()


@pytest.fixture(scope="module")
def paired_request(people, county_form) -> dict:
    """The paired enterprise's request on the county's form."""
    answers = {"subject": unique("Visit about noise monitoring"), "visit_date": "2030-05-06"}
    return file_request(people["qingyuan"], county_form["key"], answers)


@pytest.fixture(scope="module")
def paired_ticket(people, paired_request) -> dict:
    return poll(lambda: tickets_of(people["liaison"], paired_request))[0]


@pytest.fixture(scope="module")
def unpaired_request(people) -> dict:
    """The unpaired enterprise's request on the province's form (no rule matches it)."""
    return file_request(people["qiantang"], PROVINCE_FORM, province_answers(unique("Permit")))


@pytest.fixture(scope="module")
def unpaired_ticket(people, unpaired_request) -> dict:
    return poll(lambda: tickets_of(people["staff"], unpaired_request))[0]


def test_county_form_is_published_under_the_county(county_form):
    assert county_form["org_path"].endswith(COUNTY)
    assert county_form["key"] == COUNTY_FORM["key"]


def test_paired_enterprise_request_opens_one_ticket_assigned_to_its_liaison(
    people, paired_request, paired_ticket
):
    assert len(tickets_of(people["liaison"], paired_request)) == 1
    assert paired_ticket["county_id"] == COUNTY
    assert paired_ticket["title"] == paired_request["data"]["subject"]
    assert paired_ticket["acceptance_number"] == paired_request["acceptance_number"]
    assert paired_ticket["assignee_person_id"] and not paired_ticket["assignee_org_unit_id"]


def test_enterprise_sees_its_own_request_and_ticket(people, paired_request, paired_ticket):
    own = people["qingyuan"]

    stored = own.json(f"/forms/api/submissions/{paired_request['id']}")

    assert stored["data"] == paired_request["data"]
    assert [t["id"] for t in tickets_of(own, paired_request)] == [paired_ticket["id"]]


def test_liaison_finds_the_ticket_in_the_inbox(people, paired_ticket):
    items = poll(lambda: inbox_items_for(people["liaison"], paired_ticket))

    assert len(items) == 1
    assert items[0]["kind"] == "ticket_assigned"
    assert not items[0]["is_read"]


def test_liaison_is_mailed_about_the_ticket_by_notifys_job_over_rabbitmq(
    distributed, paired_ticket
):
    # The notify worker's dramatiq actor runs on RabbitMQ and hands the mail to a real
    # SMTP listener.
    mails = poll(
        lambda: [
            mail
            for mail in distributed.mailbox.messages_to("liaison@demo.qinqing.local")
            if paired_ticket["number"] in mail["Subject"]
        ]
    )
    assert len(mails) == 1
    assert paired_ticket["number"] in mails[0].get_content()


def test_county_report_counts_every_ticket_of_the_county(people, paired_ticket):
    admin = people["shangcheng"]

    def counts_match():
        tickets = [t for t in admin.json("/workflow/api/tickets") if t["county_id"] == COUNTY]
        rows = admin.json("/reports/api/tickets-by-county")
        row = next(row for row in rows if row["county_id"] == COUNTY)
        return paired_ticket["id"] in {t["id"] for t in tickets} and row["opened"] == len(tickets)

    assert poll(counts_match)


def test_unpaired_enterprise_request_goes_to_the_default_department(
    people, unpaired_request, unpaired_ticket
):
    assert unpaired_ticket["assignee_org_unit_id"] and not unpaired_ticket["assignee_person_id"]
    assert unpaired_ticket["county_id"] == COUNTY
    assert tickets_of(people["liaison"], unpaired_request) == []


def test_department_staff_find_the_unpaired_request_in_their_inbox(people, unpaired_ticket):
    items = poll(lambda: inbox_items_for(people["staff"], unpaired_ticket))

    assert len(items) == 1


def test_other_county_administrator_sees_none_of_the_county_tickets(
    people, paired_ticket, unpaired_ticket
):
    other = people["xihu"]

    visible = other.json("/workflow/api/tickets")
    direct = other.get(f"/workflow/api/tickets/{paired_ticket['id']}")
    report = other.json("/reports/api/tickets-by-county")

    assert [t for t in visible if t["county_id"] == COUNTY] == []
    assert direct.status_code == 404
    assert COUNTY not in {row["county_id"] for row in report}


def test_enterprise_of_another_county_gets_404_for_the_request(people, paired_request):
    response = people["xixi"].get(f"/forms/api/submissions/{paired_request['id']}")

    assert response.status_code == 404
    assert paired_request["acceptance_number"] not in response.text


def test_filing_without_the_csrf_token_is_refused_and_stores_nothing(people):
    enterprise = people["qiantang"]
    subject = unique("Without a token")
    body = {"form": PROVINCE_FORM, "answers": province_answers(subject)}

    response = enterprise.post("/forms/api/submissions", csrf=False, json=body)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["csrf_token"]
    mine = enterprise.json("/forms/api/submissions")
    assert subject not in {s["data"].get("subject") for s in mine}


def test_filing_invalid_answers_names_the_field_and_stores_nothing(people):
    enterprise = people["qiantang"]
    answers = {**province_answers(unique("Bad category")), "category": "bribe"}

    response = enterprise.post(
        "/forms/api/submissions", json={"form": PROVINCE_FORM, "answers": answers}
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["category"]
    mine = enterprise.json("/forms/api/submissions")
    assert answers["subject"] not in {s["data"].get("subject") for s in mine}


def test_directory_health_reports_every_service_ok(distributed):
    response = requests.get(distributed.urls["directory"] + "/healthz", timeout=15)

    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ok", "services": dict.fromkeys(SERVICES, "ok")}
