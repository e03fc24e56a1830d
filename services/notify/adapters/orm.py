"""Notify's tables and their mapping to the domain classes."""

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry

from services.notify.domain.model import Delivery, InboxItem, KnownTicket, Reading, Recipient
from shared.messaging.outbox import define_messaging_tables

metadata = MetaData()
messaging_tables = define_messaging_tables(metadata)

recipients = Table(
    "recipients",
    metadata,
    #: directory's person id.
    Column("person_id", String(36), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("email", String(200)),
    Column("org_unit_id", String(40), index=True),
    Column("org_path", String(200), nullable=False),
    #: Set for enterprise users, who are never members of a department.
    Column("enterprise_id", String(36)),
    #: The language of the person's mail: "zh_CN" or "en".
    Column("locale", String(10), nullable=False, default="zh_CN"),
)

# What notify's texts say of a ticket, copied from workflow.ticket.opened.
tickets = Table(
    "tickets",
    metadata,
    Column("ticket_id", String(36), primary_key=True),
    Column("number", String(40), nullable=False),
    Column("title", Text, nullable=False),
    Column("enterprise_name", String(200), nullable=False),
)

inbox_items = Table(
    "inbox_items",
    metadata,
    Column("id", String(36), primary_key=True),
    #: The event that caused the item; one item per event and addressee.
    Column("event_id", String(36), nullable=False),
    #: The template's kind, e.g. "ticket_assigned".
    Column("kind", String(40), nullable=False),
    #: "person", "org_unit" (every staff member of the unit sees its items) or
    #: "enterprise" (every user of the enterprise sees them).
    Column("addressee_kind", String(10), nullable=False),
    Column("addressee_id", String(40), nullable=False),
    #: The template's placeholder values (number, title, enterprise, deadline).
    Column("params", JSON, nullable=False),
    #: Where the item leads, e.g. "/workflow/tickets/<ticket_id>".
    Column("link", String(300), nullable=False),
    #: The org path of the record the item is about.
    Column("org_path", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("event_id", "addressee_kind", "addressee_id", name="uq_inbox_items_event"),
    Index("ix_inbox_items_addressee", "addressee_kind", "addressee_id", "created_at"),
)

inbox_readings = Table(
    "inbox_readings",
    metadata,
    Column("item_id", String(36), ForeignKey("inbox_items.id"), primary_key=True),
    Column("person_id", String(36), primary_key=True),
    Column("read_at", DateTime(timezone=True), nullable=False),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("item_id", String(36), ForeignKey("inbox_items.id"), nullable=False),
    Column("person_id", String(36), nullable=False),
    #: "email" (the only channel so far).
    Column("channel", String(20), nullable=False),
    Column("address", String(200), nullable=False),
    #: The language the mail is written in, the recipient's when the item was created.
    Column("locale", String(10), nullable=False),
    #: "pending", "sent", "failed" (attempts exhausted) or "skipped" (mail not configured).
    Column("status", String(10), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    #: Last enqueued or attempted; the sweep re-enqueues pending deliveries left untouched.
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    UniqueConstraint("item_id", "person_id", "channel", name="uq_deliveries_item_person"),
    Index("ix_deliveries_pending", "status", "updated_at"),
)

mapper_registry = registry()


def start_mappers() -> None:
    """Map the domain classes to the tables, once per process."""
    if mapper_registry.mappers:
        return
    mapper_registry.map_imperatively(Recipient, recipients)
    mapper_registry.map_imperatively(KnownTicket, tickets)
    mapper_registry.map_imperatively(InboxItem, inbox_items)
    mapper_registry.map_imperatively(Reading, inbox_readings)
    mapper_registry.map_imperatively(Delivery, deliveries)
