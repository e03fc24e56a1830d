"""Forms' use cases: one function per command, each in one unit of work."""

from __future__ import annotations

import dataclasses
import secrets
import threading
import uuid
from datetime import UTC, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from cachetools import LRUCache

from services.forms.adapters.uploads import FileTooLarge
from services.forms.domain import commands
from services.forms.domain.answer_rows import answer_rows, contact_of
from services.forms.domain.attachments import (
    ATTACHMENT_TYPES,
    MIME_NAMES,
    Upload,
    attach_uploads,
    attachment_answers,
    display_name,
    find_field,
    limits_of,
    type_names,
    upload_id,
)
from services.forms.domain.definition import load_definition, load_option_list
from services.forms.domain.diff import FieldChange, diff_definitions
from services.forms.domain.drafts import fitted
from services.forms.domain.errors import (
    AlreadyForked,
    AlreadyMerged,
    DraftNotFound,
    FieldError,
    FormChangedWhileFiling,
    FormNotFound,
    IdempotencyKeyReused,
    InvalidSubmission,
    KeyTaken,
    NotAFork,
    NotATemplate,
    NothingToPublish,
    NotInDiff,
    OptionListNotFound,
    SubmissionKeyTaken,
    TemplateOwner,
    UploadEmpty,
    UploadFieldUnknown,
    UploadTooLarge,
    UploadTypeRefused,
)
from services.forms.domain.idempotency import KEY_LIFETIME, SubmissionKey, submission_key
from services.forms.domain.known import Enterprise, OrgUnit, Person
from services.forms.domain.layout import CONTAINERS
from services.forms.domain.merge import apply_change, is_applied
from services.forms.domain.model import (
    ADOPTED,
    Form,
    OptionList,
    Submission,
    SubmissionDraft,
    Variant,
)
from services.forms.domain.readers import readers_named
from services.forms.domain.submission import SubmissionValidator
from shared.org_paths import ancestors_and_self

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Crockford's base 32 without look-alikes, for acceptance numbers read out on the phone.
_RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def now() -> datetime:
    return datetime.now(UTC)


def create_form(cmd: commands.CreateForm, uow) -> Form:
    """Create a form owned by the actor's org unit, as a draft."""
    definition = load_definition(cmd.definition, uow.option_lists.resolver(cmd.actor.org_path))
    if uow.forms.by_key(cmd.actor.org_path, definition["key"]):
        raise KeyTaken(definition["key"])
    at = now()
    form = Form(
        id=str(uuid.uuid4()),
        key=definition["key"],
        org_path=cmd.actor.org_path,
        org_unit_id=cmd.actor.org_unit_id or cmd.actor.org_path.rsplit("/", 1)[-1],
        draft=definition,
        created_by=cmd.actor.id,
        created_at=at,
        updated_at=at,
    )
    uow.forms.add(form)
    return form


def save_option_list(cmd: commands.SaveOptionList, uow) -> OptionList:
    """Create the actor's unit's option list of that key, or replace its title and options;
    forms naming it get the new options when their drafts are next saved or published."""
    data = load_option_list(cmd.data)
    option_list = uow.option_lists.owned(cmd.actor.org_path, data["key"])
    if option_list is None:
        option_list = OptionList(
            id=str(uuid.uuid4()),
            key=data["key"],
            org_path=cmd.actor.org_path,
            title=data["title"],
            options=data["options"],
            updated_by=cmd.actor.id,
            updated_at=now(),
        )
        uow.option_lists.add(option_list)
        return option_list
    option_list.title, option_list.options = data["title"], data["options"]
    option_list.updated_by, option_list.updated_at = cmd.actor.id, now()
    return option_list


def managed_option_list(uow, list_id: str, actor) -> OptionList:
    """An option list the actor's org unit owns (or one below it)."""
    option_list = uow.option_lists.get(list_id)
    if option_list is None or not actor.can_see(option_list.org_path):
        raise OptionListNotFound(list_id)
    return option_list


