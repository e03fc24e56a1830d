"""Reports' pages: tickets by county, on screen and as a CSV download."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Flask, Response, current_app, render_template
from flask_login import current_user, login_required

from services.reports import views
from services.reports.web.columns import COLUMNS, COUNT_COLUMNS
from services.reports.web.csv_export import to_csv
from shared.auth import STAFF_ROLES, roles_required
from shared.web.i18n import current_locale, localized

bp = Blueprint("reports", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.get("/reports/")
@login_required
@roles_required(*STAFF_ROLES)
def tickets_by_county():
    """The tickets-by-county table of the viewer's area, with its totals."""
    rows = _viewer_rows()
    return render_template(
        "reports/tickets_by_county.html",
        rows=rows,
        totals=views.totals(rows),
        columns=COLUMNS,
        count_columns=COUNT_COLUMNS,
    )


@bp.get("/reports/tickets-by-county.csv")
@login_required
@roles_required(*STAFF_ROLES)
def tickets_by_county_csv():
    """The same table as a CSV file, headings in the viewer's language."""
    headings = [localized(label) for _, label in COLUMNS]
    cells = ([getattr(row, name) for name, _ in COLUMNS] for row in _viewer_rows())
    return Response(
        to_csv(headings, cells),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="tickets-by-county.csv"'},
    )


def _viewer_rows() -> list[views.CountyTickets]:
    with current_app.extensions["qinqing"].uow() as uow:
        return views.tickets_by_county(
            uow, current_user.org_path, current_locale(), datetime.now(UTC)
        )
