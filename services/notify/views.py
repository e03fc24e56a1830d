"""Notify's read queries for the inbox page and API, in the viewer's language."""

from __future__ import annotations

from datetime import UTC, datetime

from services.notify.domain.addressing import Viewer
from services.notify.domain.errors import ItemNotFound
from services.notify.domain.model import InboxItem

#: The most items an inbox shows (the newest).
INBOX_LIMIT = 200


def inbox(uow, viewer: Viewer, locale: str, limit: int = INBOX_LIMIT) -> list[dict]:
    """The viewer's items, newest first, with titles in ``locale``."""
    return [entry(item, read_at, locale) for item, read_at in uow.notify.inbox(viewer, limit)]


def inbox_entry(uow, viewer: Viewer, item_id: str, locale: str) -> dict:
    """One of the viewer's items; ItemNotFound when it is not theirs."""
    item = uow.notify.item(item_id)
    if item is None or not viewer.sees(item):
        raise ItemNotFound()
    reading = uow.notify.reading(item.id, viewer.person_id)
    return entry(item, reading.read_at if reading else None, locale)


def unread_count(uow, viewer: Viewer) -> int:
    return uow.notify.unread_count(viewer)


def entry(item: InboxItem, read_at: datetime | None, locale: str) -> dict:
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.render(locale).subject,
        "link": item.link,
        "is_read": read_at is not None,
        "created_at": as_utc(item.created_at),
    }


def as_utc(moment: datetime) -> datetime:
    """SQLite returns the stored UTC times without their zone; give it back."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
