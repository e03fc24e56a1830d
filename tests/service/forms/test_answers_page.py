"""A submission's answers (the receipt and the staff view) are shown in the labels of
the version they were filed against: groups, rows, choices, stars, dates, regions, files."""

import pytest

from services.forms.web.page import file_size
from tests.service.forms.html import tag, tags

STORED = {
    "company": "清源环保",
    "region": "330106",
    "kind": "water",
    "total_staff": 7,
    "outlets": [
        {"outlet_name": "一号排口", "flow": 2.5, "hours": 8, "daily_flow": 20},
        {"outlet_name": "二号排口", "flow": 1},
    ],
    "site": {"address": "西湖区\n1 号"},
    "inspected_at": "2026-12-02T14:30:00+08:00",
    "online_monitoring": False,
    "pollutants": ["so2", "cod"],
    "satisfaction": 4,
    "permit_scan": {
        "id": "a1b2",
        "name": "许可证.pdf",
        "size": 204800,
        "type": "application/pdf",
        "sha256": "00" * 32,
    },
}


def test_choices_booleans_and_regions_show_by_their_names_in_chinese(render_answers, outlet_report):
    page = render_answers(outlet_report, STORED, lang="zh_CN")
    assert "废水" in page and "water" not in page.replace('data-answer="water_body"', "")
    assert "二氧化硫、化学需氧量" in page
    assert ">否</td>" in page
    assert "杭州市 西湖区" in page and "330106" not in page


def test_choices_booleans_and_regions_show_by_their_names_in_english(render_answers, outlet_report):
    page = render_answers(outlet_report, STORED)
    assert "Waste water" in page and "SO2, COD" in page
    assert ">No</td>" in page
    assert "Hangzhou City Xihu District" in page


def test_a_rating_shows_stars_and_the_number(render_answers, outlet_report):
    page = render_answers(outlet_report, STORED)
    assert '<span class="stars" aria-hidden="true">★★★★☆</span> 4 stars' in page


def test_a_datetime_shows_in_the_pages_one_date_format(render_answers, outlet_report):
    assert "2026年12月2日 14:30:00" in render_answers(outlet_report, STORED, lang="zh_CN")
    assert "Dec 2, 2026, 2:30:00\u202fPM" in render_answers(outlet_report, STORED)


def test_a_repeating_group_is_a_table_of_its_rows(render_answers, outlet_report):
    page = render_answers(outlet_report, STORED, lang="zh_CN")
    headers = (
        '<th scope="col">#</th><th scope="col">排口名称</th><th scope="col">流量（吨/小时）</th>'
    )
    assert headers in page
    assert '<th scope="row">1</th><td>一号排口</td><td>2.5</td><td>8</td><td>20</td>' in page
    no_answer = '<span class="muted" title="未填写">—</span>'
    assert (
        f'<th scope="row">2</th><td>二号排口</td><td>1</td><td>{no_answer}</td><td>{no_answer}</td>'
        in page
    )


def test_a_groups_children_show_under_the_group_with_their_labels(render_answers, outlet_report):
    page = render_answers(outlet_report, STORED, lang="zh_CN")
    assert '<th scope="row">地址</th><td><span class="multiline">西湖区\n1 号</span>' in page


def test_a_file_answer_links_to_its_download_with_name_and_size(render_answers, outlet_report):
    page = render_answers(outlet_report, STORED)
    assert tag(page, "a", href="/forms/api/uploads/a1b2")
    assert '>许可证.pdf</a> <span class="muted">200.0 KB</span>' in page


def test_sections_are_headings_of_the_answers(render_answers, outlet_report):
    page = render_answers(outlet_report, STORED)
    assert len(tags(page, "tr", class_="section-head")) == 2
    assert '<th colspan="2" scope="colgroup">Outlets</th>' in page


def test_an_answer_whose_option_was_not_in_its_version_is_shown_as_stored(
    render_answers, outlet_report
):
    page = render_answers(outlet_report, {**STORED, "kind": "noise"})
    assert '<tr data-answer="kind"><th scope="row">Discharge kind</th><td>noise</td>' in page


def test_a_datetime_answer_that_is_not_one_is_shown_as_stored(render_answers, outlet_report):
    page = render_answers(outlet_report, {"inspected_at": "yesterday"})
    assert "<td>yesterday</td>" in page


def test_an_unanswered_field_shows_a_dash_named_no_answer(render_answers, outlet_report):
    page = render_answers(outlet_report, {"company": "清源环保", "credit_code": ""})
    no_answer = '<td><span class="muted" title="No answer">—</span></td>'
    assert f'<th scope="row">Unified social credit code</th>{no_answer}' in page
    assert f'<th scope="row">E-mail</th>{no_answer}' in page


def test_an_image_answer_shows_a_thumbnail_beside_its_download_link(render_answers, outlet_report):
    photo = {
        "id": "c3d4",
        "name": "排口.png",
        "size": 2048,
        "type": "image/png",
        "sha256": "0" * 64,
    }
    page = render_answers(outlet_report, {"outlet_photo": photo})
    assert tag(page, "img", src="/forms/api/uploads/c3d4")["alt"] == "排口.png"
    assert len(tags(page, "a", href="/forms/api/uploads/c3d4")) == 2


@pytest.mark.parametrize(
    ("size", "shown"), [(512, "512 B"), (2150, "2.1 KB"), (3 * 1024 * 1024 + 400_000, "3.4 MB")]
)
def test_file_sizes_read_in_bytes_kilobytes_or_megabytes(size, shown):
    assert file_size(size) == shown
