"""Forms' read queries, scoped to what the principal may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from services.forms import handlers
from services.forms.domain.diff import diff_definitions
from services.forms.domain.drafts import fitted, labels_of
from services.forms.domain.errors import FieldError, FormNotFound
from services.forms.domain.layout import walk
from services.forms.domain.merge import is_applied
from services.forms.domain.model import ADOPTED, Form, SubmissionDraft, nearest_published
from services.forms.domain.readers import reads_as
from services.forms.domain.submission_query import SubmissionQuery, parse_query
from services.forms.domain.submission_table import (
    Column,
    VersionFields,
    answer_at,
    columns,
    display_value,
)
from shared.auth import ADMIN_ROLES
from shared.org_paths import ancestors_and_self


def may_read(uow, principal, submission) -> bool:
    """An enterprise user reads its own enterprise's submissions; staff those in their
    area, and those whose ticket they (or their org unit) handle or once handled."""
    if principal.is_enterprise:
        return submission.enterprise_id == principal.enterprise_id
    if principal.can_see(submission.org_path):
        return True
    return uow.readers.any_of(submission.id, reads_as(principal))


def visible_submission(uow, principal, submission_id: str):
    submission = uow.forms.submission(submission_id)
    return submission if submission and may_read(uow, principal, submission) else None


def visible_submissions(uow, principal) -> list:
    if principal.is_enterprise:
        return uow.forms.submissions_of(principal.enterprise_id)
    return uow.forms.submissions_under(principal.org_path)


def fillable_forms(uow, principal) -> list:
    """Published forms an enterprise may file: per key, the nearest owner's form."""
    nearest = nearest_published(uow.forms.applying_to(principal.org_path))
    return sorted(nearest.values(), key=lambda form: form.key)


def option_list_fields(definition: dict, key: str) -> list[dict]:
    """The choice fields of ``definition`` (groups included) that name the option list."""
    return [
        field for field, _group in walk(definition["fields"]) if field.get("option_list") == key
    ]


def forms_using(uow, option_list) -> list[dict]:
    """The forms under the list's owner whose draft names the list, each with whether its
    published version still carries other options than the list has now."""
    result = []
    for form in uow.forms.managed_by(option_list.org_path):
        if not option_list_fields(form.draft, option_list.key):
            continue
        latest = form.latest.definition if form.latest else None
        published = option_list_fields(latest, option_list.key) if latest else []
        stale = any(field["options"] != option_list.options for field in published)
        result.append({"form": form, "stale": stale, "published": bool(published)})
    return result


def version_history(uow, form) -> list[dict]:
    """The form's published versions, newest first, each with its publisher's name."""
    names = uow.known.names_of_people(v.published_by for v in form.versions)
    return [
        {
            "version": v.version,
            "published_at": v.published_at,
            "published_by": v.published_by,
            "published_by_name": names.get(v.published_by),
        }
        for v in sorted(form.versions, key=lambda v: v.version, reverse=True)
    ]


def form_diff(form, from_number, to_number) -> list:
    """The changes between two published versions of ``form``."""
    old = form.version(from_number, "from").definition
    new = form.version(to_number, "to").definition
    return diff_definitions(old, new)


def unit_names(uow, paths) -> dict[str, dict]:
    """``{"zh_CN": ..., "en": ...}`` names of the units at ``paths``, by path; a unit not
    known yet is named by its code."""
    units = uow.known.units_by_path(paths)
    return {
        path: units[path].names if path in units else {"zh_CN": path, "en": path}
        for path in {p for p in paths if p}
    }


def template_changes(uow, fork) -> dict:
    """A fork's template, the versions compared, and each change with whether the fork's
    draft already has it."""
    template, changes = handlers.template_changes(uow, fork)
    return {
        "template": template,
        "forked_from_version": fork.forked_from_version,
        "template_version": template.latest.version,
        "merged_template_version": fork.merged_template_version,
        "changes": [(change, is_applied(fork.draft, change)) for change in changes],
    }


