"""Directory's tables and their mapping to the domain classes."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    MetaData,
    String,
    Table,
)
from sqlalchemy.orm import registry

from services.directory.domain.model import ApiToken, Enterprise, OrgUnit, Person
from shared.messaging.outbox import define_messaging_tables

metadata = MetaData()
messaging_tables = define_messaging_tables(metadata)

org_units = Table(
    "org_units",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("name_en", String(160), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("parent_id", String(40), ForeignKey("org_units.id")),
    #: Codes from the root down, joined by "/".
    Column("path", String(200), nullable=False, index=True),
    Column("is_default_department", Boolean, nullable=False, default=False),
)

people = Table(
    "people",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("name", String(120), nullable=False),
    Column("email", String(200)),
    #: argon2id hash of the password.
    Column("password_hash", String(200), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("org_unit_id", String(40), ForeignKey("org_units.id")),
    Column("org_path", String(200), nullable=False, index=True),
    Column("enterprise_id", String(36), ForeignKey("enterprises.id")),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True)),
)

enterprises = Table(
    "enterprises",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    #: Unified social credit code (GB 32100-2015), check character verified.
    Column("credit_code", String(18), nullable=False, unique=True),
    Column("county_id", String(40), ForeignKey("org_units.id"), nullable=False),
    Column("org_path", String(200), nullable=False, index=True),
    Column("scale", String(20)),
    Column("types", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True)),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("person_id", String(36), ForeignKey("people.id"), nullable=False),
    Column("name", String(120), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

mapper_registry = registry()


def start_mappers() -> None:
    """Map the domain classes to the tables, once per process."""
    if mapper_registry.mappers:
        return
    mapper_registry.map_imperatively(OrgUnit, org_units)
    mapper_registry.map_imperatively(Person, people)
    mapper_registry.map_imperatively(Enterprise, enterprises)
    mapper_registry.map_imperatively(ApiToken, api_tokens)