def managed_form(uow, form_id: str, actor) -> Form:
    """A form the actor's org unit owns (or one below it); FormNotFound otherwise."""
    form = uow.forms.get(form_id)
    if form is None or not actor.can_see(form.org_path):
        raise FormNotFound(form_id, field="form_id")
    return form


def readable_form(uow, form_id: str, actor) -> Form:
    """A form the actor manages, or one that applies to the actor's unit (a template a
    county may adopt, the province's form its enterprises file); FormNotFound otherwise."""
    form = uow.forms.get(form_id)
    if form is None or not (
        actor.can_see(form.org_path) or form.org_path in ancestors_and_self(actor.org_path)
    ):
        raise FormNotFound(form_id, field="form_id")
    return form


def update_draft(cmd: commands.UpdateDraft, uow) -> Form:
    """Replace a form's draft; published versions stay as they were."""
    form = managed_form(uow, cmd.form_id, cmd.actor)
    definition = load_definition(cmd.definition, uow.option_lists.resolver(form.org_path))
    if definition["key"] != form.key:
        definition = {**definition, "key": form.key}
    form.update_draft(definition, now())
    return form


def publish_form(cmd: commands.PublishForm, uow):
    """Freeze the draft as the next immutable version and announce it."""
    form = managed_form(uow, cmd.form_id, cmd.actor)
    # Shared option lists may have changed since the draft was saved: publish their
    # current options.
    current = load_definition(form.draft, uow.option_lists.resolver(form.org_path))
    if current != form.draft:
        form.update_draft(current, now())
    if form.latest and form.latest.definition == form.draft:
        raise NothingToPublish(form.latest.version)
    version = form.publish(str(uuid.uuid4()), cmd.actor.id, now())
    uow.on_commit(uow.forms.forget_published_versions)
    uow.emit(
        "forms.form.published",
        {
            "form_id": form.id,
            "key": form.key,
            "version": version.version,
            "title": form.title.get("zh_CN", form.key),
            "org_path": form.org_path,
            "title_en": form.title.get("en") or None,
            "fields": announced_fields(version.definition),
        },
        tenant=form.org_path,
    )
    return version


def announced_fields(definition: dict) -> list[dict]:
    """A version's top-level questions as ``forms.form.published`` carries them: name,
    type, label and choices (groups and sections left out)."""
    return [
        {
            "name": field["name"],
            "type": field["type"],
            "label": field.get("label", {}),
            "options": [
                {"value": option["value"], "label": option.get("label", {})}
                for option in field.get("options", [])
            ],
        }
        for field in definition["fields"]
        if field["type"] not in CONTAINERS
    ]


#: Lookups of the latest version a submission makes before it gives up, when new versions
#: keep being published while it is filed.
_FILING_ATTEMPTS = 3


def submit_form(cmd: commands.SubmitForm, uow) -> Submission:
    """Check the answers against the latest published version of the nearest form of that
    key, store them pinned to that version, and announce the submission.

    The version comes from the cache of published versions; the INSERT stores nothing if
    a newer one has been published meanwhile (by any process), and then the answers are
    checked again against the new version.

    A request repeated with its Idempotency-Key within 24 hours files nothing: it is
    answered with the submission the first one filed (``replayed``), even when the two
    race (the key is stored with the submission, and the later one waits for it).
    """
    actor = cmd.actor
    if not actor.is_enterprise or not actor.enterprise_id:
        raise FormNotFound(cmd.form_key)
    key = submission_key(cmd.idempotency_key, actor.id, cmd.form_key, cmd.answers, now())
    if key is not None and (earlier := filed_with(key, uow)):
        return earlier
    for _attempt in range(_FILING_ATTEMPTS):
        version = uow.forms.nearest_published_version(cmd.form_key, actor.org_path)
        if version is None:
            raise FormNotFound(cmd.form_key)
        validator = validator_for(version.id, partial(uow.forms.definition_of, version.id))
        try:
            answers = validator.validate(with_attachments(validator.definition, cmd, uow))
        except InvalidSubmission:
            # Refuse only by the rules of the version that serves now: the remembered one
            # may have been superseded or archived (a county went back to the template).
            if uow.forms.latest_published_version(cmd.form_key, actor.org_path) == version:
                raise
            uow.forms.forget_published_versions()
            continue
        submission = Submission(
            id=str(uuid.uuid4()),
            form_id=version.form_id,
            form_version_id=version.id,
            form_key=cmd.form_key,
            version=version.version,
            enterprise_id=actor.enterprise_id,
            submitted_by=actor.id,
            org_path=actor.org_path,
            data=answers,
            acceptance_number=acceptance_number(actor),
            created_at=now(),
        )
        uow.emit(
            "forms.submission.received",
            received(submission, validator.definition, actor.name),
            tenant=actor.org_path,
        )
        # The submission and its event are written together, or neither.
        (event_row,) = uow.take_events()
        try:
            if uow.forms.add_submission(submission, version, event_row, key):
                break
        except SubmissionKeyTaken:
            # A request with the same key filed first and has committed: answer with that.
            uow.rollback()
            if earlier := filed_with(key, uow):
                return earlier
            raise
        uow.forms.forget_published_versions()
    else:
        raise FormChangedWhileFiling(cmd.form_key)
    # The draft the answers were made from is gone with the same commit.
    uow.forms.delete_draft(actor.id, cmd.form_key)
    return submission


