"""A form's submissions for its administrators: the filtered, paged table and its CSV and
XLSX exports (the query parameters of ``services.forms.domain.submission_query``)."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from urllib.parse import quote

from flask import Response, current_app, request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.forms import views
from services.forms.adapters.export import Layout, csv_chunks, write_xlsx
from services.forms.domain.submission_table import SHANGHAI, Column
from shared.web.api import login_required_api
from shared.web.i18n import current_locale, localized

bp = Blueprint(
    "forms_form_submissions",
    __name__,
    url_prefix="/forms/api",
    description="A form's submissions for its administrators: table, CSV and XLSX exports",
)

#: The query parameters, for the OpenAPI document (``f.<path>`` stands for any answer).
QUERY_PARAMETERS = [
    {"in": "query", "name": name, "schema": {"type": kind}, "description": text}
    for name, kind, text in (
        ("f.<path>", "string", "An answer: substring for text, equality for choices, ..."),
        ("from", "string", "Filed on or after this date (YYYY-MM-DD, Beijing time)"),
        ("to", "string", "Filed on or before this date (YYYY-MM-DD, Beijing time)"),
        ("acceptance_number", "string", "Part of the acceptance number"),
        ("page", "integer", "Page number from 1 (table only)"),
        ("per_page", "integer", "Submissions per page, 1 to 200, default 50 (table only)"),
        ("sort", "string", "filed_at (oldest first) or -filed_at (newest first, the default)"),
        ("values", "string", "labels (the default) or raw (table only)"),
    )
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 64 * 1024


class ColumnSchema(Schema):
    path = fields.String()
    type = fields.String()
    label = fields.Dict()
    group_label = fields.Dict(allow_none=True)
    heading = fields.String()
    is_removed = fields.Boolean()
    #: A repeating group's own columns.
    rows = fields.List(fields.Dict())


class TableRowSchema(Schema):
    id = fields.String()
    acceptance_number = fields.String()
    filed_at = fields.AwareDateTime()
    version = fields.Integer()
    enterprise_id = fields.String()
    #: The enterprise's name, from forms' copy of directory's enterprises.
    enterprise_name = fields.String(allow_none=True)
    filed_by = fields.String()
    #: The filer's name, when forms knows it.
    filed_by_name = fields.String(allow_none=True)
    #: Answer path -> the answer in the labels of the submission's version, or raw.
    cells = fields.Dict()


class SubmissionTableSchema(Schema):
    form = fields.Dict()
    columns = fields.List(fields.Nested(ColumnSchema))
    items = fields.List(fields.Nested(TableRowSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()
    values = fields.String()


def runtime():
    return current_app.extensions["qinqing"]


def aware(moment: datetime) -> datetime:
    """A stored time with its zone: SQLite gives UTC times back without it."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _json_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def column_body(column: Column, locale: str) -> dict:
    return {
        "path": column.path,
        "type": column.type,
        "label": column.label,
        "group_label": column.group_label,
        "heading": column.heading(locale),
        "is_removed": column.is_removed,
        "rows": [column_body(row, locale) for row in column.rows],
    }


def table_body(table: views.SubmissionTable) -> dict:
    """The JSON of a submissions table."""
    locale = current_locale()
    return {
        "form": {"id": table.form.id, "key": table.form.key, "title": table.title},
        "columns": [column_body(column, locale) for column in table.columns],
        "items": [
            {
                "id": row.id,
                "acceptance_number": row.acceptance_number,
                "filed_at": aware(row.created_at),
                "version": row.version,
                "enterprise_id": row.enterprise_id,
                "filed_by": row.submitted_by,
                "filed_by_name": table.people.get(row.submitted_by),
                "enterprise_name": table.enterprises.get(row.enterprise_id),
                "cells": {
                    column.path: _json_value(value)
                    for column, value in zip(table.columns, cells, strict=True)
                },
            }
            for row, cells in table.rows
        ],
        "total": table.total,
        "page": table.query.page,
        "per_page": table.query.per_page,
        "pages": table.pages,
        "values": table.query.values,
    }


@bp.get("/forms/<form_id>/submissions")
@login_required_api
@bp.doc(parameters=QUERY_PARAMETERS)
@bp.response(200, SubmissionTableSchema)
def table(form_id):
    """A page of the form's submissions; 404 unless the caller administers the form."""
    with runtime().uow() as uow:
        return table_body(
            views.submission_table(uow, current_user, form_id, request.args, current_locale())
        )


def _export(form_id: str):
    """The form, the export's layout and its query, checked before anything streams."""
    with runtime().uow() as uow:
        export = views.submission_export(uow, current_user, form_id, request.args)
    layout = Layout.of(
        export.definitions,
        current_locale(),
        people_names=export.people,
        enterprise_names=export.enterprises,
    )
    return export.form, layout, export.query


def _attachment(form, extension: str) -> dict:
    title = localized(form.latest.definition["title"] if form.latest else form.title)
    stamp = datetime.now(SHANGHAI).strftime("%Y%m%d")
    ascii_name = f"{form.key}-submissions-{stamp}.{extension}"
    return {
        "Content-Disposition": (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(title)}-{stamp}"
            f".{extension}"
        )
    }


@bp.get("/forms/<form_id>/submissions.csv")
@login_required_api
@bp.doc(parameters=QUERY_PARAMETERS, responses={200: {"description": "UTF-8 CSV with BOM"}})
def export_csv(form_id):
    """The form's submissions that match the filters as CSV (the main table: repeating
    groups are only in the XLSX), streamed row by row from the database."""
    form, layout, query = _export(form_id)
    service = runtime()

    def chunks():
        with service.uow() as uow:
            yield from csv_chunks(layout, uow.forms.stream_submissions(form.id, query))

    return Response(
        chunks(), mimetype="text/csv", headers=_attachment(form, "csv"), direct_passthrough=True
    )


@bp.get("/forms/<form_id>/submissions.xlsx")
@login_required_api
@bp.doc(parameters=QUERY_PARAMETERS, responses={200: {"description": "XLSX workbook"}})
def export_xlsx(form_id):
    """The form's submissions that match the filters as an XLSX workbook: the main sheet
    and one sheet per repeating group, written in XlsxWriter's constant-memory mode to a
    temporary file, then streamed."""
    form, layout, query = _export(form_id)
    workbook = tempfile.TemporaryFile()
    try:
        with runtime().uow() as uow:
            write_xlsx(workbook, layout, uow.forms.stream_submissions(form.id, query))
        size = workbook.seek(0, 2)
        workbook.seek(0)
    except BaseException:
        workbook.close()
        raise

    def chunks():
        with workbook:
            while chunk := workbook.read(CHUNK):
                yield chunk

    headers = {**_attachment(form, "xlsx"), "Content-Length": str(size)}
    return Response(chunks(), mimetype=XLSX_TYPE, headers=headers, direct_passthrough=True)
