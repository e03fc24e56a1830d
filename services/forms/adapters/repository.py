"""Forms' repositories: the only code that queries its tables."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import NamedTuple

import psycopg
from sqlalchemy import (
    Boolean,
    Float,
    String,
    and_,
    any_,
    bindparam,
    case,
    cast,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.forms.adapters import orm
from services.forms.adapters.cache import PublishedVersion, PublishedVersionCache
from services.forms.domain.attachments import Upload, attached_ids
from services.forms.domain.errors import SubmissionKeyTaken, UploadsTaken
from services.forms.domain.idempotency import SubmissionKey
from services.forms.domain.known import Enterprise, OrgUnit, Person
from services.forms.domain.model import (
    Form,
    FormVersion,
    OptionList,
    Submission,
    SubmissionDraft,
    Variant,
)
from services.forms.domain.readers import Reader
from services.forms.domain.submission_query import AnswerFilter, SubmissionQuery
from shared.db import PsycopgStatement, in_subtree
from shared.org_paths import ancestors_and_self

#: The nearest published version of a key for an org path (see
#: :meth:`SqlFormRepository.nearest_published_version`), built once: a submission needs it.
_versions, _forms = orm.form_versions.c, orm.forms.c
_NEAREST_PUBLISHED = (
    select(_versions.id, _versions.form_id, _versions.version, _forms.org_path)
    .join(orm.forms, _forms.id == _versions.form_id)
    .where(
        _forms.key == bindparam("key"),
        _forms.org_path.in_(bindparam("paths", expanding=True)),
        _forms.archived_at.is_(None),
    )
    .order_by(func.length(_forms.org_path).desc(), _versions.version.desc())
    .limit(1)
)


_SUBMISSION_COLUMNS = tuple(column.name for column in orm.submissions.columns)


def _superseding_version(owner_path_among):
    """A published version that supersedes the one a submission is pinned to: a later
    version of the same form, or a version of a form of that key owned nearer to the
    enterprise. ``owner_path_among(column)`` is the condition that ``column`` is one of
    the enterprise's ancestors (an expanding IN, or ``= ANY`` of an array)."""
    newer_forms, newer_versions = orm.forms.alias("newer_form"), orm.form_versions.alias("newer")
    return (
        select(newer_versions.c.id)
        .join(newer_forms, newer_forms.c.id == newer_versions.c.form_id)
        .where(
            newer_forms.c.key == bindparam("form_key"),
            owner_path_among(newer_forms.c.org_path),
            newer_forms.c.archived_at.is_(None),
            or_(
                func.length(newer_forms.c.org_path) > bindparam("owner_depth"),
                and_(
                    newer_versions.c.form_id == bindparam("form_id"),
                    newer_versions.c.version > bindparam("version"),
                ),
            ),
        )
    )


def _insert_submission_if_latest(owner_path_among):
    """INSERT ... SELECT of one submission, which stores nothing when its version is
    superseded (see :func:`_superseding_version`) or its form was archived (the county
    went back to the template)."""
    values = (bindparam(column.name, type_=column.type) for column in orm.submissions.columns)
    pinned_form_serves = select(_forms.id).where(
        _forms.id == bindparam("form_id"), _forms.archived_at.is_(None)
    )
    return insert(orm.submissions).from_select(
        _SUBMISSION_COLUMNS,
        select(*values).where(
            ~exists(_superseding_version(owner_path_among)), exists(pinned_form_serves)
        ),
    )


_OUTBOX = orm.messaging_tables[0]
_OUTBOX_COLUMNS = ("event_id", "routing_key", "body", "created_at")
_KEYS = orm.submission_keys
_KEY_COLUMNS = ("submitted_by", "key", "request_hash", "created_at")
#: Any database: the guarded INSERT of the submission; its key's row (if it has one) and
#: its event's outbox row follow. SQLAlchemy keeps the rowcount of an INSERT only when
#: asked, on every driver.
_INSERT_SUBMISSION_IF_LATEST = _insert_submission_if_latest(
    lambda column: column.in_(bindparam("paths", expanding=True))
).execution_options(preserve_rowcount=True)
_INSERT_OUTBOX_ROW = insert(_OUTBOX)
_INSERT_KEY_ROW = insert(_KEYS)