def filed_with(key: SubmissionKey, uow) -> Submission | None:
    """The submission the same user filed with ``key`` within the last 24 hours, marked
    ``replayed``; None when there is none (an expired key is forgotten: it may be used
    again).

    :raises IdempotencyKeyReused: when that request was for another form or other answers.
    """
    stored = uow.forms.submission_key(key.submitted_by, key.key, live_since=key.expired_before)
    if stored is None:
        return None
    if not stored.is_live:
        uow.forms.forget_submission_key(key.submitted_by, key.key, key.expired_before)
        return None
    if stored.request_hash != key.request_hash:
        raise IdempotencyKeyReused()
    earlier = uow.forms.submission(stored.submission_id)
    earlier.replayed = True
    return earlier


def save_draft(cmd: commands.SaveDraft, uow) -> SubmissionDraft:
    """Keep the person's answers to the latest version of a form, unchecked but for
    keys the version does not have, replacing the draft they had of it."""
    actor = cmd.actor
    if not actor.is_enterprise or not actor.enterprise_id:
        raise FormNotFound(cmd.form_key)
    version = uow.forms.nearest_published_version(cmd.form_key, actor.org_path)
    if version is None:
        raise FormNotFound(cmd.form_key)
    validator = validator_for(version.id, partial(uow.forms.definition_of, version.id))
    if not isinstance(cmd.answers, dict):
        raise InvalidSubmission([FieldError("", "type", {"expected": "object"})], validator.labels)
    _kept, left_out = fitted(cmd.answers, validator.definition["fields"])
    if left_out:
        raise InvalidSubmission(left_out, validator.labels)
    draft = SubmissionDraft(
        id=str(uuid.uuid4()),
        submitted_by=actor.id,
        enterprise_id=actor.enterprise_id,
        form_key=cmd.form_key,
        answers=cmd.answers,
        form_version_id=version.id,
        updated_at=now(),
    )
    uow.forms.put_draft(draft)
    return draft


def discard_draft(cmd: commands.DiscardDraft, uow) -> None:
    """Delete the person's draft of a form."""
    if not uow.forms.delete_draft(cmd.actor.id, cmd.form_key):
        raise DraftNotFound()


def with_attachments(definition: dict, cmd: commands.SubmitForm, uow):
    """The command's answers with each file or image answer's upload id replaced by the
    upload's metadata (see ``attachments.attach_uploads``). The repository attaches those
    uploads to the submission it stores next, in the same transaction."""
    given = list(attachment_answers(definition, cmd.answers))
    if not given:  # most forms: the answers are used as they are
        uow.forms.claim_uploads(())
        return cmd.answers
    ids = {upload_id(answer.value) for answer in given} - {None}
    uploads = uow.forms.uploads(ids) if ids else {}
    answers, used = attach_uploads(definition, cmd.answers, uploads, cmd.actor)
    uow.forms.claim_uploads(used)
    return answers


