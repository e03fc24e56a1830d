"""Notify's app on SQLite, fed with real contract envelopes; e-mail jobs are recorded.

Fixtures: ``runtime`` and ``app``/``client`` (CSRF off; one test turns it on), ``people``
(principals: a liaison, another liaison, two members of one department, an enterprise
user), ``feed`` (hand an event to the consumer), ``ticket_opened`` (its data, overridable),
``add_people``, ``sign_in``, ``enqueued`` (delivery ids whose job was enqueued) and
``table_rows``.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from services.notify.app import create_app
from services.notify.bootstrap import bootstrap
from shared.auth import Principal
from shared.config import Settings
from shared.messaging.bus import LocalBus
from shared.messaging.envelope import new_envelope

COUNTY = "33/3301/330102"
DEPARTMENT_ID = "330102-env"
DEPARTMENT_PATH = f"{COUNTY}/{DEPARTMENT_ID}"


def staff(person_id: str, username: str, name: str, role: str, path: str, unit: str):
    return Principal(person_id, username, name, (role,), path, unit)


@pytest.fixture
def people() -> SimpleNamespace:
    return SimpleNamespace(
        liaison=staff("p-liaison", "liaison", "联络员 周涛", "liaison", COUNTY, "330102"),
        other=staff("p-other", "other", "联络员 钱伟", "liaison", COUNTY, "330102"),
        staff_a=staff(
            "p-a", "staff-a", "科员 吴芳", "department_staff", DEPARTMENT_PATH, DEPARTMENT_ID
        ),
        staff_b=staff(
            "p-b", "staff-b", "科员 郑磊", "department_staff", DEPARTMENT_PATH, DEPARTMENT_ID
        ),
        enterprise_user=Principal(
            "p-ent", "qiantang", "钱塘印染 刘主任", ("enterprise_user",), COUNTY, "330102", "ent-1"
        ),
        department_id=DEPARTMENT_ID,
    )


class EnqueueRecorder(list):
    """Records the delivery ids whose job is enqueued; ``before`` (if set) runs first and
    may look at the database or fail like a broker that is down."""

    before = None

    def __call__(self, delivery_id: str) -> None:
        if self.before:
            self.before(delivery_id)
        self.append(delivery_id)


@pytest.fixture
def enqueued() -> EnqueueRecorder:
    return EnqueueRecorder()


@pytest.fixture
def runtime(tmp_path, enqueued):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}", secret_key="test-secret", testing=True
    )
    runtime = bootstrap(settings, enqueue_delivery=enqueued)
    runtime.attach(LocalBus())
    runtime.migrate()
    yield runtime
    runtime.engine.dispose()


@pytest.fixture
def app(runtime):
    app = create_app(runtime.settings, runtime=runtime)
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sign_in():
    def sign_in(client, principal: Principal) -> None:
        with client.session_transaction() as session:
            session["principal"] = principal.to_dict()
            session["_user_id"] = principal.id
            session["_fresh"] = True

    return sign_in


@pytest.fixture
def feed(runtime):
    def feed(type: str, data: dict) -> dict:
        """Hand one event to notify's consumer as the bus would; return its envelope."""
        envelope = new_envelope(type, data, tenant=data.get("org_path", COUNTY))
        runtime.consumer(envelope)
        return envelope

    return feed


def person_created(principal: Principal, email: str | None) -> dict:
    return {
        "id": principal.id,
        "username": principal.username,
        "name": principal.name,
        "email": email,
        "roles": list(principal.roles),
        "org_unit_id": principal.org_unit_id,
        "org_path": principal.org_path,
        "enterprise_id": principal.enterprise_id,
    }


@pytest.fixture
def add_people(feed):
    def add_people(*principals: Principal, with_email: bool = True) -> None:
        """Announce people as directory does, each with an address unless told not to."""
        for principal in principals:
            email = f"{principal.username}@hz.gov.example.cn" if with_email else None
            feed("directory.person.created", person_created(principal, email))

    return add_people


@pytest.fixture
def ticket_opened(people):
    def ticket_opened(**overrides) -> dict:
        data = {
            "ticket_id": "t-1",
            "number": "330102-20261127-0001",
            "account_id": "acct-1",
            "enterprise_id": "ent-1",
            "enterprise_name": "杭州钱塘印染有限公司",
            "submission_id": "sub-1",
            "title": "排污许可证延续咨询",
            "county_id": "330102",
            "org_path": COUNTY,
            "assignee_person_id": people.liaison.id,
            "assignee_org_unit_id": None,
            "opened_at": "2026-11-27T09:30:00+08:00",
            "due_at": "2026-12-04T23:59:00+08:00",
        }
        return {**data, **overrides}

    return ticket_opened


@pytest.fixture
def table_rows(runtime):
    def table_rows(table) -> list:
        with runtime.engine.connect() as conn:
            return list(conn.execute(select(table)))

    return table_rows
