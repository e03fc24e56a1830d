"""The working-day calendar page: a year's public holidays and make-up working days from
the library, and the overrides the province administrator adds and removes."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from services.workflow import handlers, views
from services.workflow.domain.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    NOTE_MAX_LENGTH,
    OVERRIDE_KINDS,
    holiday_name,
    local_date,
    may_edit_calendar,
)
from services.workflow.domain.commands import RemoveCalendarOverride, SetCalendarOverride
from services.workflow.domain.errors import WorkflowError
from shared.auth import ADMIN_ROLES, current_principal, roles_required
from shared.web.i18n import current_locale

bp = Blueprint("workflow_calendar", __name__)

KIND_LABELS = {"holiday": _l("Day off"), "workday": _l("Working day")}
#: The input fields of the override form, the only keys taken from the posted form.
FIELDS = ("day", "kind", "note")


@bp.app_template_filter("calendar_day")
def calendar_day(day: date) -> str:
    """A day with its weekday, one format per language: 2026-02-16（周一） / 2026-02-16 (Mon)."""
    weekday = format_date(day, "EEE")
    if current_locale() == "zh_CN":
        return f"{day.isoformat()}（{weekday}）"
    return f"{day.isoformat()} ({weekday})"


@bp.app_template_filter("holiday_name")
def holiday_name_filter(name: str) -> str:
    return holiday_name(name, chinese=current_locale() == "zh_CN")


@bp.get("/workflow/calendar")
@roles_required(*ADMIN_ROLES)
def page():
    """One year of the calendar (the current one unless ``?year=`` says otherwise)."""
    year, errors = _year_asked(), {}
    if year is None:
        year, errors = _this_year(), {"year": _year_error()}
    return _render(year, errors=errors, status=422 if errors else 200)


@bp.post("/workflow/calendar/overrides")
@roles_required(*ADMIN_ROLES)
def add_override():
    """Declare a day off or worked; on a refusal the page shows why, by the field."""
    data = {name: request.form.get(name) for name in FIELDS}
    try:
        override = _runtime().execute(
            handlers.set_calendar_override, SetCalendarOverride(data, current_principal())
        )
    except WorkflowError as error:
        return _refused(error, data)
    flash(_("The override of %(day)s is saved.", day=override.day.isoformat()), "success")
    return redirect(url_for("workflow_calendar.page", year=override.day.year))


@bp.post("/workflow/calendar/overrides/<day>/delete")
@roles_required(*ADMIN_ROLES)
def remove_override(day: str):
    """Remove a day's override: the library decides the day again."""
    command = RemoveCalendarOverride(day, current_principal())
    try:
        removed = _runtime().execute(handlers.remove_calendar_override, command)
    except WorkflowError as error:
        return _refused(error, {}, by_field=False)
    flash(_("The override of %(day)s is removed.", day=removed.isoformat()), "success")
    return redirect(url_for("workflow_calendar.page", year=removed.year))


def _refused(error: WorkflowError, data: dict, by_field: bool = True):
    field = error.field if by_field and error.field in FIELDS else "form"
    errors = {field: error.message(current_locale())}
    year = _year(request.form.get("year")) or _this_year()
    return _render(year, errors=errors, form=data, status=error.status)


def _render(year: int, errors: dict, status: int, form: dict | None = None):
    with _runtime().uow() as uow:
        shown = views.calendar_year(uow, year)
    page = render_template(
        "workflow/calendar.html",
        errors=errors,
        form=form or {},
        kinds=OVERRIDE_KINDS,
        kind_labels=KIND_LABELS,
        note_max_length=NOTE_MAX_LENGTH,
        may_edit=may_edit_calendar(current_principal().roles),
        min_year=MIN_YEAR,
        max_year=MAX_YEAR,
        **shown,
    )
    return page, status


def _year_asked() -> int | None:
    """The year of ``?year=``, the current one without it; None when it is no year."""
    asked = request.args.get("year")
    return _this_year() if asked in (None, "") else _year(asked)


def _year(value: str | None) -> int | None:
    try:
        year = int(value or "")
    except ValueError:
        return None
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _year_error() -> str:
    return _("Year: choose a year from %(low)s to %(high)s.", low=MIN_YEAR, high=MAX_YEAR)


def _this_year() -> int:
    return local_date(handlers.now()).year


def _runtime():
    return current_app.extensions["qinqing"]
