"""Directory: enterprises by credit code within one's area, and the administrators' page."""

from services.directory.domain.credit_code import generate_credit_code


def register(client, county="330102", serial=77, **overrides):
    body = {
        "name": "杭州新测试科技有限公司",
        "credit_code": generate_credit_code(county, serial),
        "county_id": county,
        "scale": "small",
        "types": ["traditional"],
        **overrides,
    }
    return client.post("/directory/api/enterprises", json=body)


def test_county_administrator_registers_an_enterprise_announced_to_other_services(web, seeded):
    response = register(web("shangcheng"))
    assert response.status_code == 201
    assert response.json["org_path"] == "33/3301/330102"
    assert seeded.drain() > 0
    with seeded.runtimes["workflow"].uow() as uow:
        assert uow.workflow.account_of(response.json["id"]) is not None


def test_administrator_cannot_register_an_enterprise_outside_their_area(web, seeded):
    response = register(web("xihu"), county="330102")
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"county_id"}


def test_credit_code_registered_twice_is_refused_as_a_conflict(web, seeded):
    admin = web("shangcheng")
    register(admin)
    again = register(admin, name="另一家公司")
    assert again.status_code == 409
    assert set(again.json["errors"]) == {"credit_code"}


def test_unknown_scale_is_refused_naming_the_field(web, seeded):
    response = register(web("shangcheng", language="zh-CN"), scale="huge")
    assert response.status_code == 422
    assert response.json["errors"]["scale"] == ["必须是以下之一：large, medium, small, micro。"]


def test_enterprise_users_cannot_register_enterprises(web, seeded):
    assert register(web("qingyuan")).status_code == 403


def test_enterprise_list_is_scoped_to_the_viewers_area(web, seeded):
    names = {e["name"] for e in web("xihu").get("/directory/api/enterprises").json}
    assert names == {"杭州西溪新材料股份有限公司"}
    assert len(web("province").get("/directory/api/enterprises").json) == 3


def test_overview_page_shows_the_area_to_administrators_only(web, seeded):
    page = web("hangzhou").get("/directory/").get_data(as_text=True)
    assert "杭州清源环保科技有限公司" in page and "杭州西溪新材料股份有限公司" in page
    assert web("qingyuan").get("/directory/").status_code == 403
