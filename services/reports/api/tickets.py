"""Ticket counts by county, for the signed-in person's area."""

from datetime import UTC, datetime

from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.reports import views
from shared.auth import STAFF_ROLES, roles_required
from shared.web.api import login_required_api
from shared.web.i18n import current_locale

bp = Blueprint(
    "reports_tickets",
    __name__,
    url_prefix="/reports/api",
    description="Ticket counts by county",
)


class CountyTicketsSchema(Schema):
    county_id = fields.String()
    county_name = fields.String()
    city_id = fields.String(allow_none=True)
    city_name = fields.String(allow_none=True)
    opened = fields.Integer()
    open = fields.Integer()
    closed = fields.Integer()
    overdue = fields.Integer()


@bp.get("/tickets-by-county")
@login_required_api
@roles_required(*STAFF_ROLES)
@bp.response(200, CountyTicketsSchema(many=True))
def tickets_by_county():
    """Every county in the signed-in person's area with its ticket counts, ordered by city;
    names in the request's language (``?lang=en`` or ``zh_CN``)."""
    with current_app.extensions["qinqing"].uow() as uow:
        return views.tickets_by_county(
            uow, current_user.org_path, current_locale(), datetime.now(UTC)
        )
