"""Each county changes its forms without a redeploy: two `qinqing serve forms` processes on
one database, and a county fork published through one is served by the other at once."""

from __future__ import annotations

import uuid
from urllib.parse import urlparse

import pytest

from shared.testing.layout import QINQING, START_TIMEOUT
from shared.testing.processes import free_port
from tests.e2e.api_client import signed_in

pytestmark = pytest.mark.e2e

CHECK = {
    "title": {"zh_CN": "排口自查", "en": "Outlet self-check"},
    "fields": [
        {"name": "outlet", "type": "text", "label": {"zh_CN": "排口", "en": "Outlet"}},
    ],
}
PERMIT = {
    "name": "permit_number",
    "type": "text",
    "required": True,
    "label": {"zh_CN": "排污许可证编号", "en": "Discharge permit number"},
}


@pytest.fixture(scope="module")
def second_forms(distributed) -> str:
    """The base URL of one more forms web process beside the layout's own."""
    url = f"http://127.0.0.1:{free_port()}"
    serve = ["serve", "forms", "--port", str(urlparse(url).port), "--workers", "1"]
    process = distributed.supervisor.start("forms-web-second", [QINQING, *serve])
    process.wait_for_http(f"{url}/forms/healthz", timeout=START_TIMEOUT)
    yield url
    process.stop()


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json()


def file(client, key: str, answers: dict):
    return client.post("/forms/api/submissions", json={"form": key, "answers": answers})


def test_a_county_fork_published_through_one_process_is_served_by_another_at_once(
    distributed, people, second_forms
):
    # Given a province template, filed once by a Shangcheng enterprise through the second
    # forms process (which now remembers the template's version)
    key = f"outlet-check-{uuid.uuid4().hex[:8]}"
    province, county = people["province"], people["shangcheng"]
    template = ok(
        province.post("/forms/api/forms", json={"definition": {**CHECK, "key": key}}), 201
    )
    ok(province.post(f"/forms/api/forms/{template['id']}/publish"), 201)
    ok(province.put(f"/forms/api/forms/{template['id']}/template", json={"is_template": True}))
    enterprise = signed_in({**distributed.urls, "forms": second_forms}, "qiantang")
    ok(file(enterprise, key, {"outlet": "DW001"}), 201)
    # When Shangcheng forks it through the layout's forms process, asks for the permit
    # number and publishes
    fork = ok(county.post(f"/forms/api/templates/{template['id']}/fork"), 201)
    draft = {**fork["draft"], "fields": [*fork["draft"]["fields"], PERMIT]}
    ok(county.put(f"/forms/api/forms/{fork['id']}/draft", json={"definition": draft}))
    ok(county.post(f"/forms/api/forms/{fork['id']}/publish"), 201)
    # Then the second process files the county's next submission against the fork at once
    refused = file(enterprise, key, {"outlet": "DW001"})
    assert refused.status_code == 422 and set(refused.json()["errors"]) == {"permit_number"}
    filed = ok(file(enterprise, key, {"outlet": "DW001", "permit_number": "P-1"}), 201)
    assert filed["data"]["permit_number"] == "P-1"
    # And a Xihu enterprise, through the same process, still files the template
    xihu = signed_in({**distributed.urls, "forms": second_forms}, "xixi")
    ok(file(xihu, key, {"outlet": "DW002"}), 201)
    resolved = ok(county.get(f"/forms/api/resolve?key={key}&org_path=33/3301/330102"))
    assert (resolved["form_id"], resolved["variant"]) == (fork["id"], "forked")
