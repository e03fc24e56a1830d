"""A ticket's history is append-only: the role workflow runs as may insert history rows and
read them, never change or remove them; and a trigger refuses even a superuser.

On PostgreSQL the service runs, as in the distributed layout, as the role that migrated its
schema and owns its tables (here an ordinary role owning a database of its own, not the
test server's superuser). On SQLite, the embedded run's database, triggers refuse the same.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError

from services.workflow.adapters import orm
from services.workflow.adapters.orm import HistoryIsAppendOnly
from services.workflow.app import create_app
from services.workflow.bootstrap import bootstrap
from shared.config import Settings
from shared.messaging.envelope import new_envelope
from tests.service.workflow.conftest import (
    ENTERPRISES,
    ORG_UNITS,
    PEOPLE,
    SUBMITTED_AT,
    enterprise_data,
    org_unit_data,
    person_data,
    principal,
    submission_data,
)

REFUSED = "ticket_history is append-only"
UPDATE = "UPDATE ticket_history SET actor_id = 'someone-else'"
DELETE = "DELETE FROM ticket_history"
TRUNCATE = "TRUNCATE ticket_history"


@pytest.fixture
def service_role_url(postgres_server_url, postgres_url):
    """A fresh database owned by an ordinary login role of its own, and the URL of that
    role on it: workflow's database role in the distributed layout."""
    role = f"qinqing_service_{uuid.uuid4().hex[:10]}"
    password = uuid.uuid4().hex
    database = make_url(postgres_url).database
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'"))
        conn.execute(text(f'ALTER DATABASE "{database}" OWNER TO "{role}"'))
    yield (
        make_url(postgres_url)
        .set(username=role, password=password)
        .render_as_string(hide_password=False)
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        conn.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


class World:
    """Workflow migrated and run on ``database_url``, with the service tests' world."""

    def __init__(self, database_url: str):
        self.settings = Settings(database_url=database_url, secret_key="test", testing=True)
        self.runtime = bootstrap(self.settings)
        self.runtime.migrate()
        self.app = create_app(self.settings, runtime=self.runtime)
        self.app.config["WTF_CSRF_ENABLED"] = False
        for unit in ORG_UNITS:
            self.feed("directory.org_unit.created", org_unit_data(*unit))
        for enterprise_id in ENTERPRISES:
            self.feed("directory.enterprise.registered", enterprise_data(enterprise_id))
        for username in PEOPLE:
            self.feed("directory.person.created", person_data(username))

    def feed(self, type: str, data: dict) -> None:
        envelope = new_envelope(type, data, tenant=data.get("org_path", "33"))
        envelope["occurred_at"] = SUBMITTED_AT.isoformat()
        self.runtime.consumer(envelope)

    def open_ticket(self, submission_id: str = "sub-1") -> str:
        """ent-b's request, routed to Shangcheng's default department; its ticket id."""
        self.feed("forms.submission.received", submission_data("ent-b", submission_id))
        with self.runtime.uow() as uow:
            return uow.workflow.ticket_for_submission(submission_id).id

    def act(self, username: str, ticket_id: str, action: str, **body) -> dict:
        client = self.app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        who = principal(username)
        with client.session_transaction() as session:
            session["principal"] = who.to_dict()
            session["_user_id"] = who.id
            session["_fresh"] = True
        response = client.post(f"/workflow/api/tickets/{ticket_id}/{action}", json=body)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def history_rows(self) -> list[tuple]:
        with self.runtime.engine.connect() as conn:
            query = select(orm.ticket_history.c.action, orm.ticket_history.c.actor_id)
            return list(conn.execute(query.order_by(orm.ticket_history.c.id)))

    def refused(self, statement: str) -> str:
        """Run ``statement`` as the service's role; the database's error message."""
        with pytest.raises(DBAPIError) as refusal, self.runtime.engine.begin() as conn:
            conn.execute(text(statement))
        return str(refusal.value.orig)

    def close(self) -> None:
        self.runtime.engine.dispose()


def walk_the_closed_loop(world: World, ticket_id: str) -> dict:
    world.act("staff", ticket_id, "accept")
    world.act("staff", ticket_id, "request-info", note="Which outlet?")
    world.act("user-b", ticket_id, "respond", body="Outlet 2")
    world.act("staff", ticket_id, "resolve", note="Permit renewed")
    world.act("user-b", ticket_id, "refuse", reason="Not renewed yet")
    world.act("staff", ticket_id, "resolve", note="Renewed now")
    return world.act("user-b", ticket_id, "confirm", rating=5, comment="Thank you")


@pytest.fixture
def on_postgresql(service_role_url):
    world = World(service_role_url)
    yield world
    world.close()


@pytest.fixture
def on_sqlite(tmp_path):
    world = World(f"sqlite:///{tmp_path}")
    yield world
    world.close()


@pytest.mark.postgres
def test_the_closed_loop_writes_its_history_as_the_service_role(on_postgresql):
    ticket_id = on_postgresql.open_ticket()

    ticket = walk_the_closed_loop(on_postgresql, ticket_id)

    assert ticket["status"] == "closed"
    assert [action for action, _actor in on_postgresql.history_rows()] == [
        "open",
        "accept",
        "request-info",
        "respond",
        "resolve",
        "refuse",
        "resolve",
        "confirm",
    ]


@pytest.mark.postgres
def test_the_service_role_may_not_update_delete_or_truncate_history(on_postgresql):
    walk_the_closed_loop(on_postgresql, on_postgresql.open_ticket())
    before = on_postgresql.history_rows()

    messages = [on_postgresql.refused(statement) for statement in (UPDATE, DELETE, TRUNCATE)]

    assert all("permission denied for table ticket_history" in m for m in messages), messages
    assert on_postgresql.history_rows() == before


@pytest.mark.postgres
def test_the_service_role_may_insert_history(on_postgresql):
    ticket_id = on_postgresql.open_ticket()
    row = {
        "ticket_id": ticket_id,
        "at": SUBMITTED_AT,
        "actor_id": "p-staff",
        "action": "comment",
        "from_status": "assigned",
        "to_status": "assigned",
        "details": {"body": "Called the enterprise"},
    }

    with on_postgresql.runtime.engine.begin() as conn:
        conn.execute(insert(orm.ticket_history), row)

    assert on_postgresql.history_rows()[-1] == ("comment", "p-staff")


@pytest.mark.postgres
def test_even_the_owner_granting_itself_the_privilege_is_refused(on_postgresql):
    on_postgresql.open_ticket()
    before = on_postgresql.history_rows()
    grant = "GRANT UPDATE, DELETE, TRUNCATE ON ticket_history TO CURRENT_USER"

    for statement in (UPDATE, DELETE, TRUNCATE):
        with pytest.raises(DBAPIError) as refusal, on_postgresql.runtime.engine.begin() as conn:
            conn.execute(text(grant))
            conn.execute(text(statement))

        assert f"{REFUSED}: {statement.split()[0]} is refused" in str(refusal.value.orig)
    assert on_postgresql.history_rows() == before


@pytest.mark.postgres
def test_a_superuser_is_refused_by_the_trigger(on_postgresql, postgres_server_url):
    on_postgresql.open_ticket()
    before = on_postgresql.history_rows()
    database = make_url(on_postgresql.settings.database_url).database
    url = make_url(postgres_server_url).set(database=database)
    superuser = create_engine(url, connect_args={"options": "-csearch_path=workflow"})

    for statement in (UPDATE, DELETE, TRUNCATE):
        with pytest.raises(DBAPIError) as refusal, superuser.begin() as conn:
            conn.execute(text(statement))

        assert f"{REFUSED}: {statement.split()[0]} is refused" in str(refusal.value.orig)
    superuser.dispose()
    assert on_postgresql.history_rows() == before


@pytest.mark.parametrize("statement", [UPDATE, DELETE])
def test_sqlite_refuses_changing_or_removing_history(on_sqlite, statement):
    walk_the_closed_loop(on_sqlite, on_sqlite.open_ticket())
    before = on_sqlite.history_rows()

    message = on_sqlite.refused(statement)

    assert f"{REFUSED}: {statement.split()[0]} is refused" in message
    assert on_sqlite.history_rows() == before


def test_the_orm_refuses_to_change_a_history_entry(on_sqlite):
    ticket_id = on_sqlite.open_ticket()

    with pytest.raises(HistoryIsAppendOnly), on_sqlite.runtime.uow() as uow:
        ticket = uow.workflow.ticket(ticket_id)
        ticket.history[0].actor = "someone-else"
        uow.commit()

    assert on_sqlite.history_rows() == [("open", "p-user-b")]


def test_deleting_a_ticket_leaves_its_history_alone(on_sqlite):
    ticket_id = on_sqlite.open_ticket()

    # The ORM leaves the history rows' ticket_id as it is; the foreign key refuses.
    with pytest.raises(IntegrityError), on_sqlite.runtime.uow() as uow:
        uow.session.delete(uow.workflow.ticket(ticket_id))
        uow.commit()

    assert on_sqlite.history_rows() == [("open", "p-user-b")]