def _file_on_postgresql(keyed: bool) -> PsycopgStatement:
    """PostgreSQL (psycopg): the guarded INSERT, the event's outbox row and (when
    ``keyed``) the key's row in one statement (data-modifying CTEs: the other rows are
    written only if the submission is), on psycopg's cursor: one round trip instead of
    two or three, and much less Python CPU than the statements above (docs/performance.md).

    A key row of the same user and key that another transaction has written but not yet
    committed makes this statement wait for it, then fail on ``pk_submission_keys``.
    """
    filed = (
        _insert_submission_if_latest(
            lambda column: column == any_(bindparam("paths", type_=ARRAY(String)))
        )
        .returning(orm.submissions.c.id)
        .cte("filed")
    )
    statement = insert(_OUTBOX).from_select(
        _OUTBOX_COLUMNS,
        select(
            *(bindparam(f"event_{name}", type_=_OUTBOX.c[name].type) for name in _OUTBOX_COLUMNS)
        ).select_from(filed),
    )
    if keyed:
        key_values = (bindparam(f"key_{name}", type_=_KEYS.c[name].type) for name in _KEY_COLUMNS)
        key_row = select(*key_values, filed.c.id).select_from(filed)
        statement = statement.add_cte(
            insert(_KEYS).from_select((*_KEY_COLUMNS, "submission_id"), key_row).cte("keyed")
        )
    return PsycopgStatement(statement)


_FILE_SUBMISSION_ON_POSTGRESQL = _file_on_postgresql(keyed=False)
_FILE_KEYED_SUBMISSION_ON_POSTGRESQL = _file_on_postgresql(keyed=True)


def _breaks_key_uniqueness(error: Exception) -> bool:
    """Whether ``error`` (the driver's, or SQLAlchemy's wrapping it) is the primary key of
    ``submission_keys`` refusing a second row for one user's key."""
    cause = getattr(error, "orig", None) or error
    diagnosis = getattr(cause, "diag", None)
    if diagnosis is not None:  # psycopg names the constraint
        return diagnosis.constraint_name == _KEYS.primary_key.name
    # SQLite: "UNIQUE constraint failed: submission_keys.submitted_by, submission_keys.key"
    return "submission_keys." in str(cause)


class StoredKey(NamedTuple):
    """A stored key's row, as :meth:`SqlFormRepository.submission_key` reads it."""

    request_hash: str
    submission_id: str
    #: Whether the row was written late enough to still stand for its request.
    is_live: bool


_drafts = orm.submission_drafts.c
_DELETE_DRAFT = delete(orm.submission_drafts).where(
    _drafts.submitted_by == bindparam("submitted_by"), _drafts.form_key == bindparam("form_key")
)
_DELETE_DRAFT_ON_POSTGRESQL = PsycopgStatement(_DELETE_DRAFT)