def received(submission: Submission, definition: dict, submitter_name: str | None) -> dict:
    """The data of the ``forms.submission.received`` event announcing ``submission``,
    filed against ``definition`` by the person named ``submitter_name``: its answers as
    stored (for routing rules) and as rows to show (for the ticket page), and its contact."""
    data = submission.data
    return {
        "submission_id": submission.id,
        "form_id": submission.form_id,
        "form_key": submission.form_key,
        "form_version": submission.version,
        "title": submission_title(definition, data),
        "acceptance_number": submission.acceptance_number,
        "enterprise_id": submission.enterprise_id,
        "submitted_by": submission.submitted_by,
        "org_path": submission.org_path,
        "data": data,
        "answers": answer_rows(definition, data),
        "contact": contact_of(definition, data, submitter_name),
    }


#: Compiled validators by version id: a published version never changes, so its compiled
#: schema can be kept for the life of the process.
_VALIDATORS: LRUCache = LRUCache(maxsize=256)
_validators_lock = threading.Lock()


def validator_for(version_id: str, load_definition) -> SubmissionValidator:
    """The compiled validator of a published version, built once per process from the
    definition ``load_definition()`` returns."""
    with _validators_lock:
        validator = _VALIDATORS.get(version_id)
    if validator is None:
        validator = SubmissionValidator(load_definition())
        with _validators_lock:
            _VALIDATORS[version_id] = validator
    return validator


def submission_title(definition: dict, answers: dict) -> str:
    """The first text answer (the subject, by convention), else the form's title."""
    for field in definition["fields"]:
        if field["type"] == "text" and answers.get(field["name"]):
            return str(answers[field["name"]])[:200]
    return definition["title"]["zh_CN"]


def acceptance_number(actor) -> str:
    """A receipt number: county code, local date, six random characters."""
    county = actor.org_path.rsplit("/", 1)[-1]
    day = now().astimezone(SHANGHAI).strftime("%Y%m%d")
    # 32 symbols divide 256, so taking each random byte modulo 32 favours none of them.
    suffix = "".join(_RECEIPT_ALPHABET[byte % 32] for byte in secrets.token_bytes(6))
    return f"{county}-{day}-{suffix}"


# Versions ----------------------------------------------------------------------------------


def clone_version(cmd: commands.CloneVersion, uow) -> Form:
    """Make an old published version the draft again; the form keeps its key."""
    form = managed_form(uow, cmd.form_id, cmd.actor)
    form.clone_version(cmd.number, now())
    return form


# County variants ---------------------------------------------------------------------------

#: Org paths at this depth and below are counties: their forms cannot be templates.
_COUNTY_DEPTH = 3


def set_template(cmd: commands.SetTemplate, uow) -> Form:
    """Offer a province's or city's form to the counties as a template, or stop offering it."""
    form = managed_form(uow, cmd.form_id, cmd.actor)
    if cmd.is_template and (form.is_fork or len(form.org_path.split("/")) >= _COUNTY_DEPTH):
        raise TemplateOwner()
    form.is_template = cmd.is_template
    return form


def _template(uow, template_form_id: str, actor) -> Form:
    """A published template owned above the actor's unit; NotATemplate for another form."""
    form = uow.forms.get(template_form_id)
    if form is None or form.org_path not in ancestors_and_self(actor.org_path)[:-1]:
        raise FormNotFound(template_form_id, field="template")
    if not form.is_template or form.latest is None:
        raise NotATemplate(form.title)
    return form


def _variant(uow, template: Form, actor) -> Variant:
    variant = uow.forms.variant(template.id, actor.org_path)
    if variant is None:
        variant = Variant(
            id=str(uuid.uuid4()),
            template_form_id=template.id,
            org_path=actor.org_path,
            org_unit_id=actor.org_unit_id or actor.org_path.rsplit("/", 1)[-1],
            mode=ADOPTED,
        )
        uow.forms.add(variant)
    return variant


