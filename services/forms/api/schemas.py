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


class SubmissionSchema(Schema):
    id = fields.String()
    form_key = fields.String()
    version = fields.Integer()
    enterprise_id = fields.String()
    acceptance_number = fields.String()
    data = fields.Dict()
    created_at = fields.AwareDateTime()