class SqlFormRepository:
    def __init__(self, session: Session, published: PublishedVersionCache):
        self.session = session
        self.published = published
        #: Uploads the next stored submission is filed with (see :meth:`claim_uploads`).
        self._claimed: set[str] = set()

    def add(self, item) -> None:
        self.session.add(item)

    def get(self, form_id: str) -> Form | None:
        return self.session.get(Form, form_id)

    def by_key(self, org_path: str, key: str) -> Form | None:
        """The unit's form of ``key`` that is not archived."""
        query = select(Form).where(
            Form.org_path == org_path, Form.key == key, Form.archived_at.is_(None)
        )
        return self.session.scalars(query).first()

    def managed_by(self, org_path: str) -> list[Form]:
        """Forms owned by ``org_path`` or any unit below it, archived ones last."""
        query = select(Form).where(in_subtree(Form.org_path, org_path))
        order = (Form.archived_at.is_not(None), Form.org_path, Form.key)
        return list(self.session.scalars(query.order_by(*order)))

    def applying_to(self, org_path: str) -> list[Form]:
        """Forms owned by ``org_path`` or a unit above it (what its enterprises may file)."""
        query = select(Form).where(Form.org_path.in_(ancestors_and_self(org_path)))
        return list(self.session.scalars(query.order_by(Form.key)))

    def templates_for(self, org_path: str) -> list[Form]:
        """Published templates owned above ``org_path`` (a county's templates to choose)."""
        paths = ancestors_and_self(org_path)[:-1]
        query = select(Form).where(Form.is_template.is_(True), Form.org_path.in_(paths))
        return [f for f in self.session.scalars(query.order_by(Form.key)) if f.latest]

    def variant(self, template_form_id: str, org_path: str) -> Variant | None:
        """A unit's choice for a template, if it made one."""
        query = select(Variant).where(
            Variant.template_form_id == template_form_id, Variant.org_path == org_path
        )
        return self.session.scalars(query).first()

    def nearest_published_version(self, key: str, org_path: str) -> PublishedVersion | None:
        """The id, form id, number and owner path of the latest version of the nearest
        published form of ``key`` for ``org_path``, or None; from the cache when it is
        there (it may be stale: :meth:`add_submission` checks).

        The nearest owner is the deepest one (a county's own form before the province
        template), among forms that have a published version. The definition is not
        loaded: see :meth:`definition_of`.
        """

        return self.published.get(
            key, org_path, lambda: self.latest_published_version(key, org_path)
        )

    def latest_published_version(self, key: str, org_path: str) -> PublishedVersion | None:
        """What :meth:`nearest_published_version` finds, read from the database now."""
        params = {"key": key, "paths": ancestors_and_self(org_path)}
        row = self.session.execute(_NEAREST_PUBLISHED, params).first()
        return PublishedVersion(*row) if row else None

    def forget_published_versions(self) -> None:
        """Drop the cached versions: once a publish has committed, or when one of them
        turned out to be superseded."""
        self.published.clear()

    def definition_of(self, version_id: str) -> dict:
        query = select(FormVersion.definition).where(FormVersion.id == version_id)
        return self.session.execute(query).scalar_one()

    def add_submission(
        self,
        submission: Submission,
        pinned: PublishedVersion,
        event_row: dict,
        key: SubmissionKey | None = None,
    ) -> bool:
        """Store a new submission pinned to ``pinned``, the outbox row of the event
        announcing it and the row of its idempotency ``key``, if ``pinned`` is still the
        latest version of the nearest form for the enterprise; untracked by the session.

        :param event_row: the event's outbox row (:meth:`UnitOfWork.take_events`).
        :param key: the request's idempotency key, if it came with one.
        :returns: whether they were stored; False when a newer version was published since
            ``pinned`` was looked up (then nothing was written).
        :raises SubmissionKeyTaken: when the user's key was stored by another transaction
            meanwhile (once that one committed); the transaction must be rolled back.
        """
        try:
            stored = self._add_submission(submission, pinned, event_row, key)
        except (IntegrityError, psycopg.IntegrityError) as error:
            if key is not None and _breaks_key_uniqueness(error):
                raise SubmissionKeyTaken() from error
            raise
        if stored:
            self._attach_claimed(submission)
        return stored

    def _add_submission(self, submission, pinned, event_row, key) -> bool:
        row = {name: getattr(submission, name) for name in _SUBMISSION_COLUMNS}
        row["paths"] = ancestors_and_self(submission.org_path)
        row["owner_depth"] = len(pinned.owner_path)
        key_row = {name: getattr(key, name) for name in _KEY_COLUMNS} if key else None
        if self.session.get_bind().dialect.driver == "psycopg":
            row["data"] = json.dumps(row["data"], ensure_ascii=False)
            row |= {f"event_{name}": event_row[name] for name in _OUTBOX_COLUMNS}
            if key_row is None:
                return _FILE_SUBMISSION_ON_POSTGRESQL.rowcount(self.session, row) == 1
            row |= {f"key_{name}": value for name, value in key_row.items()}
            return _FILE_KEYED_SUBMISSION_ON_POSTGRESQL.rowcount(self.session, row) == 1
        if self.session.execute(_INSERT_SUBMISSION_IF_LATEST, row).rowcount != 1:
            return False
        if key_row is not None:
            self.session.execute(_INSERT_KEY_ROW, {**key_row, "submission_id": submission.id})
        self.session.execute(_INSERT_OUTBOX_ROW, event_row)
        return True

    def submission_key(self, submitted_by: str, key: str, live_since: datetime) -> StoredKey | None:
        """The stored row of ``submitted_by``'s idempotency ``key``, if there is one; it
        is live when it was written at ``live_since`` or later."""
        query = select(
            _KEYS.c.request_hash, _KEYS.c.submission_id, _KEYS.c.created_at >= live_since
        ).where(_KEYS.c.submitted_by == submitted_by, _KEYS.c.key == key)
        row = self.session.execute(query).first()
        return StoredKey(row[0], row[1], bool(row[2])) if row else None

    def forget_submission_key(self, submitted_by: str, key: str, expired_before: datetime) -> None:
        """Delete ``submitted_by``'s row of ``key`` if it was written before
        ``expired_before`` (a live row, written meanwhile by another request, stays)."""
        self.session.execute(
            delete(_KEYS).where(
                _KEYS.c.submitted_by == submitted_by,
                _KEYS.c.key == key,
                _KEYS.c.created_at < expired_before,
            )
        )

    def claim_uploads(self, upload_ids) -> None:
        """Attach these uploads to the next submission :meth:`add_submission` stores (those
        of them its answers keep: a hidden field's answer is dropped)."""
        self._claimed = set(upload_ids)

    def _attach_claimed(self, submission: Submission) -> None:
        if not self._claimed:
            return
        ids, self._claimed = self._claimed & attached_ids(submission.data), set()
        if not ids:
            return
        statement = (
            update(orm.uploads)
            .where(orm.uploads.c.id.in_(ids), orm.uploads.c.submission_id.is_(None))
            .values(submission_id=submission.id)
            .execution_options(synchronize_session=False)
        )
        # Checked when the answers were resolved; only a submission filed meanwhile with
        # the same upload can have taken it (the row lock makes this one wait for it).
        if self.session.execute(statement).rowcount != len(ids):
            raise UploadsTaken()

    def uploads(self, upload_ids) -> dict[str, Upload]:
        """The uploads among ``upload_ids`` that exist, by id."""
        query = select(Upload).where(Upload.id.in_(list(upload_ids)))
        return {upload.id: upload for upload in self.session.scalars(query)}

    def upload(self, upload_id: str) -> Upload | None:
        return self.session.get(Upload, upload_id)

    def delete_expired_keys(self, created_before) -> int:
        """Delete the Idempotency-Keys stored before ``created_before``; how many."""
        query = delete(_KEYS).where(_KEYS.c.created_at < created_before)
        return self.session.execute(query.execution_options(preserve_rowcount=True)).rowcount

    def delete_orphan_uploads(self, created_before, limit: int) -> list[str]:
        """Delete up to ``limit`` uploads created before ``created_before`` that are not
        attached to a submission; the stored names of those deleted."""
        uploads = orm.uploads.c
        orphans = (
            select(uploads.id)
            .where(uploads.submission_id.is_(None), uploads.created_at < created_before)
            .limit(limit)
        )
        statement = (
            delete(orm.uploads)
            # Checked again: one may have been attached since it was selected.
            .where(uploads.id.in_(orphans.scalar_subquery()), uploads.submission_id.is_(None))
            .returning(uploads.stored_name)
        )
        return list(self.session.execute(statement).scalars())

    def stored_names_among(self, stored_names: list[str]) -> set[str]:
        """Which of these file names belong to an upload."""
        column = orm.uploads.c.stored_name
        return set(self.session.scalars(select(column).where(column.in_(stored_names))))

    def submission(self, submission_id: str) -> Submission | None:
        return self.session.get(Submission, submission_id)

    def submissions_of(self, enterprise_id: str) -> list[Submission]:
        query = select(Submission).where(Submission.enterprise_id == enterprise_id)
        return list(self.session.scalars(query.order_by(Submission.created_at.desc())))

    def submissions_under(self, org_path: str, limit: int = 200) -> list[Submission]:
        query = select(Submission).where(in_subtree(Submission.org_path, org_path))
        return list(self.session.scalars(query.order_by(Submission.created_at.desc()).limit(limit)))

    def draft_of(self, person_id: str, form_key: str) -> SubmissionDraft | None:
        query = select(SubmissionDraft).where(
            SubmissionDraft.submitted_by == person_id, SubmissionDraft.form_key == form_key
        )
        return self.session.scalars(query).first()

    def drafts_of(self, person_id: str) -> list[SubmissionDraft]:
        """A person's drafts, the last saved first."""
        query = select(SubmissionDraft).where(SubmissionDraft.submitted_by == person_id)
        return list(self.session.scalars(query.order_by(SubmissionDraft.updated_at.desc())))

    def put_draft(self, draft: SubmissionDraft) -> None:
        """Store ``draft`` as the person's draft of its form, replacing the one they had
        (one statement, so two saves racing both succeed and the later one stays);
        untracked by the session."""
        table = orm.submission_drafts
        dialect = self.session.get_bind().dialect.name
        upsert = (postgresql if dialect == "postgresql" else sqlite).insert(table)
        row = {column.name: getattr(draft, column.name) for column in table.columns}
        replaced = ("enterprise_id", "answers", "form_version_id", "updated_at")
        statement = upsert.values(row).on_conflict_do_update(
            index_elements=[table.c.submitted_by, table.c.form_key],
            set_={name: upsert.excluded[name] for name in replaced},
        )
        self.session.execute(statement)

    def delete_draft(self, person_id: str, form_key: str) -> bool:
        """Delete the person's draft of ``form_key``; whether there was one. Every
        submission does it: on psycopg's cursor, as the submission's own statement."""
        params = {"submitted_by": person_id, "form_key": form_key}
        if self.session.get_bind().dialect.driver == "psycopg":
            return _DELETE_DRAFT_ON_POSTGRESQL.rowcount(self.session, params) > 0
        return self.session.execute(_DELETE_DRAFT, params).rowcount > 0

    def version_titles(self, version_ids) -> dict[str, dict]:
        """The title of each of these versions' definitions, by version id."""
        title = orm.form_versions.c.definition["title"]
        query = select(_versions.id, title).where(_versions.id.in_(set(version_ids)))
        return {version_id: title for version_id, title in self.session.execute(query)}

    def enterprise_names(self, form_id: str) -> dict[str, str]:
        """The names of the enterprises that filed the form, by id (forms' copy of
        directory's enterprises)."""
        filers = (
            select(orm.submissions.c.enterprise_id)
            .where(orm.submissions.c.form_id == form_id)
            .distinct()
        )
        found = orm.enterprises.c
        query = select(found.id, found.name).where(found.id.in_(filers))
        return {enterprise_id: name for enterprise_id, name in self.session.execute(query)}

    def submitter_names(self, form_id: str) -> dict[str, str]:
        """The names of the people who filed the form, by person id (forms' copy of
        directory's people): one query, as many rows as people, not as submissions."""
        submitters = (
            select(orm.submissions.c.submitted_by)
            .where(orm.submissions.c.form_id == form_id)
            .distinct()
        )
        people = orm.people.c
        query = select(people.id, people.name).where(people.id.in_(submitters))
        return {person_id: name for person_id, name in self.session.execute(query)}

    def submission_page(self, form_id: str, query: SubmissionQuery) -> tuple[list, int]:
        """One page of a form's submissions that match ``query`` (filters run in SQL),
        and how many match in all.

        :returns: the page's rows (the ``submissions`` columns) and the total count.
        """
        conditions = self._conditions(form_id, query)
        total = select(func.count()).select_from(orm.submissions).where(*conditions)
        page = (
            select(orm.submissions)
            .where(*conditions)
            .order_by(*_filed_order(query))
            .offset(query.offset)
            .limit(query.per_page)
        )
        return list(self.session.execute(page)), self.session.execute(total).scalar_one()

    def stream_submissions(
        self, form_id: str, query: SubmissionQuery, batch: int = 1000
    ) -> Iterator:
        """Every submission of a form that matches ``query`` (paging aside), fetched
        ``batch`` rows at a time (a server-side cursor on PostgreSQL): an export never
        holds all of them in memory."""
        rows = (
            select(orm.submissions)
            .where(*self._conditions(form_id, query))
            .order_by(*_filed_order(query))
            .execution_options(yield_per=batch)
        )
        yield from self.session.execute(rows)

    def _conditions(self, form_id: str, query: SubmissionQuery) -> list:
        columns = orm.submissions.c
        conditions = [columns.form_id == form_id]
        if query.filed_from is not None:
            conditions.append(columns.created_at >= query.filed_from)
        if query.filed_before is not None:
            conditions.append(columns.created_at < query.filed_before)
        if query.acceptance_number:
            wanted = query.acceptance_number.upper()
            conditions.append(
                func.upper(columns.acceptance_number).contains(wanted, autoescape=True)
            )
        dialect = self.session.get_bind().dialect.name
        for answer_filter in query.filters:
            # Only submissions of versions where the field has the filter's type can match;
            # CASE keeps PostgreSQL from casting answers of other types.
            conditions.append(
                case(
                    (
                        columns.form_version_id.in_(answer_filter.version_ids),
                        _answer_condition(answer_filter, dialect),
                    ),
                    else_=false(),
                )
            )
        return conditions


