"""The working-day calendar deadlines count on: China's public holidays and make-up
working days from the library, and the province's overrides."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from services.workflow import handlers, views
from services.workflow.domain.calendar import MAX_YEAR, MIN_YEAR, OVERRIDE_KINDS, holiday_name
from services.workflow.domain.commands import RemoveCalendarOverride, SetCalendarOverride
from shared.auth import ADMIN_ROLES, current_principal, roles_required
from shared.web.api import login_required_api

bp = Blueprint(
    "workflow_calendar_api",
    __name__,
    url_prefix="/workflow/api",
    description="The working-day calendar (工作日历): public holidays, make-up working days "
    "(调休) and the province's overrides",
)


class OverrideRequestSchema(Schema):
    day = fields.String(required=True, metadata={"description": "YYYY-MM-DD, 2000-2099"})
    kind = fields.String(
        required=True,
        metadata={"description": "holiday (the day is off) or workday (the day is worked)"},
    )
    note = fields.String(required=True, metadata={"description": "why; at most 200 characters"})


class OverrideSchema(Schema):
    day = fields.Date()
    kind = fields.String(metadata={"enum": list(OVERRIDE_KINDS)})
    note = fields.String()
    set_by = fields.String(metadata={"description": "the person's id"})
    set_at = fields.AwareDateTime()


class HolidayPeriodSchema(Schema):
    first = fields.Date()
    last = fields.Date()
    days = fields.Integer()
    name = fields.String(metadata={"description": "in English, as the library names it"})
    name_zh = fields.Function(lambda period: holiday_name(period.name, chinese=True))


class MakeupWorkdaySchema(Schema):
    day = fields.Date()
    holiday = fields.String(metadata={"description": "the holiday it makes up for"})


class CalendarYearSchema(Schema):
    year = fields.Integer()
    is_known = fields.Boolean(
        metadata={"description": "whether the library knows the year's holidays"}
    )
    holidays = fields.List(fields.Nested(HolidayPeriodSchema))
    makeup_workdays = fields.List(fields.Nested(MakeupWorkdaySchema))
    overrides = fields.List(fields.Nested(OverrideSchema))


class YearQuerySchema(Schema):
    year = fields.Integer(validate=validate.Range(MIN_YEAR, MAX_YEAR))


def _runtime():
    return current_app.extensions["qinqing"]


@bp.get("/calendar/<int:year>")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.response(200, CalendarYearSchema)
def calendar_year(year: int):
    """A year: its public holidays and make-up working days from the library (empty for a
    year it does not know yet), and the overrides set for it."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        abort(404)
    with _runtime().uow() as uow:
        found = views.calendar_year(uow, year)
    return {
        **found,
        "holidays": [row["period"] for row in found["holidays"]],
        "makeup_workdays": [row["makeup"] for row in found["makeup_workdays"]],
    }


@bp.get("/calendar/overrides")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.arguments(YearQuerySchema, location="query", as_kwargs=True)
@bp.response(200, OverrideSchema(many=True))
def list_overrides(year: int | None = None):
    """The overrides, in order of day; those of one year with ``?year=``."""
    with _runtime().uow() as uow:
        if year is None:
            return uow.workflow.calendar_overrides()
        return uow.workflow.calendar_overrides(
            since=date(year - 1, 12, 31), until=date(year, 12, 31)
        )


@bp.post("/calendar/overrides")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.doc(
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": OverrideRequestSchema}},
    }
)
@bp.response(201, OverrideSchema)
def set_override():
    """Declare a day off or worked (province administrators only). Each refusal names
    the field and the rule, in the caller's language; a day with an override already is
    refused with 409."""
    command = SetCalendarOverride(request.get_json(silent=True), current_principal())
    return _runtime().execute(handlers.set_calendar_override, command)


@bp.delete("/calendar/overrides/<day>")
@login_required_api
@roles_required(*ADMIN_ROLES)
@bp.response(204)
def remove_override(day: str):
    """Remove a day's override (province administrators only): the library decides the
    day again. 404 when the day has none."""
    command = RemoveCalendarOverride(day, current_principal())
    _runtime().execute(handlers.remove_calendar_override, command)
