"""Events the directory service publishes."""

from marshmallow import Schema, fields, validate

from shared.contracts import contract

ORG_KINDS = ("province", "city", "county", "department")


@contract("directory.org_unit.created")
class OrgUnitCreatedV1(Schema):
    """Sent by directory when an org unit (province, city, county bureau, department) is
    created. Consumers keep the tree to route and scope their own records."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    name_en = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(ORG_KINDS))
    parent_id = fields.String(load_default=None, allow_none=True)
    #: Codes from the root down, joined by "/": "33/3301/330102".
    path = fields.String(required=True)
    #: The department that receives an unpaired enterprise's matters in its county.
    is_default_department = fields.Boolean(load_default=False)


@contract("directory.person.created")
class PersonCreatedV1(Schema):
    """Sent by directory when a person (staff member or enterprise user) is created."""

    id = fields.String(required=True)
    username = fields.String(required=True)
    name = fields.String(required=True)
    email = fields.String(load_default=None, allow_none=True)
    roles = fields.List(fields.String(), required=True)
    org_unit_id = fields.String(load_default=None, allow_none=True)
    org_path = fields.String(required=True)
    enterprise_id = fields.String(load_default=None, allow_none=True)


@contract("directory.enterprise.registered")
class EnterpriseRegisteredV1(Schema):
    """Sent by directory when an enterprise is registered under a county."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    credit_code = fields.String(required=True, validate=validate.Length(equal=18))
    county_id = fields.String(required=True)
    org_path = fields.String(required=True)
    scale = fields.String(load_default=None, allow_none=True)
    types = fields.List(fields.String(), load_default=list)