def _filed_order(query: SubmissionQuery) -> tuple:
    columns = orm.submissions.c
    if query.newest_first:
        return columns.created_at.desc(), columns.id.desc()
    return columns.created_at.asc(), columns.id.asc()


class _Answer:
    """An answer inside the ``data`` column as SQL, at a path: text, number or boolean."""

    def __init__(self, path: tuple[str, ...]):
        self.element = orm.submissions.c.data[path]

    def text(self):
        return self.element.as_string()

    def number(self):
        return self.element.as_float()

    def boolean(self):
        return self.element.as_boolean()


class _RowAnswer:
    """A child's answer inside one row of a repeating group, in SQLite's ``json_each``
    or PostgreSQL's ``json_array_elements``: the ``value`` column of ``rows``."""

    def __init__(self, rows, path: tuple[str, ...], dialect: str):
        self.value, self.path, self.dialect = rows.c.value, path, dialect

    def _extracted(self):
        return func.json_extract(self.value, "$" + "".join(f'."{name}"' for name in self.path))

    def text(self):
        if self.dialect == "sqlite":
            return cast(self._extracted(), String)
        return self.value.op("#>>")(literal(list(self.path), ARRAY(String)))

    def number(self):
        return cast(self.text(), Float)

    def boolean(self):
        if self.dialect == "sqlite":
            # json_extract gives SQLite's 1 and 0 for JSON true and false.
            return type_coerce(self._extracted(), Boolean)
        return cast(self.text(), Boolean)


