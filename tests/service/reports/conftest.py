"""The reports app on SQLite, fed with real contract envelopes, and signed-in clients.

Factories are fixtures (``ticket_opened``, ``sign_in``) because test modules cannot import
this conftest.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.directory.domain.org_tree import DEPARTMENT, zhejiang_org_units
from services.reports.app import create_app
from services.reports.bootstrap import bootstrap
from shared.auth import Principal
from shared.config import Settings
from shared.messaging.bus import LocalBus
from shared.messaging.envelope import new_envelope


@pytest.fixture
def now() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def runtime(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}", secret_key="test-secret", testing=True
    )
    runtime = bootstrap(settings)
    runtime.attach(LocalBus())
    runtime.migrate()
    yield runtime
    runtime.engine.dispose()


@pytest.fixture
def client(runtime):
    return create_app(runtime.settings, runtime=runtime).test_client()


@pytest.fixture
def province(runtime) -> None:
    """The demo province's areas as directory announces them, with Shangcheng's
    departments (the others add nothing a report could show)."""
    for unit in zhejiang_org_units():
        if unit.kind != DEPARTMENT or unit.parent_id == "330102":
            runtime.consumer(org_unit_created(unit))


def org_unit_created(unit) -> dict:
    data = {
        "id": unit.id,
        "name": unit.name_zh,
        "name_en": unit.name_en,
        "kind": unit.kind,
        "parent_id": unit.parent_id,
        "path": unit.path,
        "is_default_department": unit.is_default_department,
    }
    return new_envelope("directory.org_unit.created", data, tenant=unit.path)


@pytest.fixture
def ticket_opened(now):
    """Build a ``workflow.ticket.opened`` envelope for a ticket in a Zhejiang county,
    opened three days ago and due in five; keyword arguments replace data fields."""

    def build(ticket_id: str, county_id: str = "330102", **changes) -> dict:
        org_path = f"33/{county_id[:4]}/{county_id}"
        data = {
            "ticket_id": ticket_id,
            "number": f"QQ-{county_id}-2026-{ticket_id}",
            "account_id": f"account-{ticket_id}",
            "enterprise_id": f"enterprise-{ticket_id}",
            "enterprise_name": "杭州清源环保科技有限公司",
            "submission_id": None,
            "title": "环评审批咨询",
            "county_id": county_id,
            "org_path": org_path,
            "assignee_person_id": None,
            "assignee_org_unit_id": f"{county_id}-office",
            "opened_at": (now - timedelta(days=3)).isoformat(),
            "due_at": (now + timedelta(days=5)).isoformat(),
            **changes,
        }
        return new_envelope("workflow.ticket.opened", data, tenant=data["org_path"])

    return build


@pytest.fixture
def ticket_closed(now):
    """Build a ``workflow.ticket.closed`` envelope for a ticket in a Zhejiang county,
    closed an hour ago; keyword arguments replace data fields."""

    def build(ticket_id: str, county_id: str = "330102", **changes) -> dict:
        data = {
            "ticket_id": ticket_id,
            "number": f"QQ-{county_id}-2026-{ticket_id}",
            "county_id": county_id,
            "org_path": f"33/{county_id[:4]}/{county_id}",
            "actor_id": f"person-{county_id}-liaison",
            "at": (now - timedelta(hours=1)).isoformat(),
            **changes,
        }
        return new_envelope("workflow.ticket.closed", data, tenant=data["org_path"])

    return build


@pytest.fixture
def sign_in(client):
    """Sign the test client in as someone at ``org_path`` with ``role``."""

    def sign_in_as(org_path: str, role: str = "county_admin") -> Principal:
        unit_id = org_path.rsplit("/", 1)[-1]
        principal = Principal(
            id=f"person-{unit_id}-{role}",
            username=f"{role}-{unit_id}",
            name=f"测试用户 {unit_id}",
            roles=(role,),
            org_path=org_path,
            org_unit_id=unit_id,
            enterprise_id="enterprise-1" if role == "enterprise_user" else None,
        )
        with client.session_transaction() as session:
            session["principal"] = principal.to_dict()
            session["_user_id"] = principal.id
            session["_fresh"] = True
        return principal

    return sign_in_as
