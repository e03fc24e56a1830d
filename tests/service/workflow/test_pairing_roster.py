"""The pairing roster page and ending a pairing: administrators see their area's pairings
of a year by name, pair an enterprise from selects and end a pairing with a reason, which
keeps it as history and announces it; liaisons and contact leaders only read theirs."""

import re

import pytest

from services.workflow.domain.messages import message

PAGE = "/workflow/pairings"
LEADER = "contact_leader_person_id"
FORM = {"enterprise_id": "ent-a", "liaison_person_id": "p-liaison", "year": "2026"}


@pytest.fixture
def paired(world, pair):
    """ent-a paired with the Shangcheng liaison for 2026 (and the contact leader)."""
    body = {**FORM, "year": 2026, "contact_leader_person_id": "p-leader"}
    response = world.client("shangcheng").post("/workflow/api/pairings", json=body)
    assert response.status_code == 201
    return response.get_json()


def end(world, pairing_id, body, username="shangcheng", lang="en"):
    url = f"/workflow/api/pairings/{pairing_id}/end"
    return world.client(username, lang=lang).post(url, json=body)


def pairing_rows(page: str) -> list[tuple[str, str]]:
    return re.findall(
        r'data-testid="pairing-row" data-pairing-id="([^"]+)" data-active="(\w+)"', page
    )


def test_administrator_sees_the_years_pairings_by_name(world, paired):
    page = world.client("shangcheng").get(f"{PAGE}?year=2026").get_data(as_text=True)

    assert pairing_rows(page) == [(paired["id"], "true")]
    assert "杭州清源环保科技有限公司" in page
    assert "Name of liaison" in page and "Name of leader" in page
    assert "p-liaison" not in page.replace('value="p-liaison"', "")


def test_other_years_show_no_pairings(world, paired):
    page = world.client("shangcheng").get(f"{PAGE}?year=2027").get_data(as_text=True)

    assert pairing_rows(page) == []


def test_pair_form_offers_unpaired_enterprises_liaisons_and_leaders_by_name(world, paired):
    page = world.client("shangcheng").get(f"{PAGE}?year=2026").get_data(as_text=True)
    form = page[page.index('data-testid="pair-form"') :]

    assert '<option value="ent-b" >杭州钱塘印染有限公司</option>' in form
    assert '<option value="ent-a"' not in form  # already paired this year
    assert '<option value="p-liaison" >Name of liaison</option>' in form
    assert '<option value="p-leader" >Name of leader</option>' in form
    assert '<option value="ent-c"' not in form  # another county's


def test_city_sees_each_enterprise_with_its_county(world):
    page = world.client("hangzhou").get(PAGE).get_data(as_text=True)

    assert "杭州西溪新材料股份有限公司（Unit 330106）" in page
    assert "Name of liaison-xihu（Unit 330106）" in page


def test_pairing_from_the_page_is_stored(world):
    response = world.client("shangcheng").post(PAGE, data=FORM)

    assert (response.status_code, response.headers["Location"]) == (302, f"{PAGE}?year=2026")
    [pairing] = world.client("shangcheng").get("/workflow/api/pairings").get_json()
    assert (pairing["enterprise_id"], pairing["liaison_person_id"]) == ("ent-a", "p-liaison")


@pytest.mark.parametrize(
    ("change", "field", "rule", "value"),
    [
        ({"enterprise_id": ""}, "enterprise_id", "required", None),
        ({"liaison_person_id": ""}, "liaison_person_id", "required", None),
        ({"liaison_person_id": "p-staff"}, "liaison_person_id", "not_liaison", None),
        ({LEADER: "p-liaison"}, LEADER, "not_contact_leader", None),
        ({"year": "1999"}, "year", "year_range", 1999),
        ({"year": "twenty"}, "year", "not_integer", None),
    ],
)  # fmt: skip
@pytest.mark.parametrize(("lang", "locale"), [("en", "en"), ("zh-CN", "zh_CN")])
def test_bad_pairing_from_the_page_is_shown_by_its_field_and_not_stored(
    world, change, field, rule, value, lang, locale
):
    response = world.client("shangcheng", lang=lang).post(PAGE, data={**FORM, **change})

    expected = message(rule, locale, field=field, value=value)
    assert response.status_code == 422
    assert f'data-field="{field}">{expected}</p>' in response.get_data(as_text=True)
    assert world.count("pairings") == 0


def test_ending_a_pairing_keeps_it_as_history_with_who_when_and_why(world, paired):
    response = end(world, paired["id"], {"reason": "The enterprise moved to Xihu."})

    body = response.get_json()
    assert response.status_code == 200
    assert (body["is_active"], body["ended_by"], body["end_reason"]) == (
        False,
        "p-shangcheng",
        "The enterprise moved to Xihu.",
    )
    assert body["ended_at"]
    assert world.count("pairings") == 1


