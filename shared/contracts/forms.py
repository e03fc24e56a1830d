"""Events the forms service publishes."""

from marshmallow import Schema, fields

from shared.contracts import contract


class LabelV1(Schema):
    """A text in both languages; either may be missing."""

    zh_CN = fields.String(load_default=None, allow_none=True)
    en = fields.String(load_default=None, allow_none=True)


class FormOptionV1(Schema):
    """One choice of a choice question: the stored value and what people see."""

    value = fields.Raw(required=True)
    label = fields.Nested(LabelV1, required=True)


class FormFieldV1(Schema):
    """One top-level question of a published version (groups and sections left out)."""

    name = fields.String(required=True)
    #: The field type of the form definition format (text, select, boolean, …).
    type = fields.String(required=True)
    label = fields.Nested(LabelV1, required=True)
    options = fields.List(fields.Nested(FormOptionV1), load_default=list)


@contract("forms.form.published")
class FormPublishedV1(Schema):
    """Sent by forms when a form version is published; that version is immutable.

    ``title`` is the Chinese title; ``title_en`` and ``fields`` (the version's top-level
    questions with their labels and choices) let other services name the form and its
    questions without calling forms (workflow's routing rule pages do).
    """

    form_id = fields.String(required=True)
    key = fields.String(required=True)
    version = fields.Integer(required=True)
    title = fields.String(required=True)
    org_path = fields.String(required=True)
    title_en = fields.String(load_default=None, allow_none=True)
    fields = fields.List(fields.Nested(FormFieldV1), load_default=list)


class AttachmentV1(Schema):
    """A file given as an answer; forms serves it at ``/forms/api/uploads/<upload_id>`` to
    those who may read the submission."""

    upload_id = fields.String(required=True)
    filename = fields.String(required=True)
    #: In bytes.
    size = fields.Integer(required=True)


class AnswerRowV1(Schema):
    """One line of a submission as a page shows it, in the labels of the version it was
    filed against, so a consumer shows it without knowing the form language.

    A heading (``is_heading``) names a section, a group, a repeating group or one of its
    rows, and has no ``text``; the lines under it are one ``depth`` deeper (a section's
    fields stay at its depth). An answer line's ``text`` is null when nothing was
    answered; a file or image answer lists its ``files``.
    """

    #: The answer's dotted path as in the submission's data (``site.address``,
    #: ``outlets.0.flow``: rows counted from 0); a section's or a row's own name otherwise.
    name = fields.String(required=True)
    #: ``{"zh_CN": ..., "en": ...}``: the field's label, or "第 1 行" / "Row 1" for a row.
    #: (Plain dicts: with typed keys and values, checking the event on the intake's hot
    #: path took about 26 µs a row instead of 14, measured.)
    label = fields.Dict(required=True)
    #: ``{"zh_CN": ..., "en": ...}``: the answer as read (option labels, division names,
    #: yes/no, dates as ``YYYY-MM-DD``, Beijing times as ``YYYY-MM-DD HH:MM``).
    text = fields.Dict(load_default=None, allow_none=True)
    files = fields.List(fields.Nested(AttachmentV1), load_default=list)
    depth = fields.Integer(required=True)
    is_heading = fields.Boolean(load_default=False)


class ContactV1(Schema):
    """How to reach the enterprise about a submission, as far as forms knows it: the
    answers of the form's contact fields (a ``contact_person`` or ``contact_name`` text
    field, the first ``phone`` and ``email`` fields) and the name of the person who filed."""

    name = fields.String(load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True)
    email = fields.String(load_default=None, allow_none=True)
    #: The enterprise user who filed, as directory names them.
    submitter_name = fields.String(load_default=None, allow_none=True)


@contract("forms.submission.received")
class SubmissionReceivedV1(Schema):
    """Sent by forms when an enterprise user's submission is accepted. ``data`` holds the
    answers, so routing rules can read form fields without calling forms; ``answers``
    holds them again as rows to show (see :class:`AnswerRowV1`), and ``contact`` who to
    call. Both are optional: events sent before they existed lack them."""

    submission_id = fields.String(required=True)
    form_id = fields.String(required=True)
    form_key = fields.String(required=True)
    form_version = fields.Integer(required=True)
    title = fields.String(required=True)
    acceptance_number = fields.String(required=True)
    enterprise_id = fields.String(required=True)
    submitted_by = fields.String(required=True)
    org_path = fields.String(required=True)
    data = fields.Dict(required=True)
    answers = fields.List(fields.Nested(AnswerRowV1), load_default=None, allow_none=True)
    contact = fields.Nested(ContactV1, load_default=None, allow_none=True)
