"""Forms' tables and their mapping to the domain classes."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import registry, relationship

from services.forms.domain.attachments import Upload
from services.forms.domain.known import Enterprise, OrgUnit, Person
from services.forms.domain.model import (
    Form,
    FormVersion,
    OptionList,
    Submission,
    SubmissionDraft,
    Variant,
)
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
    #: A province's or city's form that counties adopt or fork.
    Column("is_template", Boolean, nullable=False, default=False, server_default="0"),
    #: A county's fork: its template, and the template version it was forked from.
    Column(
        "template_form_id", String(36), ForeignKey("forms.id", name="fk_forms_template_form_id")
    ),
    Column("forked_from_version", Integer),
    #: The template version whose changes were last merged into the draft.
    Column("merged_template_version", Integer),
    #: When a county went back to the template; an archived form serves no one.
    Column("archived_at", DateTime(timezone=True)),
)
#: One form of a key per org unit, among those not archived (a county may fork again).
Index(
    "uq_forms_org_path_key",
    forms.c.org_path,
    forms.c.key,
    unique=True,
    sqlite_where=forms.c.archived_at.is_(None),
    postgresql_where=forms.c.archived_at.is_(None),
)

#: A county's choice for a template: adopted as it is, or forked into its own form.
variants = Table(
    "variants",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("template_form_id", String(36), ForeignKey("forms.id"), nullable=False),
    #: The county's org path and unit.
    Column("org_path", String(200), nullable=False, index=True),
    Column("org_unit_id", String(40), nullable=False),
    #: "adopted" or "forked".
    Column("mode", String(10), nullable=False),
    #: The county's own form while it is forked.
    Column("form_id", String(36), ForeignKey("forms.id")),
    Column("adopted_by", String(36)),
    Column("adopted_at", DateTime(timezone=True)),
    Column("forked_by", String(36)),
    Column("forked_at", DateTime(timezone=True)),
    UniqueConstraint("template_form_id", "org_path", name="uq_variants_template_org_path"),
)

# Copies of directory's org units and people, fed by its events, for names on pages (no
# foreign keys: events arrive in any order).
org_units = Table(
    "org_units",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("name_en", String(160), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("parent_id", String(40)),
    #: Codes from the root down, joined by "/".
    Column("path", String(200), nullable=False, index=True),
)

enterprises = Table(
    "enterprises",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("credit_code", String(18), nullable=False),
    #: The county's path: the enterprise's submissions are scoped by it.
    Column("org_path", String(200), nullable=False),
)

people = Table(
    "people",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("name", String(120), nullable=False),
    Column("org_path", String(200), nullable=False),
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
    #: A form's submissions page by page, newest first.
    Index("ix_submissions_form_id_created_at", "form_id", "created_at"),
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

submission_drafts = Table(
    "submission_drafts",
    metadata,
    Column("id", String(36), primary_key=True),
    #: The person keeping the draft: only they see it.
    Column("submitted_by", String(36), nullable=False),
    Column("enterprise_id", String(36), nullable=False),
    Column("form_key", String(64), nullable=False),
    #: The answers as posted, unchecked (the nested shape of a submission).
    Column("answers", JSON, nullable=False),
    #: The version the answers were last saved against.
    Column("form_version_id", String(36), ForeignKey("form_versions.id"), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("submitted_by", "form_key", name="uq_submission_drafts_submitted_by_form_key"),
)

uploads = Table(
    "uploads",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("uploaded_by", String(36), nullable=False),
    Column("enterprise_id", String(36), nullable=False),
    Column("form_key", String(64), nullable=False),
    #: The name of the file or image field it was uploaded for.
    Column("field", String(64), nullable=False),
    #: The original file name, cleaned for display; never a path on disk.
    Column("name", String(255), nullable=False),
    Column("size", BigInteger, nullable=False),
    #: Recognised from the content, not taken from the name or the client.
    Column("content_type", String(100), nullable=False),
    Column("sha256", String(64), nullable=False),
    #: The generated file name in the upload directory.
    Column("stored_name", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    #: The submission that gives it as an answer; empty until then (swept after a day).
    Column("submission_id", String(36), ForeignKey("submissions.id"), index=True),
)

#: Who handles the ticket of a submission, as workflow's events tell (no foreign key:
#: events arrive in any order). They may read the submission and its attachments; a row
#: is never removed, so whoever once held or co-handled the ticket keeps reading it.
submission_readers = Table(
    "submission_readers",
    metadata,
    Column("submission_id", String(36), nullable=False),
    #: "person" or "org_unit".
    Column("reader_kind", String(10), nullable=False),
    #: A person's id, or an org unit's id (every staff member of the unit reads).
    Column("reader_id", String(40), nullable=False),
    #: The ticket whose event made them a reader.
    Column("ticket_id", String(36), nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("submission_id", "reader_kind", "reader_id", name="pk_submission_readers"),
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
    mapper_registry.map_imperatively(Variant, variants)
    mapper_registry.map_imperatively(OrgUnit, org_units)
    mapper_registry.map_imperatively(Person, people)
    mapper_registry.map_imperatively(Enterprise, enterprises)
    mapper_registry.map_imperatively(SubmissionDraft, submission_drafts)
    mapper_registry.map_imperatively(Upload, uploads)
    # Configure now rather than on first use: a domain object built before any query
    # (a unit test of pure logic after another test mapped the classes) would otherwise
    # meet half-instrumented attributes.
    mapper_registry.configure()
