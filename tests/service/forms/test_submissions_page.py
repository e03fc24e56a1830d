"""The submissions page of a form, and the lists that name forms by their titles."""

import re

import pytest

from tests.service.forms.noise_complaint import three_versions


@pytest.fixture
def noise(web, seeded):
    return three_versions(web)


def rows(page: str) -> list[str]:
    return re.findall(r'data-testid="submission-row" data-acceptance-number="([^"]+)"', page)


def test_the_page_shows_each_submission_in_its_versions_labels_under_the_latest_headings(
    web, noise
):
    form_id, filed = noise
    response = web("shangcheng", language="zh-CN").get(f"/forms/{form_id}/submissions")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>噪声投诉" in page
    assert '<th scope="col">类型</th>' in page and "地点" in page
    assert rows(page) == [s["acceptance_number"] for s in reversed(filed)]
    assert "<td>夜间</td>" in page and "<td>夜里</td>" in page
    assert "<td>钱塘印染 刘主任</td>" in page


def test_the_page_filters_pages_and_links_exports_with_the_same_filters(web, noise):
    form_id, filed = noise
    client = web("shangcheng")
    page = client.get(f"/forms/{form_id}/submissions?f.kind=night&per_page=1").get_data(
        as_text=True
    )
    assert rows(page) == [filed[2]["acceptance_number"]]
    assert "Page 1 of 2" in page and "page=2" in page
    assert f'/forms/api/forms/{form_id}/submissions.csv?f.kind=night"' in page


def test_raw_values_on_the_page_show_option_values(web, noise):
    form_id, _filed = noise
    page = web("shangcheng").get(f"/forms/{form_id}/submissions?values=raw").get_data(as_text=True)
    assert "<td>night</td>" in page and "<td>true</td>" in page


def test_a_bad_filter_on_the_page_is_shown_beside_its_field_with_a_400(web, noise):
    form_id, _filed = noise
    response = web("shangcheng", language="zh-CN").get(
        f"/forms/{form_id}/submissions?f.decibels=loud&per_page=999"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'data-field="f.decibels">必须是数字。' in page
    assert 'data-field="per_page">必须是 1 到 200 之间的整数。' in page
    assert rows(page) == []


def test_the_forms_list_links_the_submissions_and_names_forms_by_title_and_version(web, noise):
    form_id, _filed = noise
    page = web("shangcheng").get("/forms/").get_data(as_text=True)
    assert f'href="/forms/{form_id}/submissions"' in page
    assert "noise-complaint v" not in page
    assert re.search(r"Noise complaint <span class=\"muted\">version 3</span>", page)


def test_the_enterprise_home_names_its_requests_by_title_and_version(web, noise):
    page = web("qiantang", language="zh-CN").get("/forms/").get_data(as_text=True)
    assert '噪声投诉 <span class="muted">第 1 版</span>' in page
    assert "noise-complaint v1" not in page


def test_the_edit_page_links_the_submissions(web, noise):
    form_id, _filed = noise
    page = web("shangcheng").get(f"/forms/{form_id}/edit").get_data(as_text=True)
    assert f'href="/forms/{form_id}/submissions"' in page


def test_a_region_answer_reads_as_its_division_and_is_filtered_from_a_list_of_divisions(
    web, seeded
):
    # Given a county form with a region field, and a submission naming Xihu District
    admin = web("shangcheng", language="zh-CN")
    definition = {
        "key": "site-region",
        "title": {"zh_CN": "所在区域", "en": "Site region"},
        "fields": [{"name": "where", "type": "region", "label": {"zh_CN": "区域", "en": "Region"}}],
    }
    form_id = admin.post("/forms/api/forms", json={"definition": definition}).json["id"]
    admin.post(f"/forms/api/forms/{form_id}/publish")
    filed = web("qiantang").post(
        "/forms/api/submissions", json={"form": "site-region", "answers": {"where": "330106"}}
    )
    assert filed.status_code == 201, filed.json
    # When the administrator filters on that division
    page = admin.get(f"/forms/{form_id}/submissions?f.where=330106").get_data(as_text=True)
    # Then the row shows the division's name, and the filter offers divisions by name
    assert rows(page) == [filed.json["acceptance_number"]]
    assert "<td>杭州市 西湖区</td>" in page
    assert '<option value="330106" selected>杭州市 西湖区</option>' in page
    assert (
        rows(admin.get(f"/forms/{form_id}/submissions?f.where=330102").get_data(as_text=True)) == []
    )
