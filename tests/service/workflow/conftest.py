"""Workflow's app on SQLite with a LocalBus, fed real contract envelopes.

The world: the province (33, its general division), Hangzhou (3301, its office and EIA
section) with two counties, Shangcheng (330102: default department "office", department
"eia") and Xihu (330106: default department "office"); their administrators, liaisons,
department staff and enterprise users; enterprises "ent-a" and "ent-b" in Shangcheng and
"ent-c" in Xihu.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.workflow.app import create_app
from services.workflow.bootstrap import bootstrap
from shared.auth import Principal
from shared.config import Settings
from shared.credit_code import generate_credit_code
from shared.messaging.bus import LocalBus
from shared.messaging.envelope import new_envelope

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: A Friday morning: five working days later is the next Friday night.
SUBMITTED_AT = datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI)
SHANGCHENG = "33/3301/330102"
XIHU = "33/3301/330106"

ORG_UNITS = (
    ("33", None, "province", False),
    ("33-general", "33", "department", True),
    ("3301", "33", "city", False),
    ("3301-office", "3301", "department", True),
    ("3301-eia", "3301", "department", False),
    ("330102", "3301", "county", False),
    ("330102-office", "330102", "department", True),
    ("330102-eia", "330102", "department", False),
    ("330106", "3301", "county", False),
    ("330106-office", "330106", "department", True),
)
#: username -> (roles, org unit id, enterprise id)
PEOPLE = {
    "province": (("province_admin",), "33", None),
    "hangzhou": (("city_admin",), "3301", None),
    "shangcheng": (("county_admin",), "330102", None),
    "xihu": (("county_admin",), "330106", None),
    "liaison": (("liaison",), "330102", None),
    "liaison-xihu": (("liaison",), "330106", None),
    "leader": (("contact_leader",), "330102", None),
    "staff": (("department_staff",), "330102-office", None),
    "eia-staff": (("department_staff",), "330102-eia", None),
    "city-eia": (("department_staff",), "3301-eia", None),
    "city-office": (("department_staff",), "3301-office", None),
    "province-staff": (("department_staff",), "33-general", None),
    "user-a": (("enterprise_user",), "330102", "ent-a"),
    "user-b": (("enterprise_user",), "330102", "ent-b"),
    "user-c": (("enterprise_user",), "330106", "ent-c"),
}
#: id -> (name, county id, credit code); ent-a is the demo enterprise workflow's seed pairs.
ENTERPRISES = {
    "ent-a": ("杭州清源环保科技有限公司", "330102", generate_credit_code("330102", 1)),
    "ent-b": ("杭州钱塘印染有限公司", "330102", generate_credit_code("330102", 2)),
    "ent-c": ("杭州西溪新材料股份有限公司", "330106", generate_credit_code("330106", 3)),
}


def path_of(org_unit_id: str) -> str:
    by_id = {unit_id: parent for unit_id, parent, _kind, _default in ORG_UNITS}
    parent = by_id[org_unit_id]
    return org_unit_id if parent is None else f"{path_of(parent)}/{org_unit_id}"


def person_id(username: str) -> str:
    return f"p-{username}"


def principal(username: str) -> Principal:
    roles, org_unit_id, enterprise_id = PEOPLE[username]
    return Principal(
        id=person_id(username),
        username=username,
        name=f"Name of {username}",
        roles=roles,
        org_path=path_of(org_unit_id),
        org_unit_id=org_unit_id,
        enterprise_id=enterprise_id,
    )


class Workflow:
    """The app, its runtime, and what it has published."""

    def __init__(self, tmp_path):
        self.settings = Settings(
            database_url=f"sqlite:///{tmp_path}", secret_key="test-secret", testing=True
        )
        self.runtime = bootstrap(self.settings)
        # Redelivered at the relay's next pass; the pause before it is the bus's own
        # concern (tests/integration/shared/test_bus_contract.py).
        self.bus = LocalBus(retry_delay=0)
        self.runtime.attach(self.bus)
        self.runtime.migrate()
        self.app = create_app(self.settings, runtime=self.runtime)
        self.app.config["WTF_CSRF_ENABLED"] = False
        self.events: list[dict] = []
        self.bus.subscribe("probe", ["workflow.#"], self.events.append)

    def feed(self, type: str, data: dict, tenant: str = "33", at: datetime | None = None):
        """Deliver one contract event to workflow's consumer; return its envelope."""
        envelope = new_envelope(type, data, tenant=tenant)
        if at is not None:
            envelope["occurred_at"] = at.isoformat()
        self.runtime.consumer(envelope)
        return envelope

    def learn_org_units(self) -> None:
        """Announce every org unit of the world, as directory does."""
        for unit in ORG_UNITS:
            self.feed("directory.org_unit.created", org_unit_data(*unit))

    def register(self, enterprise_id: str, **overrides) -> dict:
        """Announce one of the world's enterprises, as directory does."""
        data = {**enterprise_data(enterprise_id), **overrides}
        return self.feed("directory.enterprise.registered", data)

    def submission(
        self, enterprise_id: str, submission_id: str, at=SUBMITTED_AT, **overrides
    ) -> dict:
        """A submission envelope of one of the world's enterprises, not yet delivered."""
        data = submission_data(enterprise_id, submission_id, **overrides)
        envelope = new_envelope("forms.submission.received", data, tenant=data["org_path"])
        envelope["occurred_at"] = at.isoformat()
        return envelope

    def submit(self, enterprise_id: str, submission_id: str, **options) -> dict:
        """Deliver a submission (see :meth:`submission`); return its envelope."""
        envelope = self.submission(enterprise_id, submission_id, **options)
        self.runtime.consumer(envelope)
        return envelope

    def published(self, type: str) -> list[dict]:
        """The data of every event of ``type`` workflow has published so far."""
        self.runtime.relay.drain()
        return [event["data"] for event in self.events if event["type"] == type]

    def client(self, username: str | None = None, lang: str = "en"):
        """A test client, signed in as ``username`` when given."""
        client = self.app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
        if username is not None:
            who = principal(username)
            with client.session_transaction() as session:
                session["principal"] = who.to_dict()
                session["_user_id"] = who.id
                session["_fresh"] = True
        return client

    def was_processed(self, envelope: dict) -> bool:
        with self.runtime.uow() as uow:
            return uow.already_processed(envelope["id"])

    def count(self, table: str) -> int:
        from sqlalchemy import text

        with self.runtime.engine.connect() as conn:
            return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()

    def ticket_of(self, submission_id: str):
        with self.runtime.uow() as uow:
            return uow.workflow.ticket_for_submission(submission_id)


