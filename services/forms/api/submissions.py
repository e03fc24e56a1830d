"""Submissions: enterprises file them; the enterprise and staff in scope read them."""

from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint

from services.forms import handlers, views
from services.forms.api.schemas import (
    SubmissionHeadersSchema,
    SubmissionRequestSchema,
    SubmissionSchema,
)
from services.forms.domain.commands import SubmitForm
from shared.auth import ENTERPRISE_ROLE, current_principal, roles_required
from shared.errors import NotFound
from shared.web.api import login_required_api

bp = Blueprint(
    "forms_submissions",
    __name__,
    url_prefix="/forms/api",
    description="Submissions, each pinned to the form version it was filed against",
)


@bp.post("/submissions")
@login_required_api
@roles_required(ENTERPRISE_ROLE)
@bp.arguments(SubmissionHeadersSchema(), location="headers")
@bp.arguments(SubmissionRequestSchema())
@bp.response(201, SubmissionSchema, description="Filed: the new submission.")
@bp.alt_response(
    200,
    schema=SubmissionSchema,
    success=True,
    description="The submission this user filed earlier with the same Idempotency-Key "
    "and the same request; nothing new was filed.",
    headers={
        "Idempotent-Replayed": {
            "description": "`true`: the answer repeats the first request's.",
            "schema": {"type": "string", "enum": ["true"]},
        }
    },
)
@bp.alt_response(
    400, description="The Idempotency-Key is not 1–200 visible ASCII characters (rule format)."
)
@bp.alt_response(
    409,
    description="The Idempotency-Key was used within 24 hours for another form or other "
    "answers (rule reused); nothing was stored.",
)
def submit(headers, args):
    """File answers to the latest published version of a form; returns the acceptance number."""
    command = SubmitForm(
        args["form"], args["answers"], current_principal(), headers["idempotency_key"]
    )
    submission = current_app.extensions["qinqing"].execute(handlers.submit_form, command)
    if submission.replayed:
        return submission, 200, {"Idempotent-Replayed": "true"}
    return submission


@bp.get("/submissions")
@login_required_api
@bp.response(200, SubmissionSchema(many=True))
def list_submissions():
    """An enterprise's own submissions, or those in a staff member's area."""
    with current_app.extensions["qinqing"].uow() as uow:
        return views.visible_submissions(uow, current_user)


@bp.get("/submissions/<submission_id>")
@login_required_api
@bp.response(200, SubmissionSchema)
def get(submission_id):
    """One submission; 404 for one the caller may not see, as for one that does not exist."""
    with current_app.extensions["qinqing"].uow() as uow:
        submission = views.visible_submission(uow, current_user, submission_id)
    if submission is None:
        raise NotFound({"zh_CN": "未找到该申请。", "en": "No such submission."})
    return submission