def _matches(answer, answer_filter: AnswerFilter, file_name) -> object:
    """The SQL condition that ``answer`` matches the filter (see submission_query)."""
    value, match = answer_filter.value, answer_filter.match
    if match == "contains":
        text = file_name.text() if answer_filter.type in ("file", "image") else answer.text()
        return func.lower(text).contains(str(value).lower(), autoescape=True)
    if match == "includes":
        # Option values hold no quotes, so a quoted value is found only as a whole element
        # of the list's JSON text.
        return answer.text().contains(f'"{value}"', autoescape=True)
    if match == "day":
        return answer.text().startswith(str(value), autoescape=True)
    if answer_filter.type == "boolean":
        return answer.boolean() == value
    if isinstance(value, int | float):
        return answer.number() == value
    return answer.text() == value


def _answer_condition(answer_filter: AnswerFilter, dialect: str):
    path = tuple(answer_filter.path.split("."))
    if answer_filter.rows_of is None:
        return _matches(_Answer(path), answer_filter, _Answer((*path, "name")))
    group = tuple(answer_filter.rows_of.split("."))
    data = orm.submissions.c.data
    if dialect == "sqlite":
        json_path = "$" + "".join(f'."{name}"' for name in group)
        rows = func.json_each(data, json_path).table_valued("value").alias("answer_row")
    else:
        array = data.op("#>")(literal(list(group), ARRAY(String)))
        rows = func.json_array_elements(array).table_valued("value").alias("answer_row")
    condition = _matches(
        _RowAnswer(rows, path, dialect), answer_filter, _RowAnswer(rows, (*path, "name"), dialect)
    )
    return exists(select(1).select_from(rows).where(condition))


