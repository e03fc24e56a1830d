"""Request and response schemas of the forms API."""

from marshmallow import Schema, fields, validate


class FormRequestSchema(Schema):
    #: A definition in the format of docs/forms.md; it is validated by the domain.
    definition = fields.Dict(required=True)


class VersionSchema(Schema):
    version = fields.Integer()
    published_at = fields.AwareDateTime()
    published_by = fields.String()


class VersionHistorySchema(VersionSchema):
    #: The publisher's name, from directory's people (null until directory announced them).
    published_by_name = fields.String(allow_none=True)


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
    is_template = fields.Boolean()
    template_form_id = fields.String(allow_none=True)
    forked_from_version = fields.Integer(allow_none=True)
    merged_template_version = fields.Integer(allow_none=True)
    archived_at = fields.AwareDateTime(allow_none=True)


class DiffArgsSchema(Schema):
    old = fields.Integer(required=True, data_key="from")
    new = fields.Integer(required=True, data_key="to")


class KeyChangeSchema(Schema):
    key = fields.String()
    old = fields.Raw(allow_none=True)
    new = fields.Raw(allow_none=True)


class FieldChangeSchema(Schema):
    #: added, removed, renamed or changed.
    kind = fields.String()
    #: The field's dotted path (``site.address``); for a removed field, its old path.
    path = fields.String()
    old_path = fields.String(allow_none=True)
    old = fields.Dict(allow_none=True)
    new = fields.Dict(allow_none=True)
    keys = fields.List(fields.Nested(KeyChangeSchema))
    position = fields.Integer()
    after = fields.String(allow_none=True)


class DiffSchema(Schema):
    old = fields.Integer(data_key="from")
    new = fields.Integer(data_key="to")
    changes = fields.List(fields.Nested(FieldChangeSchema))


class TemplateFlagSchema(Schema):
    is_template = fields.Boolean(required=True)


class VariantSchema(Schema):
    template_form_id = fields.String()
    org_path = fields.String()
    #: "adopted" or "forked".
    mode = fields.String()
    form_id = fields.String(allow_none=True)
    adopted_by = fields.String(allow_none=True)
    adopted_at = fields.AwareDateTime(allow_none=True)
    forked_by = fields.String(allow_none=True)
    forked_at = fields.AwareDateTime(allow_none=True)


class TemplateSchema(Schema):
    template = fields.Nested(FormSchema)
    owner = fields.Dict()
    variant = fields.Nested(VariantSchema, allow_none=True)


class TemplateChangeSchema(FieldChangeSchema):
    #: Whether the fork's draft already has the change.
    merged = fields.Boolean()


class TemplateChangesSchema(Schema):
    template_form_id = fields.String()
    forked_from_version = fields.Integer()
    template_version = fields.Integer()
    merged_template_version = fields.Integer(allow_none=True)
    changes = fields.List(fields.Nested(TemplateChangeSchema))


class MergeRequestSchema(Schema):
    #: The changed field's dotted path, as the template changes list it.
    field = fields.String(required=True)


class ResolveArgsSchema(Schema):
    key = fields.String(required=True)
    org_path = fields.String(required=True, validate=validate.Regexp(r"^[0-9]+(/[0-9]+)*$"))


class ResolvedSchema(Schema):
    form_id = fields.String()
    key = fields.String()
    title = fields.Dict()
    version = fields.Integer()
    owner_org_path = fields.String()
    owner_name = fields.Dict()
    #: "adopted" (the template, adopted by the county), "forked" (the county's own fork),
    #: "template" (the template; the county made no choice) or "own" (another form).
    variant = fields.String()
    template_form_id = fields.String(allow_none=True)


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


class UploadSchema(Schema):
    """An upload, as a file or image answer keeps it; ``id`` is the answer to give."""

    id = fields.String()
    name = fields.String()
    #: In bytes.
    size = fields.Integer()
    #: The content type recognised from the content.
    type = fields.String(attribute="content_type")
    sha256 = fields.String()
