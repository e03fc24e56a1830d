"""The signed-in person's inbox: list it, mark an item as read."""

from flask import current_app
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.notify import handlers, views
from services.notify.domain.addressing import Viewer
from services.notify.domain.commands import MarkRead
from shared.web.api import login_required_api
from shared.web.i18n import current_locale

bp = Blueprint(
    "notify_inbox",
    __name__,
    url_prefix="/notify/api",
    description="The signed-in person's in-app notifications",
)


class InboxItemSchema(Schema):
    id = fields.String()
    #: The template's kind, e.g. "ticket_assigned".
    kind = fields.String()
    #: The notification's title in the viewer's language.
    title = fields.String()
    link = fields.String()
    is_read = fields.Boolean()
    created_at = fields.AwareDateTime()


@bp.get("/inbox")
@login_required_api
@bp.response(200, InboxItemSchema(many=True))
def inbox():
    """The signed-in person's items and those of their org unit, newest first."""
    with current_app.extensions["qinqing"].uow() as uow:
        return views.inbox(uow, Viewer.of(current_user), current_locale())


@bp.post("/inbox/<item_id>/read")
@login_required_api
@bp.response(200, InboxItemSchema)
def mark_read(item_id: str):
    """Mark one of the signed-in person's items as read (404 for anyone else's)."""
    runtime = current_app.extensions["qinqing"]
    viewer = Viewer.of(current_user)
    runtime.execute(handlers.mark_read, MarkRead(item_id, viewer))
    with runtime.uow() as uow:
        return views.inbox_entry(uow, viewer, item_id, current_locale())
