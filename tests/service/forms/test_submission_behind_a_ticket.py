"""What the enterprise asked travels with its submission's event (its answers as rows in
the version's labels, and its contact), and the staff who handle the submission's ticket
read the submission and its attachments; other departments still get 404."""

import io
import json

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from services.forms.adapters import orm
from shared.auth import Principal
from shared.messaging.envelope import new_envelope
from tests.service.forms.conftest import OUTLET_REPORT
from tests.service.forms.test_attachments import pdf

OUTBOX = orm.messaging_tables[0]
ANSWERS = {
    "company": "钱塘印染",
    "region": "330106",
    "kind": "water",
    "water_body": "钱塘江",
    "outlets": [{"outlet_name": "一号排口", "flow": 2.5}, {"outlet_name": "二号排口", "flow": 1}],
    "site": {"address": "上城区 1 号"},
    "online_monitoring": False,
    "pollutants": ["cod", "so2"],
    "contact_phone": "13812345678",
}


@pytest.fixture
def filed(web, seeded) -> dict:
    """Qiantang (unpaired, Shangcheng) files the outlet report with a permit scan; not yet
    delivered to workflow. Returns the submission and the upload's id."""
    admin = web("province")
    created = admin.post("/forms/api/forms", json={"definition": OUTLET_REPORT})
    assert admin.post(f"/forms/api/forms/{created.json['id']}/publish").status_code == 201
    enterprise = web("qiantang")
    upload_id = upload_pdf(enterprise)
    answers = {**ANSWERS, "permit_scan": upload_id}
    body = {"form": "outlet-report", "answers": answers}
    response = enterprise.post("/forms/api/submissions", json=body)
    assert response.status_code == 201, response.json
    return {**response.json, "upload_id": upload_id}


