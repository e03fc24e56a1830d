"""Workflow's tables and their mapping to the domain classes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
)
from sqlalchemy.orm import registry, relationship
from sqlalchemy.types import TypeDecorator

from services.workflow.domain.known import Enterprise, Form, OrgUnit, Person
from services.workflow.domain.model import (
    Pairing,
    ServiceAccount,
    Ticket,
    TicketHistoryEntry,
    TicketPart,
)
from shared.messaging.outbox import define_messaging_tables


class UtcDateTime(TypeDecorator):
    """A timezone-aware moment, stored in UTC and read back aware on SQLite too (which
    keeps no zone and would otherwise return naive datetimes).

    Migrations spell it ``sa.DateTime(timezone=True)``: autogenerate writes this class's
    import path, which a revision does not import, so that is edited after makemigration.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()
messaging_tables = define_messaging_tables(metadata)

# Local copies of directory's records, fed by its events (no foreign keys: events of
# different services arrive in any order).
org_units = Table(
    "org_units",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("name_en", String(160), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("parent_id", String(40), index=True),
    #: Codes from the root down, joined by "/".
    Column("path", String(200), nullable=False, index=True),
    Column("is_default_department", Boolean, nullable=False, default=False),
)

people = Table(
    "people",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(64), nullable=False, index=True),
    Column("name", String(120), nullable=False),
    Column("email", String(200)),
    Column("roles", JSON, nullable=False),
    Column("org_unit_id", String(40)),
    Column("org_path", String(200), nullable=False, index=True),
    Column("enterprise_id", String(36)),
)

enterprises = Table(
    "enterprises",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("credit_code", String(18), nullable=False, index=True),
    Column("county_id", String(40), nullable=False),
    Column("org_path", String(200), nullable=False, index=True),
    Column("scale", String(20)),
    Column("types", JSON, nullable=False),
)

# A copy of what forms announced of each form's latest published version.
forms = Table(
    "forms",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("key", String(100), nullable=False, index=True),
    #: The owner's org path: the form applies there and below.
    Column("org_path", String(200), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    #: {"zh_CN": ..., "en": ...}
    Column("title", JSON, nullable=False),
    #: The latest version's top-level questions: name, type, label, options.
    Column("fields", JSON, nullable=False),
)

service_accounts = Table(
    "service_accounts",
    metadata,
    Column("id", String(36), primary_key=True),
    #: "One enterprise, one account".
    Column("enterprise_id", String(36), nullable=False, unique=True),
    Column("enterprise_name", String(200), nullable=False),
    Column("county_id", String(40), nullable=False),
    Column("org_path", String(200), nullable=False, index=True),
    Column("opened_at", UtcDateTime, nullable=False),
)

tickets = Table(
    "tickets",
    metadata,
    Column("id", String(36), primary_key=True),
    #: County, Asia/Shanghai date and daily sequence: "330102-20261127-0001".
    Column("number", String(40), nullable=False, unique=True),
    Column("account_id", String(36), ForeignKey("service_accounts.id"), nullable=False),
    Column("enterprise_id", String(36), nullable=False, index=True),
    #: "One event, one order": a submission opens at most one ticket.
    Column("submission_id", String(64), unique=True),
    #: The receipt number the enterprise got on submitting.
    Column("acceptance_number", String(64)),
    Column("title", Text, nullable=False),
    #: assigned, accepted, returned, suspended, reopened, resolved, closed or cancelled.
    Column("status", String(20), nullable=False),
    Column("assignee_person_id", String(36), index=True),
    Column("assignee_org_unit_id", String(40), index=True),
    Column("county_id", String(40), nullable=False),
    Column("org_path", String(200), nullable=False, index=True),
    #: The opening and the deadline are indexed for the inbox's orders (a status and its
    #: deadlines have ix_tickets_status_due_at below).
    Column("opened_at", UtcDateTime, nullable=False, index=True),
    #: The end of the last working day the assignee has.
    Column("due_at", UtcDateTime, index=True),
    #: Counts every change; an update of a version someone else already changed fails
    #: (optimistic locking), so two people acting at once get one success and one 409.
    Column("version", Integer, nullable=False, default=1),
    #: The org path of the holder (the assignee unit, or the assignee person's unit):
    #: administrators act as holders on tickets held within their subtree.
    Column("holder_path", String(200), index=True),
    #: The form and version of the submission, and the matter category it named.
    Column("form_key", String(100)),
    Column("form_version", Integer),
    Column("category", String(100), index=True),
    #: The person who filed the submission.
    Column("submitted_by", String(36)),
    #: The submission's answers in its version's labels, as forms announced them, and the
    #: submitter's contact.
    Column("answers", JSON),
    Column("contact", JSON),
    Column("resolved_at", UtcDateTime),
    #: When a resolved ticket the enterprise has not answered is confirmed on its behalf.
    Column("confirm_due_at", UtcDateTime, index=True),
    Column("closed_at", UtcDateTime),
    #: The enterprise's rating (1-5) and comment on confirming, or on a low rating.
    Column("rating", Integer),
    Column("rating_comment", Text),
    #: Whether the ticket was closed because the enterprise did not answer in time.
    Column("auto_confirmed", Boolean, nullable=False, default=False),
    #: While suspended: since when, until which date, and the status it resumes to.
    Column("suspended_at", UtcDateTime),
    Column("resume_on", Date),
    Column("suspended_from", String(20)),
    #: The unit that put the ticket under supervision (督办), and when.
    Column("supervised_by_org_unit_id", String(40), index=True),
    Column("supervised_at", UtcDateTime),
)

ticket_history = Table(
    "ticket_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", String(36), ForeignKey("tickets.id"), nullable=False, index=True),
    Column("at", UtcDateTime, nullable=False),
    #: The person who acted; they keep seeing the ticket.
    Column("actor_id", String(64), nullable=False, index=True),
    #: open, or the action taken (accept, transfer, ..., comment, close).
    Column("action", String(30), nullable=False),
    Column("from_status", String(20)),
    Column("to_status", String(20), nullable=False),
    #: What the action changed or said: the routing decision, the resolution note.
    Column("details", JSON, nullable=False),
    #: Staff only: an internal comment or a hand-over note the enterprise does not see.
    Column("internal", Boolean, nullable=False, default=False),
)

