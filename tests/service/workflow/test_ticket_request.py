"""A ticket keeps what the enterprise asked, as the submission's event told it: the
answers as rows in the form version's labels, the contact, and the way to the submission
and its attachments; its API and its page show them in the reader's language."""

import pytest

from tests.service.workflow.conftest import person_id

UPLOAD_ID = "5d6e7f80-1a2b-4c3d-8e9f-a0b1c2d3e4f5"
ANSWERS = [
    {
        "name": "category",
        "label": {"zh_CN": "诉求类别", "en": "Category"},
        "text": {"zh_CN": "排污许可", "en": "Discharge permit"},
        "files": [],
        "depth": 0,
        "is_heading": False,
    },
    {
        "name": "outlets",
        "label": {"zh_CN": "排污口", "en": "Outlets"},
        "text": None,
        "files": [],
        "depth": 0,
        "is_heading": True,
    },
    {
        "name": "outlets.0",
        "label": {"zh_CN": "第 1 行", "en": "Row 1"},
        "text": None,
        "files": [],
        "depth": 1,
        "is_heading": True,
    },
    {
        "name": "outlets.0.flow",
        "label": {"zh_CN": "流量", "en": ""},
        "text": {"zh_CN": "2.5", "en": "2.5"},
        "files": [],
        "depth": 2,
        "is_heading": False,
    },
    {
        "name": "permit_scan",
        "label": {"zh_CN": "许可证扫描件", "en": "Permit scan"},
        "text": {"zh_CN": "许可证.pdf (200.0 KB)", "en": "许可证.pdf (200.0 KB)"},
        "files": [{"upload_id": UPLOAD_ID, "filename": "许可证.pdf", "size": 204800}],
        "depth": 0,
        "is_heading": False,
    },
    {
        "name": "needs_visit",
        "label": {"zh_CN": "需要上门服务", "en": "Needs an on-site visit"},
        "text": None,
        "files": [],
        "depth": 0,
        "is_heading": False,
    },
]
CONTACT = {
    "name": "张经理",
    "phone": "13812345678",
    "email": None,
    "submitter_name": "钱塘印染 刘主任",
}


@pytest.fixture
def ticket_id(world, submit) -> str:
    """ent-b's ticket (Shangcheng's office, where "staff" works), with its answers."""
    submit("ent-b", "sub-b", answers=ANSWERS, contact=CONTACT, form_version=3)
    return world.ticket_of("sub-b").id


def page(world, username: str, ticket_id: str, lang: str) -> str:
    response = world.client(username, lang=lang).get(f"/workflow/tickets/{ticket_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_ticket_api_has_the_answers_contact_and_submission(world, ticket_id):
    body = world.client("staff").get(f"/workflow/api/tickets/{ticket_id}").get_json()

    assert (body["form_key"], body["form_version"]) == ("enterprise-request", 3)
    assert [row["name"] for row in body["answers"]] == [row["name"] for row in ANSWERS]
    assert body["answers"][0]["text"] == {"zh_CN": "排污许可", "en": "Discharge permit"}
    assert body["contact"] == CONTACT
    assert body["submission_url"] == "/forms/submissions/sub-b"


def test_an_attachment_in_the_api_carries_the_forms_download_url(world, ticket_id):
    body = world.client("shangcheng").get(f"/workflow/api/tickets/{ticket_id}").get_json()

    (file,) = body["answers"][4]["files"]
    assert file == {
        "upload_id": UPLOAD_ID,
        "filename": "许可证.pdf",
        "size": 204800,
        "url": f"/forms/api/uploads/{UPLOAD_ID}",
    }


def test_the_ticket_page_shows_the_answers_in_chinese(world, ticket_id):
    shown = page(world, "staff", ticket_id, "zh-CN")

    assert "企业诉求内容" in shown
    assert '<th scope="row">诉求类别</th><td><span class="multiline">排污许可</span>' in shown
    assert '<th colspan="2" scope="colgroup">第 1 行</th>' in shown
    assert '<span class="muted" title="未填写">—</span>' in shown


def test_the_ticket_page_shows_the_answers_in_english_falling_back_to_chinese(world, ticket_id):
    shown = page(world, "staff", ticket_id, "en")

    assert (
        '<th scope="row">Category</th><td><span class="multiline">Discharge permit</span>' in shown
    )
    assert '<th colspan="2" scope="colgroup">Row 1</th>' in shown
    assert '<tr class="depth-2" data-answer="outlets.0.flow"><th scope="row">流量</th>' in shown


def test_the_ticket_page_links_the_attachment_and_the_submission(world, ticket_id):
    shown = page(world, "user-b", ticket_id, "en")

    assert (
        f'<a href="/forms/api/uploads/{UPLOAD_ID}" download data-testid="attachment">'
        "许可证.pdf (200.0 KB)</a>" in shown
    )
    assert '<a href="/forms/submissions/sub-b" data-testid="submission-link">' in shown


def test_the_ticket_page_shows_how_to_reach_the_enterprise(world, ticket_id):
    shown = page(world, "shangcheng", ticket_id, "zh-CN")

    assert '<dt>联系人</dt><dd data-testid="contact-name">张经理</dd>' in shown
    assert '<a href="tel:13812345678" data-testid="contact-phone">13812345678</a>' in shown
    assert "<dt>提交人</dt><dd>钱塘印染 刘主任</dd>" in shown
    assert "电子邮箱" not in shown


def test_a_ticket_opened_from_an_event_without_answers_links_to_the_submission(world, submit):
    submit("ent-a", "sub-old")
    ticket_id = world.ticket_of("sub-old").id

    body = world.client("shangcheng").get(f"/workflow/api/tickets/{ticket_id}").get_json()
    shown = page(world, "shangcheng", ticket_id, "en")

    assert (body["answers"], body["contact"]) == ([], None)
    assert 'data-testid="ticket-answers"' not in shown
    assert 'href="/forms/submissions/sub-old"' in shown


def test_the_answers_are_kept_on_the_ticket_as_the_event_gave_them(world, ticket_id):
    with world.runtime.uow() as uow:
        ticket = uow.workflow.ticket(ticket_id)
        assert (ticket.answers, ticket.contact) == (ANSWERS, CONTACT)
        assert ticket.history[0].actor == person_id("user-b")
