"""Reports' tables: read models kept from other services' events, and their mapping."""

from sqlalchemy import Column, DateTime, MetaData, String, Table
from sqlalchemy.orm import registry

from services.reports.domain.model import Area, TicketFact
from shared.messaging.outbox import define_messaging_tables

metadata = MetaData()
messaging_tables = define_messaging_tables(metadata)

areas = Table(
    "areas",
    metadata,
    #: The org unit id, a GB/T 2260 division code for the demo province ("330102").
    Column("id", String(40), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("name_en", String(160), nullable=False),
    #: province, city or county.
    Column("kind", String(20), nullable=False),
    Column("parent_id", String(40)),
    #: Ids from the province down, joined by "/".
    Column("path", String(200), nullable=False, index=True),
)

ticket_facts = Table(
    "ticket_facts",
    metadata,
    Column("ticket_id", String(36), primary_key=True),
    Column("county_id", String(40), nullable=False, index=True),
    #: Taken from the org path; None for a ticket above city level.
    Column("city_id", String(40), index=True),
    #: The ticket's org path as workflow sent it.
    Column("org_path", String(200), nullable=False, index=True),
    #: "open" until workflow closes (writes off) the ticket, then "closed".
    Column("status", String(20), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
)

mapper_registry = registry()


def start_mappers() -> None:
    """Map the read model's classes to the tables, once per process."""
    if mapper_registry.mappers:
        return
    mapper_registry.map_imperatively(Area, areas)
    mapper_registry.map_imperatively(TicketFact, ticket_facts)