class SqlOptionListRepository:
    """Shared option lists: a unit's own, and those of the units above it."""

    def __init__(self, session: Session):
        self.session = session

    def add(self, option_list: OptionList) -> None:
        self.session.add(option_list)

    def get(self, list_id: str) -> OptionList | None:
        return self.session.get(OptionList, list_id)

    def owned(self, org_path: str, key: str) -> OptionList | None:
        query = select(OptionList).where(OptionList.org_path == org_path, OptionList.key == key)
        return self.session.scalars(query).first()

    def usable_at(self, org_path: str) -> list[OptionList]:
        """The lists a form owned at ``org_path`` may use, the nearest owner's first for
        each key (a county's list of a key before the province's)."""
        query = select(OptionList).where(OptionList.org_path.in_(ancestors_and_self(org_path)))
        found = self.session.scalars(query).all()
        return sorted(found, key=lambda item: (item.key, -len(item.org_path)))

    def managed_by(self, org_path: str) -> list[OptionList]:
        query = select(OptionList).where(in_subtree(OptionList.org_path, org_path))
        return list(self.session.scalars(query.order_by(OptionList.key, OptionList.org_path)))

    def resolver(self, org_path: str):
        """``key -> options`` for forms owned at ``org_path`` (see ``load_definition``)."""
        nearest: dict[str, list] = {}
        for item in self.usable_at(org_path):
            nearest.setdefault(item.key, item.options)
        return nearest.get