def test_ending_a_pairing_is_announced(world, paired):
    end(world, paired["id"], {"reason": "moved"})

    [ended] = world.published("workflow.pairing.ended")
    assert (ended["pairing_id"], ended["ended_by"], ended["reason"]) == (
        paired["id"],
        "p-shangcheng",
        "moved",
    )


def test_ended_pairing_no_longer_routes_and_the_enterprise_may_be_paired_again(world, paired):
    end(world, paired["id"], {"reason": "moved"})
    world.submit("ent-a", "sub-1")

    again = world.client("shangcheng").post("/workflow/api/pairings", json={**FORM, "year": 2026})

    assert world.ticket_of("sub-1").assignee_org_unit_id == "330102-office"
    assert again.status_code == 201


@pytest.mark.parametrize(
    ("body", "field", "rule", "value"),
    [
        ({}, "reason", "required", None),
        ({"reason": "  "}, "reason", "required", None),
        ({"reason": "x" * 501}, "reason", "too_long", 500),
        ({"reason": "moved", "when": "now"}, "when", "unknown_field", None),
    ],
)
@pytest.mark.parametrize(("lang", "locale"), [("en", "en"), ("zh-CN", "zh_CN")])
def test_bad_reason_names_the_field_and_leaves_the_pairing_active(
    world, paired, body, field, rule, value, lang, locale
):
    response = end(world, paired["id"], body, lang=lang)

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        field: [message(rule, locale, field=field, value=value)]
    }
    assert world.client("shangcheng").get("/workflow/api/pairings").get_json()[0]["is_active"]
    assert world.published("workflow.pairing.ended") == []


def test_ending_a_pairing_twice_is_a_conflict(world, paired):
    end(world, paired["id"], {"reason": "moved"})

    response = end(world, paired["id"], {"reason": "again"}, lang="zh-CN")

    assert response.status_code == 409
    assert response.get_json()["detail"] == message("pairing_ended", "zh-CN")


@pytest.mark.parametrize("username", ["xihu"])
def test_pairing_outside_the_area_is_not_found(world, paired, username):
    assert end(world, paired["id"], {"reason": "x"}, username=username).status_code == 404
    assert end(world, "nope", {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("username", ["liaison", "leader", "staff"])
def test_only_administrators_may_end_a_pairing(world, paired, username):
    assert end(world, paired["id"], {"reason": "x"}, username=username).status_code == 403


def test_ended_pairing_shows_on_the_page_with_its_reason(world, paired):
    client = world.client("shangcheng")

    response = client.post(f"{PAGE}/{paired['id']}/end", data={"reason": "搬迁", "year": "2026"})

    page = client.get(f"{PAGE}?year=2026").get_data(as_text=True)
    assert response.status_code == 302
    assert pairing_rows(page) == [(paired["id"], "false")]
    assert "Name of shangcheng: 搬迁" in page


@pytest.mark.parametrize(("lang", "locale"), [("en", "en"), ("zh-CN", "zh_CN")])
def test_ending_without_a_reason_on_the_page_shows_the_error_by_that_pairing(
    world, paired, lang, locale
):
    url = f"{PAGE}/{paired['id']}/end"

    response = world.client("shangcheng", lang=lang).post(url, data={"reason": ""})

    expected = message("required", locale, field="reason")
    assert response.status_code == 422
    assert f'data-field="{paired["id"]}.reason">{expected}</p>' in response.get_data(as_text=True)


@pytest.mark.parametrize("username", ["liaison", "leader"])
def test_liaison_and_contact_leader_see_their_pairings_read_only(world, paired, username):
    page = world.client(username).get(f"{PAGE}?year=2026").get_data(as_text=True)

    assert pairing_rows(page) == [(paired["id"], "true")]
    assert 'data-testid="pair-form"' not in page and 'data-testid="end-pairing"' not in page


def test_liaison_of_another_county_sees_none_and_staff_may_not_look(world, paired):
    page = world.client("liaison-xihu").get(PAGE).get_data(as_text=True)

    assert pairing_rows(page) == []
    assert world.client("staff").get(PAGE).status_code == 403
    assert world.client("liaison").post(PAGE, data=FORM).status_code == 403


def test_api_lists_one_years_pairings(world, paired):
    client = world.client("shangcheng")

    assert len(client.get("/workflow/api/pairings?year=2026").get_json()) == 1
    assert client.get("/workflow/api/pairings?year=2027").get_json() == []


def test_ending_an_ended_pairing_on_the_page_says_so(world, paired):
    url = f"{PAGE}/{paired['id']}/end"
    world.client("shangcheng").post(url, data={"reason": "moved"})

    response = world.client("shangcheng", lang="zh-CN").post(url, data={"reason": "again"})

    assert response.status_code == 409
    expected = f'data-field="">{message("pairing_ended", "zh-CN")}</p>'
    assert expected in response.get_data(as_text=True)