def upload_pdf(client) -> str:
    file = FileStorage(io.BytesIO(pdf()), filename="许可证.pdf", content_type="application/pdf")
    data = {"form": "outlet-report", "field": "permit_scan", "file": file}
    body, length, boundary = stream_encode_multipart(data, use_tempfile=False)
    response = client.post(
        "/forms/api/uploads",
        input_stream=body,
        content_length=length,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def received_event(seeded) -> dict:
    query = select(OUTBOX.c.body).where(OUTBOX.c.routing_key == "forms.submission.received")
    with seeded.runtimes["forms"].engine.connect() as conn:
        (body,) = conn.execute(query).scalars()
    return json.loads(body)["data"]


def staff_of(seeded, org_unit_id: str, person_id: str = "p-outsider"):
    """A forms client signed in as a department staff member of ``org_unit_id``."""
    who = Principal(
        id=person_id,
        username=person_id,
        name="科员",
        roles=("department_staff",),
        org_path=f"33/3301/330102/{org_unit_id}",
        org_unit_id=org_unit_id,
    )
    client = seeded.apps["forms"].test_client()
    with client.session_transaction() as session:
        session["principal"] = who.to_dict()
        session["_user_id"] = who.id
        session["_fresh"] = True
    return client


def reads(client, filed: dict) -> tuple[int, int]:
    """The status of the submission page and of the attachment's download."""
    page = client.get(f"/forms/submissions/{filed['id']}")
    download = client.get(f"/forms/api/uploads/{filed['upload_id']}")
    download.get_data()
    download.close()
    return page.status_code, download.status_code


def ticket_opened(filed: dict, **assignee) -> dict:
    return {
        "ticket_id": "t-1",
        "number": "330102-20261127-0001",
        "account_id": "a-1",
        "enterprise_id": filed["enterprise_id"],
        "enterprise_name": "钱塘印染",
        "submission_id": filed["id"],
        "title": "排污口",
        "county_id": "330102",
        "org_path": "33/3301/330102",
        "opened_at": "2026-11-27T09:30:00+08:00",
        **assignee,
    }


def test_the_event_carries_choices_groups_rows_regions_and_files_in_both_languages(seeded, filed):
    rows = {row["name"]: row for row in received_event(seeded)["answers"]}

    assert rows["kind"]["text"] == {"zh_CN": "废水", "en": "Waste water"}
    assert rows["pollutants"]["text"] == {"zh_CN": "化学需氧量、二氧化硫", "en": "COD, SO2"}
    assert rows["region"]["text"]["en"] == "Hangzhou City Xihu District"
    assert rows["online_monitoring"]["text"] == {"zh_CN": "否", "en": "No"}
    assert rows["site"]["is_heading"] and rows["site.address"]["depth"] == 1
    assert rows["outlets.1"]["label"]["zh_CN"] == "第 2 行"
    assert rows["outlets.0.flow"]["text"]["en"] == "2.5"
    (attachment,) = rows["permit_scan"]["files"]
    assert attachment["upload_id"] == filed["upload_id"]
    assert attachment["filename"] == "许可证.pdf"


def test_the_event_carries_the_contact_fields_and_the_filers_name(seeded, filed):
    assert received_event(seeded)["contact"] == {
        "name": None,
        "phone": "13812345678",
        "email": None,
        "submitter_name": "钱塘印染 刘主任",
    }


def test_staff_of_the_department_holding_the_ticket_read_the_submission_and_its_file(
    web, seeded, filed
):
    # Given the submission is not yet a ticket, the department's staff do not read it
    staff = web("staff")
    assert reads(staff, filed) == (404, 404)
    # When workflow opens its ticket for Shangcheng's default department
    seeded.drain()
    # Then the department's staff read the page and download the file
    assert reads(staff, filed) == (200, 200)
    page = staff.get(f"/forms/submissions/{filed['id']}").get_data(as_text=True)
    assert "Waste water" in page and filed["acceptance_number"] in page


def test_staff_of_another_department_or_county_still_get_404(web, seeded, filed):
    seeded.drain()

    assert reads(staff_of(seeded, "330102-eia"), filed) == (404, 404)
    assert reads(web("xihu"), filed) == (404, 404)
    assert reads(web("qingyuan"), filed) == (404, 404)


def test_administrators_over_the_enterprise_keep_reading_it(web, seeded, filed):
    assert reads(web("shangcheng"), filed) == (200, 200)
    assert reads(web("province"), filed) == (200, 200)


def test_a_person_a_ticket_is_assigned_to_reads_its_submission(seeded, filed):
    data = ticket_opened(filed, assignee_person_id="p-outsider")

    for _ in range(2):  # a second event naming the same reader changes nothing
        seeded.runtimes["forms"].consumer(new_envelope("workflow.ticket.opened", data, tenant="33"))

    assert reads(staff_of(seeded, "330102-eia", "p-outsider"), filed) == (200, 200)
    assert reads(staff_of(seeded, "330102-eia", "p-other"), filed) == (404, 404)


def test_a_ticket_without_a_submission_lets_nobody_read_anything(seeded, filed):
    data = {**ticket_opened(filed, assignee_org_unit_id="330102-eia"), "submission_id": None}

    seeded.runtimes["forms"].consumer(new_envelope("workflow.ticket.opened", data, tenant="33"))

    assert reads(staff_of(seeded, "330102-eia"), filed) == (404, 404)
    with seeded.runtimes["forms"].engine.connect() as conn:
        assert conn.execute(select(orm.submission_readers)).all() == []


def ticket_changed(filed: dict, action: str, **fields) -> dict:
    return {
        "ticket_id": "t-1",
        "number": "330102-20261127-0001",
        "county_id": "330102",
        "org_path": "33/3301/330102",
        "actor_id": "p-staff",
        "at": "2026-12-02T09:00:00+08:00",
        "enterprise_id": filed["enterprise_id"],
        "submission_id": filed["id"],
        "action": action,
        **fields,
    }


def test_a_ticket_handed_over_is_read_by_its_new_holder_and_still_by_the_previous_one(
    web, seeded, filed
):
    # Given the ticket was opened for Shangcheng's office
    seeded.drain()
    # When it is transferred to the EIA section
    handed_over = ticket_changed(
        filed, "transfer", holder_org_unit_id="330102-eia", from_org_unit_id="330102-office"
    )
    seeded.runtimes["forms"].consumer(
        new_envelope("workflow.ticket.handed_over", handed_over, tenant="33/3301/330102")
    )
    # Then the EIA section's staff read it, and the office's staff keep reading it
    assert reads(staff_of(seeded, "330102-eia"), filed) == (200, 200)
    assert reads(web("staff"), filed) == (200, 200)
    assert reads(staff_of(seeded, "330102-monitoring"), filed) == (404, 404)


def test_every_department_invited_to_co_handle_reads_the_submission(seeded, filed):
    invited = ticket_changed(
        filed, "cohandle", mode="all", org_unit_ids=["330102-eia", "3301-eia"], part_ids=[]
    )

    seeded.runtimes["forms"].consumer(
        new_envelope("workflow.ticket.cohandle_invited", invited, tenant="33/3301/330102")
    )

    assert reads(staff_of(seeded, "330102-eia"), filed) == (200, 200)
    assert reads(staff_of(seeded, "3301-eia", "p-city-staff"), filed) == (200, 200)
    assert reads(staff_of(seeded, "330102-monitoring"), filed) == (404, 404)