# The ticket list of the deadline sweep: tickets in a status, by deadline.
Index("ix_tickets_status_due_at", tickets.c.status, tickets.c.due_at)

deadline_alerts = Table(
    "deadline_alerts",
    metadata,
    Column("ticket_id", String(36), ForeignKey("tickets.id"), primary_key=True),
    #: deadline_near (the reminder), overdue (stage 1) or escalated (stage 2).
    Column("kind", String(20), primary_key=True),
    #: The deadline the alert was for: a deadline moved (on resumption) is a new one, with
    #: alerts of its own. The key makes each alert of a deadline happen once, even with
    #: two sweepers at once.
    Column("due_at", UtcDateTime, primary_key=True),
    #: When the sweep sent it, in the transaction that wrote its event to the outbox.
    Column("sent_at", UtcDateTime, nullable=False),
)

ticket_parts = Table(
    "ticket_parts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("ticket_id", String(36), ForeignKey("tickets.id"), nullable=False, index=True),
    #: The invitation the part belongs to: its parts share the mode.
    Column("group_id", String(36), nullable=False),
    #: "all" (会签: every part must be done) or "any" (或签: one done part is enough).
    Column("mode", String(3), nullable=False),
    Column("org_unit_id", String(40), nullable=False, index=True),
    Column("person_id", String(36), index=True),
    #: invited, accepted or done.
    Column("status", String(20), nullable=False),
    Column("invited_by", String(64), nullable=False),
    Column("invited_at", UtcDateTime, nullable=False),
    Column("accepted_by", String(64)),
    Column("accepted_at", UtcDateTime),
    Column("done_by", String(64)),
    Column("done_at", UtcDateTime),
    #: What the part's department reported when it was done.
    Column("note", Text),
    #: The invited unit's org path: administrators over it act for the part.
    Column("org_path", String(200), index=True),
)

ticket_sequences = Table(
    "ticket_sequences",
    metadata,
    Column("county_id", String(40), primary_key=True),
    #: The Asia/Shanghai date the sequence counts.
    Column("day", Date, primary_key=True),
    #: The last sequence number handed out for the county on that day.
    Column("last_value", Integer, nullable=False),
)