def templates_for(uow, principal) -> list[dict]:
    """The templates a county may adopt or fork, each with the county's choice and the
    names of who made it."""
    rows = []
    for template in uow.forms.templates_for(principal.org_path):
        variant = uow.forms.variant(template.id, principal.org_path)
        rows.append({"template": template, "variant": variant})
    people = {
        p
        for row in rows
        if row["variant"]
        for p in (row["variant"].adopted_by, row["variant"].forked_by)
    }
    names = uow.known.names_of_people(people)
    owners = unit_names(uow, [row["template"].org_path for row in rows])
    for row in rows:
        row["owner"] = owners[row["template"].org_path]
        row["people"] = names
    return rows


def resolve(uow, principal, key: str, org_path: str) -> dict:
    """Which version of which form an enterprise under ``org_path`` files for ``key``: the
    very query the intake makes (without its cache)."""
    if not principal.can_see(org_path):
        raise FormNotFound(key)
    version = uow.forms.latest_published_version(key, org_path)
    if version is None:
        raise FormNotFound(key)
    form = uow.forms.get(version.form_id)
    return {
        "form_id": form.id,
        "key": key,
        "title": version_title(form, version.version),
        "version": version.version,
        "owner_org_path": form.org_path,
        "owner_name": unit_names(uow, [form.org_path])[form.org_path],
        "variant": _variant_kind(uow, form, org_path),
        "template_form_id": form.template_form_id,
    }


def version_title(form, number: int) -> dict:
    return form.version(number).definition.get("title", {})


def _variant_kind(uow, form, org_path: str) -> str:
    """ "forked" (a county's fork), "adopted" (a template the county adopted), "template"
    (a template the county has made no choice about) or "own" (any other form)."""
    if form.is_fork:
        return "forked"
    if not form.is_template:
        return "own"
    for path in reversed(ancestors_and_self(org_path)):
        variant = uow.forms.variant(form.id, path)
        if variant is not None:
            return "adopted" if variant.mode == ADOPTED else "template"
    return "template"


@dataclass(frozen=True)
class DraftView:
    """A person's draft as they read it: the form's title, the answers, when saved."""

    form_key: str
    title: dict
    answers: dict
    updated_at: datetime


def own_draft(uow, principal, form_key: str) -> DraftView | None:
    """The principal's draft of ``form_key``; None when they have none."""
    draft = uow.forms.draft_of(principal.id, form_key)
    return _draft_view(uow, principal, draft) if draft else None


def own_drafts(uow, principal) -> list[DraftView]:
    """The principal's drafts, the last saved first."""
    return [_draft_view(uow, principal, draft) for draft in uow.forms.drafts_of(principal.id)]


def _draft_view(uow, principal, draft: SubmissionDraft) -> DraftView:
    # The title of the version the person would file now, else of the one it was saved
    # against (the form may no longer be open to them).
    version = uow.forms.nearest_published_version(draft.form_key, principal.org_path)
    definition = uow.forms.definition_of(version.id if version else draft.form_version_id)
    return DraftView(draft.form_key, definition["title"], draft.answers, _utc(draft.updated_at))


def _utc(at: datetime) -> datetime:
    """Times are stored in UTC; SQLite gives them back without their zone."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ResumedDraft:
    """A draft fitted to the version the intake page shows."""

    #: The answers that version has fields for.
    answers: dict
    updated_at: datetime
    #: Why each other answer was left out (their fields are gone in that version).
    left_out: list[FieldError]
    #: The labels of the version the draft was saved against, which name them.
    labels: dict


def resumed_draft(uow, principal, form_key: str, definition: dict) -> ResumedDraft | None:
    """The principal's draft of ``form_key`` fitted to ``definition``; None when none."""
    draft = uow.forms.draft_of(principal.id, form_key)
    if draft is None:
        return None
    answers, left_out = fitted(draft.answers, definition["fields"])
    labels = labels_of(uow.forms.definition_of(draft.form_version_id)) if left_out else {}
    return ResumedDraft(answers, draft.updated_at, left_out, labels)


