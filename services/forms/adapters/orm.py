"""Forms' tables and their mapping to the domain classes."""

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import registry, relationship

from services.forms.domain.model import Form, FormVersion, OptionList, Submission
from shared.messaging.outbox import define_messaging_tables

metadata = MetaData()
messaging_tables = define_messaging_tables(metadata)

forms = Table(
    "forms",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("key", String(64), nullable=False),
    #: The owning org unit's path; forms apply to enterprises in its subtree.
    Column("org_path", String(200), nullable=False, index=True),
    Column("org_unit_id", String(40), nullable=False),
    #: The definition being edited (the format of docs/forms.md).
    Column("draft", JSON, nullable=False),
    Column("created_by", String(36), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("org_path", "key", name="uq_forms_org_path_key"),
)

form_versions = Table(
    "form_versions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("form_id", String(36), ForeignKey("forms.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("definition", JSON, nullable=False),
    #: The definition compiled to JSON Schema Draft 2020-12, which submissions must satisfy.
    Column("json_schema", JSON, nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("published_by", String(36), nullable=False),
    UniqueConstraint("form_id", "version", name="uq_form_versions_form_id_version"),
)

submissions = Table(
    "submissions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("form_id", String(36), ForeignKey("forms.id"), nullable=False),
    Column("form_version_id", String(36), ForeignKey("form_versions.id"), nullable=False),
    Column("form_key", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("enterprise_id", String(36), nullable=False, index=True),
    Column("submitted_by", String(36), nullable=False),
    Column("org_path", String(200), nullable=False, index=True),
    Column("data", JSON, nullable=False),
    #: The receipt number the enterprise is given (受理编号).
    Column("acceptance_number", String(40), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

option_lists = Table(
    "option_lists",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("key", String(64), nullable=False),
    #: The owning org unit's path; forms owned by it or below it may use the list.
    Column("org_path", String(200), nullable=False, index=True),
    #: ``{"zh_CN": ..., "en": ...}``.
    Column("title", JSON, nullable=False),
    #: ``[{"value": ..., "label": {...}}, ...]``, as a select field's options.
    Column("options", JSON, nullable=False),
    Column("updated_by", String(36), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("org_path", "key", name="uq_option_lists_org_path_key"),
)

#: One row per ``Idempotency-Key`` a user filed a submission with, written with the
#: submission (docs/forms.md, "Filing once"); a row older than 24 hours no longer counts,
#: and is replaced when its key is used again.
submission_keys = Table(
    "submission_keys",
    metadata,
    Column("submitted_by", String(36), nullable=False),
    Column("key", String(200), nullable=False),
    #: SHA-256 (hex) of the form key and the answers as posted (domain/idempotency.py).
    Column("request_hash", String(64), nullable=False),
    Column("submission_id", String(36), ForeignKey("submissions.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("submitted_by", "key", name="pk_submission_keys"),
)

mapper_registry = registry()


def start_mappers() -> None:
    """Map the domain classes to the tables, once per process."""
    if mapper_registry.mappers:
        return
    version_mapper = mapper_registry.map_imperatively(FormVersion, form_versions)
    mapper_registry.map_imperatively(
        Form, forms, properties={"versions": relationship(version_mapper, lazy="selectin")}
    )
    mapper_registry.map_imperatively(Submission, submissions)
    mapper_registry.map_imperatively(OptionList, option_lists)