def org_unit_data(unit_id: str, parent_id: str | None, kind: str, is_default: bool) -> dict:
    return {
        "id": unit_id,
        "name": f"单位 {unit_id}",
        "name_en": f"Unit {unit_id}",
        "kind": kind,
        "parent_id": parent_id,
        "path": path_of(unit_id),
        "is_default_department": is_default,
    }


def person_data(username: str) -> dict:
    who = principal(username)
    return {
        "id": who.id,
        "username": username,
        "name": who.name,
        "email": f"{username}@example.test",
        "roles": list(who.roles),
        "org_unit_id": who.org_unit_id,
        "org_path": who.org_path,
        "enterprise_id": who.enterprise_id,
    }


def enterprise_data(enterprise_id: str) -> dict:
    name, county_id, credit_code = ENTERPRISES[enterprise_id]
    return {
        "id": enterprise_id,
        "name": name,
        "credit_code": credit_code,
        "county_id": county_id,
        "org_path": path_of(county_id),
        "scale": "medium",
        "types": ["traditional"],
    }


def submission_data(enterprise_id: str, submission_id: str, **overrides) -> dict:
    county_id = ENTERPRISES[enterprise_id][1]
    return {
        "submission_id": submission_id,
        "form_id": "form-1",
        "form_key": "enterprise-request",
        "form_version": 1,
        "title": "Help with the discharge permit renewal",
        "acceptance_number": f"SL-{submission_id}",
        "enterprise_id": enterprise_id,
        "submitted_by": person_id("user-" + enterprise_id[-1]),
        "org_path": path_of(county_id),
        "data": {"category": "permit"},
        **overrides,
    }


@pytest.fixture
def workflow(tmp_path) -> Workflow:
    """Workflow with an empty world."""
    return Workflow(tmp_path)


@pytest.fixture
def world(workflow) -> Workflow:
    """Workflow that has heard of every org unit, person and enterprise of the world."""
    workflow.learn_org_units()
    for enterprise_id in ENTERPRISES:
        workflow.register(enterprise_id)
    for username in PEOPLE:
        workflow.feed("directory.person.created", person_data(username))
    return workflow


@pytest.fixture
def submit(world):
    """Deliver a submission of one of the world's enterprises (at SUBMITTED_AT)."""
    return world.submit


@pytest.fixture
def pair(world):
    """Pair an enterprise with a liaison through the API, as Shangcheng's administrator."""

    def pair(enterprise_id: str = "ent-a", liaison: str = "liaison", year: int = 2026):
        body = {
            "enterprise_id": enterprise_id,
            "liaison_person_id": person_id(liaison),
            "year": year,
        }
        response = world.client("shangcheng").post("/workflow/api/pairings", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return pair


@pytest.fixture
def office_ticket(world, submit) -> str:
    """ent-b's ticket (unpaired), held by Shangcheng's office, where "staff" works."""
    submit("ent-b", "sub-office")
    return world.ticket_of("sub-office").id


@pytest.fixture
def accepted_ticket(world, office_ticket) -> str:
    """The office's ticket, accepted by "staff"."""
    client = world.client("staff")
    response = client.post(f"/workflow/api/tickets/{office_ticket}/accept", json={})
    assert response.status_code == 200, response.get_json()
    return office_ticket
