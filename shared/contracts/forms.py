"""Events the forms service publishes."""

from marshmallow import Schema, fields

from shared.contracts import contract


@contract("forms.form.published")
class FormPublishedV1(Schema):
    """Sent by forms when a form version is published; that version is immutable."""

    form_id = fields.String(required=True)
    key = fields.String(required=True)
    version = fields.Integer(required=True)
    title = fields.String(required=True)
    org_path = fields.String(required=True)


@contract("forms.submission.received")
class SubmissionReceivedV1(Schema):
    """Sent by forms when an enterprise user's submission is accepted. ``data`` holds the
    answers, so routing rules can read form fields without calling forms."""

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