class SqlKnownRepository:
    """Forms' copies of directory's org units and people, for names on pages."""

    def __init__(self, session: Session):
        self.session = session

    def add(self, item) -> None:
        self.session.add(item)

    def org_unit(self, org_unit_id: str) -> OrgUnit | None:
        return self.session.get(OrgUnit, org_unit_id)

    def person(self, person_id: str) -> Person | None:
        return self.session.get(Person, person_id)

    def enterprise(self, enterprise_id: str) -> Enterprise | None:
        return self.session.get(Enterprise, enterprise_id)

    def names_of_enterprises(self, ids: Iterable[str | None]) -> dict[str, str]:
        wanted = {i for i in ids if i}
        query = select(Enterprise.id, Enterprise.name).where(Enterprise.id.in_(wanted))
        return dict(self.session.execute(query).all()) if wanted else {}

    def names_of_people(self, ids: Iterable[str | None]) -> dict[str, str]:
        wanted = {i for i in ids if i}
        query = select(Person.id, Person.name).where(Person.id.in_(wanted))
        return dict(self.session.execute(query).all()) if wanted else {}

    def units_by_path(self, paths: Iterable[str | None]) -> dict[str, OrgUnit]:
        wanted = {p for p in paths if p}
        if not wanted:
            return {}
        query = select(OrgUnit).where(OrgUnit.path.in_(wanted))
        return {unit.path: unit for unit in self.session.scalars(query)}


class SqlReaderRepository:
    """Who reads a submission because they handle its ticket (``domain/readers.py``)."""

    def __init__(self, session: Session):
        self.session = session

    def grant(self, submission_id: str, ticket_id: str, readers: set[Reader], at: datetime):
        """Make ``readers`` readers of the submission; those who already are stay as
        they were."""
        table = orm.submission_readers
        known = self._among(submission_id, readers)
        rows = [
            {
                "submission_id": submission_id,
                "reader_kind": reader.kind,
                "reader_id": reader.id,
                "ticket_id": ticket_id,
                "granted_at": at,
            }
            for reader in readers - known
        ]
        if rows:
            self.session.execute(insert(table), rows)

    def any_of(self, submission_id: str, readers: set[Reader]) -> bool:
        """Whether any of ``readers`` reads the submission."""
        return bool(readers) and bool(self._among(submission_id, readers))

    def _among(self, submission_id: str, readers: set[Reader]) -> set[Reader]:
        if not readers:
            return set()
        columns = orm.submission_readers.c
        query = select(columns.reader_kind, columns.reader_id).where(
            columns.submission_id == submission_id,
            or_(
                *(
                    and_(columns.reader_kind == reader.kind, columns.reader_id == reader.id)
                    for reader in readers
                )
            ),
        )
        return {Reader(kind, reader_id) for kind, reader_id in self.session.execute(query)}
