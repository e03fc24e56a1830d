"""The baselines of the thin-slice benchmark: two tiny apps served exactly as the services are.

- ``bare``: Flask parses the JSON body and answers 201 with a small JSON body; nothing
  can be cheaper through the same server.
- ``plain``: the plain stack: marshmallow ``Schema.load`` of the same request (the six
  answers of the province's enterprise request form, with the same rules) and a
  SQLAlchemy ORM insert, committed per request into PostgreSQL.

Both run under gunicorn through ``qinqing.server.serve_wsgi`` with the distributed
layout's worker and thread counts, so the only difference to a service is the app.
Serve one with ``python -m bench.baselines bare --port 8001`` or
``python -m bench.baselines plain --port 8002 --database-url postgresql+psycopg://...``.
"""

from __future__ import annotations

import argparse
import uuid
from datetime import UTC, datetime

from flask import Flask, request
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import Boolean, DateTime, String, Text, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from qinqing.server import serve_wsgi
from services.forms.domain.compiler import PHONE_PATTERN
from services.forms.domain.definition import ENTERPRISE_REQUEST_DEFINITION
from shared.testing.layout import WEB_THREADS, WEB_WORKERS

#: The path both baselines answer, like ``/forms/api/submissions``.
PATH = "/submissions"
_FIELDS = {field["name"]: field for field in ENTERPRISE_REQUEST_DEFINITION["fields"]}


def _max_length(name: str) -> validate.Length:
    return validate.Length(max=_FIELDS[name]["max_length"])


class AnswersSchema(Schema):
    """The enterprise request's answers, with the rules of its definition."""

    subject = fields.String(required=True, validate=_max_length("subject"))
    category = fields.String(
        required=True,
        validate=validate.OneOf([option["value"] for option in _FIELDS["category"]["options"]]),
    )
    details = fields.String(required=True, validate=_max_length("details"))
    contact_person = fields.String(required=True, validate=_max_length("contact_person"))
    contact_phone = fields.String(required=True, validate=validate.Regexp(PHONE_PATTERN))
    needs_visit = fields.Boolean()


class RequestSchema(Schema):
    """The body of a submission: the form's key and the answers."""

    form = fields.String(required=True, validate=validate.Length(max=64))
    answers = fields.Nested(AnswersSchema, required=True)


class Base(DeclarativeBase):
    pass


class EnterpriseRequest(Base):
    """One stored request of the plain stack."""

    __tablename__ = "enterprise_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    form_key: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(40))
    details: Mapped[str] = mapped_column(Text)
    contact_person: Mapped[str] = mapped_column(String(50))
    contact_phone: Mapped[str] = mapped_column(String(40))
    needs_visit: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def create_bare_app() -> Flask:
    """Flask parsing the JSON body and answering 201 with JSON."""
    app = Flask("bench_bare")

    @app.post(PATH)
    def submit():
        body = request.get_json()
        return {"id": str(uuid.uuid4()), "form": body["form"]}, 201

    return app


def create_plain_app(database_url: str) -> Flask:
    """marshmallow validation and an ORM insert with a commit per request."""
    engine = create_engine(database_url, pool_size=WEB_THREADS)
    Base.metadata.create_all(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    schema = RequestSchema()
    app = Flask("bench_plain")

    @app.post(PATH)
    def submit():
        try:
            loaded = schema.load(request.get_json())
        except ValidationError as error:
            return {"errors": error.messages}, 422
        row = EnterpriseRequest(
            id=str(uuid.uuid4()),
            form_key=loaded["form"],
            created_at=datetime.now(UTC),
            **loaded["answers"],
        )
        with sessions() as session:
            session.add(row)
            session.commit()
        return {"id": row.id, "subject": row.subject, "created_at": row.created_at.isoformat()}, 201

    return app


def main(argv: list[str] | None = None) -> None:
    """Serve one baseline until stopped."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=("bare", "plain"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", help="PostgreSQL URL (plain only)")
    args = parser.parse_args(argv)
    if args.kind == "plain" and not args.database_url:
        parser.error("plain needs --database-url")

    def app_factory() -> Flask:
        return create_bare_app() if args.kind == "bare" else create_plain_app(args.database_url)

    serve_wsgi(app_factory, args.host, args.port, workers=WEB_WORKERS, threads=WEB_THREADS)


if __name__ == "__main__":
    main()
