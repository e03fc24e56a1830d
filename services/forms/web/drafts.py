"""Drafts on the intake page: saved with its "Save draft" button (or by draft.js through
the API), resumed when the page opens, named on the error page of a failed post."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, request
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from services.forms import handlers, views
from services.forms.domain.commands import SaveDraft
from services.forms.domain.errors import path_label
from shared.auth import current_principal
from shared.web.i18n import current_locale

#: How the names of several fields are joined, by language.
NAME_SEPARATORS = {"zh_CN": "、", "en": ", "}


@dataclass(frozen=True)
class DraftNotice:
    """What the intake page says about the person's draft."""

    updated_at: datetime
    #: True right after "Save draft"; False when the page resumed a saved draft.
    just_saved: bool = False
    #: The names of the fields whose answers were left out, the form having changed.
    left_out: str = ""


def runtime():
    return current_app.extensions["qinqing"]


def save_from_page(key: str, answers: dict) -> DraftNotice:
    """Save the posted answers as the person's draft of ``key``.

    :raises InvalidSubmission: for answers the form has no field for.
    """
    draft = runtime().execute(handlers.save_draft, SaveDraft(key, answers, current_principal()))
    return DraftNotice(draft.updated_at, just_saved=True)


def resume(key: str, definition: dict) -> tuple[dict, DraftNotice | None]:
    """The answers of the person's draft of ``key`` that ``definition`` has fields for,
    and the notice saying so; no answers and no notice when they have no draft."""
    with runtime().uow() as uow:
        draft = views.resumed_draft(uow, current_principal(), key, definition)
    if draft is None:
        return {}, None
    locale, positions = current_locale(), {name: i for i, name in enumerate(draft.labels)}
    left_out = sorted(draft.left_out, key=lambda e: positions.get(e.field.split(".")[0], 0))
    names = dict.fromkeys(path_label(e.field, draft.labels, locale) for e in left_out)
    left_out = NAME_SEPARATORS[locale].join(names)
    return draft.answers, DraftNotice(draft.updated_at, left_out=left_out)


def saved_draft_note(_status: int) -> str | None:
    """On the error page of a failed post of an intake page: when the person's draft of
    that form was saved (by draft.js or the button), say when."""
    if request.method != "POST" or request.endpoint != "forms.fill":
        return None
    if not (current_user.is_authenticated and current_user.is_enterprise):
        return None
    with runtime().uow() as uow:
        draft = uow.forms.draft_of(current_user.id, (request.view_args or {}).get("key", ""))
    if draft is None:
        return None
    return _(
        "Your draft of this form was saved at %(at)s: open the form again to continue from it.",
        at=format_datetime(draft.updated_at),
    )
