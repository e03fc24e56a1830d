"""Request and response schemas of the forms API."""

from marshmallow import Schema, fields


class FormRequestSchema(Schema):
    #: A definition in the format of docs/forms.md; it is validated by the domain.
    definition = fields.Dict(required=True)


class VersionSchema(Schema):
    version = fields.Integer()
    published_at = fields.AwareDateTime()
    published_by = fields.String()


class VersionDetailSchema(VersionSchema):
    definition = fields.Dict()
    json_schema = fields.Dict()


class FormSchema(Schema):
    id = fields.String()
    key = fields.String()
    org_path = fields.String()
    title = fields.Dict()
    draft = fields.Dict()
    versions = fields.List(fields.Nested(VersionSchema))
    updated_at = fields.AwareDateTime()


class SubmissionRequestSchema(Schema):
    #: The form key, e.g. "enterprise-request".
    form = fields.String(required=True)
    answers = fields.Dict(required=True)


class SubmissionHeadersSchema(Schema):
    #: Passed on as sent: the domain checks it, so that a bad key is a 400 naming the rule.
    idempotency_key = fields.String(
        data_key="Idempotency-Key",
        load_default=None,
        metadata={
            "description": "A key of the client's own (1–200 visible ASCII characters, "
            "such as a UUID) naming this request: the same key sent again by the same "
            "user within 24 hours files nothing and returns the first submission "
            "(200, Idempotent-Replayed: true); with another form or other answers it "
            "is a 409 (rule reused)."
        },
    )


class SubmissionSchema(Schema):
    id = fields.String()
    form_key = fields.String()
    version = fields.Integer()
    enterprise_id = fields.String()
    acceptance_number = fields.String()
    data = fields.Dict()
    created_at = fields.AwareDateTime()
