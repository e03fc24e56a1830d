"""Filling a form of definition v2 in the page without JavaScript: rows, groups and
conditions posted by dotted names, refused answers kept with their errors, and the
receipt in the version's labels."""

import pytest

from tests.service.forms.conftest import OUTLET_REPORT
from tests.service.forms.html import tag, tags

VALID = {
    "company": "清源环保",
    "region": "330106",
    "kind": "water",
    "water_body": "钱塘江",
    "office_staff": "3",
    "field_staff": "4",
    "outlets.0.outlet_name": "一号排口",
    "outlets.0.flow": "2.5",
    "outlets.0.hours": "8",
    "outlets.1.outlet_name": "",
    "outlets.1.flow": "",
    "site.address": "西湖区 1 号",
    "online_monitoring": "false",
    "pollutants": ["cod", "so2"],
    "satisfaction": "4",
    "inspected_at": "2026-12-02T14:30",
    "contact_phone": "13812345678",
}


@pytest.fixture
def outlet_report_path(web) -> str:
    admin = web("province")
    created = admin.post("/forms/api/forms", json={"definition": OUTLET_REPORT})
    assert created.status_code == 201, created.json
    assert admin.post(f"/forms/api/forms/{created.json['id']}/publish").status_code == 201
    return "/forms/fill/outlet-report"


def test_a_v2_form_filed_without_javascript_shows_every_answer_on_the_receipt(
    web, outlet_report_path
):
    client = web("qiantang", language="zh-CN")
    response = client.post(outlet_report_path, data=VALID)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for shown in ("杭州市 西湖区", "废水", "钱塘江", "化学需氧量、二氧化硫", "★★★★☆"):
        assert shown in page
    assert '<tr data-answer="total_staff"><th scope="row">职工合计</th><td>7</td>' in page
    assert "<td>一号排口</td><td>2.5</td><td>8</td><td>20" in page
    assert "2026年12月2日 14:30:00" in page


def test_a_refused_v2_form_keeps_the_rows_and_shows_errors_at_their_paths(web, outlet_report_path):
    client = web("qiantang")
    typed = {**VALID, "company": "", "outlets.1.outlet_name": "二号排口", "outlets.1.flow": ""}
    response = client.post(outlet_report_path, data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-field="company">Company name: this answer is required.' in page
    assert (
        'data-field="outlets.1.flow">Outlets, row 2, Flow (t/h): this answer is required.' in page
    )
    assert tag(page, "input", name="outlets.1.outlet_name")["value"] == "二号排口"
    assert tag(page, "input", name="outlets.1.flow")["aria-invalid"] == "true"
    assert tag(page, "input", name="water_body")["value"] == "钱塘江"
    assert len(tags(page, "li", data_row="")) == 4  # two rows, the spare one, the template's


def test_a_hidden_conditional_answer_is_not_stored(web, outlet_report_path):
    client = web("qiantang")
    response = client.post(outlet_report_path, data={**VALID, "kind": "air"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "钱塘江" not in page and "Waste gas" in page
