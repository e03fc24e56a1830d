"""Attachments: enterprises upload files for file and image fields, and give the ids as
answers; whoever may read the submission downloads them."""

from __future__ import annotations

from flask import current_app, request, send_file
from flask_login import current_user
from flask_smorest import Blueprint
from werkzeug.exceptions import RequestEntityTooLarge

from services.forms import handlers, views
from services.forms.api.schemas import UploadSchema
from services.forms.domain.attachments import MEGABYTE
from services.forms.domain.commands import UploadFile
from services.forms.domain.definition import MAX_SIZE_MB
from services.forms.domain.errors import UploadMissing, UploadTooLarge
from shared.auth import ENTERPRISE_ROLE, current_principal, roles_required
from shared.errors import NotFound
from shared.web import BODY_LIMITS
from shared.web.api import login_required_api
from shared.web.errors import problem
from shared.web.i18n import current_locale

bp = Blueprint(
    "forms_uploads",
    __name__,
    url_prefix="/forms/api",
    description="Attachments of file and image answers",
)
#: The upload route takes the largest file any field may allow, plus room for the rest
#: of the multipart body; every other route keeps ``MAX_CONTENT_LENGTH``.
UPLOAD_BODY_LIMIT = MAX_SIZE_MB * MEGABYTE + MEGABYTE
#: Any file larger than every field allows, named so in the 413 message.
ANY_FIELD = {"zh_CN": "附件", "en": "Attachment"}

MULTIPART = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file", "form", "field"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "form": {"type": "string", "description": "the form key"},
                    "field": {
                        "type": "string",
                        "description": "the file or image field's name (or dotted path)",
                    },
                },
            }
        }
    }
}


def init_uploads(app) -> None:
    """Give the upload route its own body limit."""
    app.config[BODY_LIMITS][f"{bp.name}.upload"] = UPLOAD_BODY_LIMIT


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    refusal = UploadTooLarge(ANY_FIELD, MAX_SIZE_MB)
    locale = current_locale()
    return problem(413, refusal.message(locale), refusal.field_errors(locale))


def runtime():
    return current_app.extensions["qinqing"]


@bp.post("/uploads")
@login_required_api
@roles_required(ENTERPRISE_ROLE)
@bp.doc(requestBody=MULTIPART)
@bp.response(201, UploadSchema)
def upload():
    """Upload a file for one file or image field of a form; answer that field with the id.

    The field's ``max_size_mb`` and ``accept`` apply; the type is recognised from the
    content. An upload that no submission gives as an answer is deleted after a day.
    """
    for name in ("form", "field"):
        if not request.form.get(name, "").strip():
            raise UploadMissing(name)
    file = request.files.get("file")
    if file is None:
        raise UploadMissing("file")
    command = UploadFile(
        request.form["form"].strip(),
        request.form["field"].strip(),
        file.filename or "",
        file.stream,
        current_principal(),
    )
    with runtime().uow() as uow:
        return handlers.upload_file(command, uow)


@bp.get("/uploads/<upload_id>")
@login_required_api
@bp.response(200, content_type="application/octet-stream")
def download(upload_id):
    """The file, to those who may read the submission it is attached to (and to the
    uploader before that); 404 to everybody else, as for one that does not exist."""
    with runtime().uow() as uow:
        found = views.readable_upload(uow, current_user, upload_id)
        path = uow.files.path_of(found.stored_name) if found else None
    if found is None or not path.is_file():
        raise NotFound({"zh_CN": "未找到该附件。", "en": "No such attachment."})
    response = send_file(
        path,
        mimetype=found.content_type,
        as_attachment=True,
        download_name=found.name,
        etag=found.sha256,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    return response