def adopt_template(cmd: commands.AdoptTemplate, uow) -> Variant:
    """The county's enterprises file the template's latest version from now on; the
    county's own form of that key, if any, is archived (still readable, serving no one)."""
    template = _template(uow, cmd.template_form_id, cmd.actor)
    at = now()
    own = uow.forms.by_key(cmd.actor.org_path, template.key)
    if own is not None:
        own.archive(at)
    variant = _variant(uow, template, cmd.actor)
    variant.adopt(cmd.actor.id, at)
    uow.on_commit(uow.forms.forget_published_versions)
    return variant


def fork_template(cmd: commands.ForkTemplate, uow) -> Form:
    """Give the county its own form of the template's key, its draft a copy of the
    template's latest version; it serves once the county publishes it."""
    template = _template(uow, cmd.template_form_id, cmd.actor)
    if uow.forms.by_key(cmd.actor.org_path, template.key) is not None:
        raise AlreadyForked(template.title)
    at = now()
    fork = Form(
        id=str(uuid.uuid4()),
        key=template.key,
        org_path=cmd.actor.org_path,
        org_unit_id=cmd.actor.org_unit_id or cmd.actor.org_path.rsplit("/", 1)[-1],
        draft=template.latest.definition,
        created_by=cmd.actor.id,
        created_at=at,
        updated_at=at,
        template_form_id=template.id,
        forked_from_version=template.latest.version,
    )
    uow.forms.add(fork)
    _variant(uow, template, cmd.actor).fork(fork.id, cmd.actor.id, at)
    return fork


def template_changes(uow, fork: Form) -> tuple[Form, list[FieldChange]]:
    """A fork's template, and its changes from the version forked to its latest."""
    if not fork.is_fork:
        raise NotAFork()
    template = uow.forms.get(fork.template_form_id)
    base = template.version(fork.forked_from_version).definition
    return template, diff_definitions(base, template.latest.definition)


def merge_template_change(cmd: commands.MergeTemplateChange, uow) -> Form:
    """Apply one field's template change to the fork's draft."""
    fork = managed_form(uow, cmd.form_id, cmd.actor)
    template, changes = template_changes(uow, fork)
    change = next((c for c in changes if c.path == cmd.field), None)
    if change is None:
        raise NotInDiff(cmd.field)
    if is_applied(fork.draft, change):
        raise AlreadyMerged(change.field["label"])
    merged = apply_change(fork.draft, change)
    draft = load_definition(merged, uow.option_lists.resolver(fork.org_path))
    fork.merge_template_change(draft, template.latest.version, now())
    return fork


# Directory's org units, enterprises and people ---------------------------------------------


def record_org_unit(envelope: dict, data: dict, uow) -> None:
    """Keep a copy of an org unit: pages show its name instead of its code."""
    _upsert(uow.known, uow.known.org_unit(data["id"]), OrgUnit, data)


def record_person(envelope: dict, data: dict, uow) -> None:
    """Keep a copy of a person: pages show who published a version by name."""
    _upsert(uow.known, uow.known.person(data["id"]), Person, data)


def record_enterprise(envelope: dict, data: dict, uow) -> None:
    """Keep a copy of an enterprise: submissions and exports name it."""
    _upsert(uow.known, uow.known.enterprise(data["id"]), Enterprise, data)


def _upsert(repository, found, cls, data: dict):
    values = {f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data}
    if found is None:
        repository.add(cls(**values))
    else:
        for name, value in values.items():
            setattr(found, name, value)


# Workflow's tickets ------------------------------------------------------------------------


def let_ticket_handlers_read(envelope: dict, data: dict, uow) -> None:
    """Let the people and org units a workflow event names as handling a ticket read its
    submission (see ``domain/readers.py``); a ticket without a submission changes nothing."""
    submission_id = data.get("submission_id")
    readers = readers_named(envelope["type"], data)
    if submission_id and readers:
        uow.readers.grant(submission_id, data["ticket_id"], readers, envelope["occurred_at"])


# Attachments -------------------------------------------------------------------------------