def readable_upload(uow, principal, upload_id: str):
    """An upload the principal may download: one attached to a submission they may read,
    or their own before it is attached; None otherwise (as for one that does not exist)."""
    upload = uow.forms.upload(upload_id)
    if upload is None:
        return None
    if upload.submission_id is None:
        return upload if upload.uploaded_by == principal.id else None
    submission = uow.forms.submission(upload.submission_id)
    return upload if submission is not None and may_read(uow, principal, submission) else None


def administered_form(uow, principal, form_id: str) -> Form:
    """A form whose submissions ``principal`` may read: an administrator's whose scope
    covers the form's owner (a county its own forms, a city its counties' too).

    :raises FormNotFound: for anyone else, as for a form that does not exist.
    """
    if not principal.has_role(*ADMIN_ROLES):
        raise FormNotFound(form_id, field="form_id")
    return handlers.managed_form(uow, form_id, principal)


def version_definitions(form: Form) -> dict[str, dict]:
    """The definitions of a form's published versions by version id, oldest first."""
    ordered = sorted(form.versions, key=lambda version: version.version)
    return {version.id: version.definition for version in ordered}


@dataclass(frozen=True)
class SubmissionTable:
    """One page of a form's submissions, each answer in its own version's labels (or
    raw), under the columns of all the form's versions."""

    form: Form
    columns: list[Column]
    query: SubmissionQuery
    #: (submission row, its cells in column order).
    rows: list[tuple]
    total: int
    #: The names of the people who filed the page's submissions, by id.
    people: dict[str, str]
    #: The names of their enterprises, by id.
    enterprises: dict[str, str]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))

    @property
    def title(self) -> dict:
        return self.form.latest.definition["title"] if self.form.latest else self.form.title


def submission_table(uow, principal, form_id: str, args, locale: str) -> SubmissionTable:
    """The page of a form's submissions that ``args`` (the query string) asks for.

    :param locale: the language of the labels (``zh_CN`` or ``en``).
    :raises FormNotFound: when ``principal`` may not read the form's submissions.
    :raises InvalidSubmissionQuery: naming each wrong parameter.
    """
    form = administered_form(uow, principal, form_id)
    definitions = version_definitions(form)
    form_columns = columns(definitions)
    query = parse_query(args, form_columns)
    found, total = uow.forms.submission_page(form.id, query)
    fields = VersionFields(definitions)

    def cell(row, column):
        value = answer_at(row.data, column.path)
        if query.values == "raw":
            return value
        return display_value(fields.field(row.form_version_id, column.path), value, locale)

    rows = [(row, [cell(row, column) for column in form_columns]) for row in found]
    people = uow.known.names_of_people(row.submitted_by for row in found)
    enterprises = uow.known.names_of_enterprises(row.enterprise_id for row in found)
    return SubmissionTable(form, form_columns, query, rows, total, people, enterprises)


@dataclass(frozen=True)
class SubmissionExport:
    """What an export needs before it streams."""

    form: Form
    #: The version definitions by version id, oldest first.
    definitions: dict[str, dict]
    #: The filters and order (paging aside).
    query: SubmissionQuery
    #: The names of everyone who filed the form, by person id.
    people: dict[str, str]
    #: The names of their enterprises, by id.
    enterprises: dict[str, str]


def submission_export(uow, principal, form_id: str, args) -> SubmissionExport:
    """The form, its versions, the query and the submitters' names of an export.

    :raises FormNotFound: when ``principal`` may not read the form's submissions.
    :raises InvalidSubmissionQuery: naming each wrong parameter.
    """
    form = administered_form(uow, principal, form_id)
    definitions = version_definitions(form)
    query = parse_query(args, columns(definitions))
    people, enterprises = uow.forms.submitter_names(form.id), uow.forms.enterprise_names(form.id)
    return SubmissionExport(form, definitions, query, people, enterprises)


def titled_submissions(uow, submissions: list) -> list[tuple]:
    """Each submission with the title of the form version it was filed against."""
    titles = uow.forms.version_titles(s.form_version_id for s in submissions)
    return [(s, titles.get(s.form_version_id) or {}) for s in submissions]