pairings = Table(
    "pairings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("enterprise_id", String(36), nullable=False, index=True),
    Column("liaison_person_id", String(36), nullable=False, index=True),
    Column("contact_leader_person_id", String(36), index=True),
    Column("year", Integer, nullable=False),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("county_id", String(40), nullable=False),
    Column("org_path", String(200), nullable=False, index=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    #: Who ended (unpaired) it, when and why; null while it is active.
    Column("ended_by", String(64)),
    Column("ended_at", UtcDateTime),
    Column("end_reason", Text),
)
# One active pairing per enterprise per year, enforced by the database as well.
Index(
    "uq_pairings_active_enterprise_year",
    pairings.c.enterprise_id,
    pairings.c.year,
    unique=True,
    sqlite_where=pairings.c.is_active,
    postgresql_where=pairings.c.is_active,
)

routing_rules = Table(
    "routing_rules",
    metadata,
    #: The org unit that set the rule; it applies to every county below it.
    Column("org_unit_id", String(40), primary_key=True),
    #: The rule's id, chosen by the administrator, unique within the org unit.
    Column("id", String(64), primary_key=True),
    Column("org_path", String(200), nullable=False, index=True),
    Column("priority", Integer, nullable=False),
    #: The form whose submissions the rule routes; null for any form.
    Column("form_key", String(100)),
    #: [{"field": ..., "op": ..., "value": ...}], all of which must hold.
    Column("conditions", JSON, nullable=False),
    #: paired_liaison, county_default_department, department:<code> or org_unit:<id>.
    Column("target", String(120), nullable=False),
    Column("deadline_working_days", Integer, nullable=False),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    #: Who last changed the rule (its conditions, target, order or state), and when.
    Column("updated_by", String(64)),
    Column("updated_at", UtcDateTime),
)

# What routing saw of each submission it routed, so a dry run can replay it.
routing_inputs = Table(
    "routing_inputs",
    metadata,
    Column("submission_id", String(64), primary_key=True),
    Column("form_key", String(100), nullable=False),
    #: The submission's answers, as forms announced them.
    Column("answers", JSON, nullable=False),
    Column("enterprise_id", String(36), nullable=False),
    Column("org_path", String(200), nullable=False, index=True),
    Column("routed_at", UtcDateTime, nullable=False),
)

calendar_overrides = Table(
    "calendar_overrides",
    metadata,
    #: The Asia/Shanghai date the override decides.
    Column("day", Date, primary_key=True),
    #: holiday (the day is off) or workday (the day is worked), whatever the library says.
    Column("kind", String(10), nullable=False),
    #: Why: the notice that set the day, say.
    Column("note", String(200), nullable=False),
    #: The person who set it.
    Column("set_by", String(64), nullable=False),
    Column("set_at", UtcDateTime, nullable=False),
    CheckConstraint("kind IN ('holiday', 'workday')", name="ck_calendar_overrides_kind"),
)

mapper_registry = registry()


def start_mappers() -> None:
    """Map the domain classes to the tables, once per process."""
    if mapper_registry.mappers:
        return
    mapper_registry.map_imperatively(OrgUnit, org_units)
    mapper_registry.map_imperatively(Person, people)
    mapper_registry.map_imperatively(Enterprise, enterprises)
    mapper_registry.map_imperatively(Form, forms)
    mapper_registry.map_imperatively(ServiceAccount, service_accounts)
    mapper_registry.map_imperatively(
        TicketHistoryEntry, ticket_history, properties={"actor": ticket_history.c.actor_id}
    )
    mapper_registry.map_imperatively(TicketPart, ticket_parts)
    mapper_registry.map_imperatively(
        Ticket,
        tickets,
        version_id_col=tickets.c.version,
        # The domain counts the version itself, one per change (``Ticket._append``), so
        # every change updates the ticket's row, even one that only adds history.
        version_id_generator=False,
        properties={
            # History is append-only: nothing cascades a delete to it, and deleting a
            # ticket does not null its history's ticket_id either (passive_deletes="all"):
            # the database refuses both (see the migration e9fa10ca36c7).
            "history": relationship(
                TicketHistoryEntry,
                order_by=ticket_history.c.id,
                cascade="save-update, merge",
                passive_deletes="all",
                lazy="selectin",
            ),
            "parts": relationship(
                TicketPart,
                order_by=(ticket_parts.c.invited_at, ticket_parts.c.id),
                cascade="all, delete-orphan",
                lazy="selectin",
            ),
        },
    )
    mapper_registry.map_imperatively(Pairing, pairings)
    event.listen(Ticket, "load", _start_recording_events)
    event.listen(TicketHistoryEntry, "before_update", _refuse_history_change)
    event.listen(TicketHistoryEntry, "before_delete", _refuse_history_change)


class HistoryIsAppendOnly(RuntimeError):
    """Code tried to change or remove a ticket's history row: a bug, refused before the
    database would refuse it (on PostgreSQL its role may not, and a trigger will not)."""


def _refuse_history_change(_mapper, _connection, entry: TicketHistoryEntry) -> None:
    raise HistoryIsAppendOnly(
        f"ticket history is append-only: the ORM tried to change or remove the entry "
        f"{entry.action!r} of {entry.at.isoformat() if entry.at else 'an unknown time'}"
    )


def _start_recording_events(ticket: Ticket, _context) -> None:
    # The ORM does not call __init__ when it loads a ticket, so the list of events the
    # ticket records from now on starts here.
    ticket.events = []