def upload_file(cmd: commands.UploadFile, uow) -> Upload:
    """Keep a file for a file or image field within that field's limits, and commit its
    row: the file and its row are both kept, or neither is."""
    field = attachment_field(uow, cmd.form_key, cmd.field, cmd.actor)
    limits, label = limits_of(field), field["label"]
    try:
        with uow.files.receive(cmd.stream, limits.max_bytes) as incoming:
            check_upload(incoming.size, incoming.content_type, field)
            upload = Upload(
                id=str(uuid.uuid4()),
                uploaded_by=cmd.actor.id,
                enterprise_id=cmd.actor.enterprise_id,
                form_key=cmd.form_key,
                field=field["name"],
                name=display_name(cmd.filename),
                size=incoming.size,
                content_type=incoming.content_type,
                sha256=incoming.sha256,
                stored_name=uow.files.keep(incoming),
                created_at=now(),
            )
    except FileTooLarge as error:
        raise UploadTooLarge(label, limits.max_size_mb) from error
    uow.forms.add(upload)
    try:
        uow.commit()
    except BaseException:
        uow.files.remove(upload.stored_name)
        raise
    return upload


def attachment_field(uow, form_key: str, path: str, actor) -> dict:
    """The file or image field ``path`` names in the latest version of the nearest form of
    ``form_key`` for the enterprise user ``actor``."""
    if not actor.is_enterprise or not actor.enterprise_id:
        raise UploadFieldUnknown(form_key, path, unknown_form=True)
    version = uow.forms.nearest_published_version(form_key, actor.org_path)
    if version is None:
        raise UploadFieldUnknown(form_key, path, unknown_form=True)
    definition = validator_for(version.id, partial(uow.forms.definition_of, version.id)).definition
    field = find_field(definition, path)
    if field is None or field["type"] not in ATTACHMENT_TYPES:
        raise UploadFieldUnknown(form_key, path)
    return field


#: The name of a content type nobody recognised, as messages show it.
UNRECOGNISED = {"zh_CN": "无法识别的类型", "en": "of a kind that cannot be recognised"}


def check_upload(size: int, content_type: str | None, field: dict) -> None:
    """Refuse an empty file, or content of a type the field does not accept."""
    limits, label = limits_of(field), field["label"]
    if size == 0:
        raise UploadEmpty(label)
    if content_type not in limits.accept:
        found = MIME_NAMES.get(content_type or "") or (
            {"zh_CN": content_type, "en": content_type} if content_type else UNRECOGNISED
        )
        accepted = {locale: type_names(limits.accept, locale) for locale in ("zh_CN", "en")}
        raise UploadTypeRefused(label, found, accepted)


#: Uploads no submission gives as an answer are deleted after this long.
ORPHAN_AGE = timedelta(hours=24)
#: Uploads deleted per transaction by a sweep.
SWEEP_BATCH = 500


def forget_expired_keys(uow) -> int:
    """Delete the Idempotency-Keys older than their lifetime (a repeat after it files
    anew anyway); how many."""
    removed = uow.forms.delete_expired_keys(now() - KEY_LIFETIME)
    uow.commit()
    return removed


def sweep_orphan_uploads(uow, older_than: timedelta = ORPHAN_AGE) -> int:
    """Delete uploads older than ``older_than`` that no submission was filed with, and
    files left in the upload directory without a row (a crash between writing a file and
    committing its row). Returns how many uploads and files were removed.

    A row is deleted first, its file once that has committed: a failure in between leaves
    a file without a row, which the next sweep removes, never a row without its file.
    """
    cutoff, removed = now() - older_than, 0
    while True:
        stored_names = uow.forms.delete_orphan_uploads(cutoff, SWEEP_BATCH)
        uow.commit()
        for stored_name in stored_names:
            uow.files.remove(stored_name)
        removed += len(stored_names)
        if len(stored_names) < SWEEP_BATCH:
            break
    kept, leftovers = uow.files.files_older_than(cutoff)
    for start in range(0, len(kept), SWEEP_BATCH):
        batch = kept[start : start + SWEEP_BATCH]
        for stored_name in set(batch) - uow.forms.stored_names_among(batch):
            uow.files.remove(stored_name)
            removed += 1
    for path in leftovers:
        path.unlink(missing_ok=True)
    return removed + len(leftovers)
