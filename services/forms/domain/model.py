"""Forms' domain: a form with a draft and immutable published versions, submissions
pinned to the version they were filed against, and the drafts people keep of their
answers before they submit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.forms.domain.compiler import compile_json_schema
from services.forms.domain.errors import VersionNotFound

ADOPTED, FORKED = "adopted", "forked"


@dataclass
class FormVersion:
    """A published version: its definition and compiled schema never change."""

    id: str
    form_id: str
    version: int
    definition: dict
    json_schema: dict
    published_at: datetime
    published_by: str


@dataclass
class Form:
    """A form owned by an org unit; enterprises in that unit's subtree may file it."""

    id: str
    key: str
    #: The owning org unit's path; a county's form overrides a province form of the same key.
    org_path: str
    org_unit_id: str
    draft: dict
    created_by: str
    created_at: datetime
    updated_at: datetime
    versions: list[FormVersion] = field(default_factory=list)
    #: A province's or city's form that counties adopt as it is or fork.
    is_template: bool = False
    #: A county's fork: the template it was forked from, and that template's version.
    template_form_id: str | None = None
    forked_from_version: int | None = None
    #: The template version whose changes were last merged into the draft.
    merged_template_version: int | None = None
    #: Set when the county went back to the template: the form no longer serves, but its
    #: versions and submissions stay readable.
    archived_at: datetime | None = None

    @property
    def title(self) -> dict:
        return self.draft.get("title", {})

    @property
    def is_fork(self) -> bool:
        return self.template_form_id is not None

    def version(self, number, field: str = "version") -> FormVersion:
        """The published version ``number``; VersionNotFound names ``field`` otherwise."""
        found = next((v for v in self.versions if str(v.version) == str(number)), None)
        if found is None:
            raise VersionNotFound(number, field)
        return found

    def clone_version(self, number: int, at: datetime) -> None:
        """Make published version ``number`` the draft again, under the form's own key."""
        self.update_draft({**self.version(number).definition, "key": self.key}, at)

    def merge_template_change(self, draft: dict, template_version: int, at: datetime) -> None:
        """Take a draft with one template change merged in, from ``template_version``."""
        self.update_draft(draft, at)
        self.merged_template_version = template_version

    def archive(self, at: datetime) -> None:
        self.archived_at = at

    @property
    def latest(self) -> FormVersion | None:
        return max(self.versions, key=lambda v: v.version) if self.versions else None

    def update_draft(self, definition: dict, at: datetime) -> None:
        self.draft = definition
        self.updated_at = at

    def publish(self, version_id: str, actor: str, at: datetime) -> FormVersion:
        """Freeze the current draft as the next version."""
        version = FormVersion(
            id=version_id,
            form_id=self.id,
            version=(self.latest.version if self.latest else 0) + 1,
            definition=self.draft,
            json_schema=compile_json_schema(self.draft),
            published_at=at,
            published_by=actor,
        )
        self.versions.append(version)
        return version


@dataclass
class Submission:
    """An enterprise's answers to one exact form version."""

    id: str
    form_id: str
    form_version_id: str
    form_key: str
    version: int
    enterprise_id: str
    submitted_by: str
    #: The enterprise's county path, which scopes who may read the submission.
    org_path: str
    data: dict
    acceptance_number: str
    created_at: datetime
    #: True when a request repeated with its Idempotency-Key is answered with this
    #: submission, filed by the first request; not stored.
    replayed: bool = field(default=False, compare=False)


@dataclass
class Variant:
    """A county's choice for a template: adopt it as it is (its enterprises file the
    template's latest version) or fork it (they file the county's own form once it has
    published it). Who chose each, and when, is kept."""

    id: str
    template_form_id: str
    #: The county's org path and unit.
    org_path: str
    org_unit_id: str
    mode: str
    #: The county's own form while it is forked.
    form_id: str | None = None
    adopted_by: str | None = None
    adopted_at: datetime | None = None
    forked_by: str | None = None
    forked_at: datetime | None = None

    def adopt(self, actor: str, at: datetime) -> None:
        self.mode, self.form_id = ADOPTED, None
        self.adopted_by, self.adopted_at = actor, at

    def fork(self, form_id: str, actor: str, at: datetime) -> None:
        self.mode, self.form_id = FORKED, form_id
        self.forked_by, self.forked_at = actor, at


@dataclass
class SubmissionDraft:
    """A person's unfinished answers to a form, kept unchecked until they submit them.

    One per person and form key; a submission of the form deletes it.
    """

    id: str
    #: The person who saves the draft; only they ever see it.
    submitted_by: str
    enterprise_id: str
    form_key: str
    #: The answers as posted, in the nested shape of a submission (unchecked).
    answers: dict
    #: The version the answers were last saved against: a later version may lack some
    #: of their fields.
    form_version_id: str
    updated_at: datetime


def nearest_published(forms: list[Form]) -> dict[str, Form]:
    """Per key, the published form of the nearest owner: a county's own form overrides the
    city's or the province's form of the same key once the county has published it.
    Archived forms serve no one."""
    nearest: dict[str, Form] = {}
    for form in sorted(forms, key=lambda f: f.org_path.count("/")):
        if form.latest is not None and form.archived_at is None:
            nearest[form.key] = form
    return nearest


@dataclass
class OptionList:
    """A named list of options that several forms' select fields share, edited once.

    A field names it with ``option_list``; its options are copied into the definition
    when the draft is saved and again when it is published, so a published version keeps
    the options it was published with.
    """

    id: str
    key: str
    #: The owning org unit's path: forms owned by it or below it may use the list.
    org_path: str
    title: dict
    options: list[dict]
    updated_by: str
    updated_at: datetime
