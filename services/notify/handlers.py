"""Notify's use cases: recipients and inbox items from events, reading, e-mail deliveries.

Event handlers run inside the consumer's unit of work and do not commit. Deliveries are
enqueued only after their transaction commits (``uow.send_after_commit``).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from urllib.parse import quote

from services.notify.domain import commands
from services.notify.domain.addressing import (
    change_addressees,
    mail_recipients,
    ticket_addressee,
)
from services.notify.domain.errors import ItemNotFound
from services.notify.domain.model import (
    EMAIL,
    MAX_EMAIL_ATTEMPTS,
    ORG_UNIT,
    PERSON,
    Addressee,
    Delivery,
    InboxItem,
    KnownTicket,
    OutgoingEmail,
    Reading,
    Recipient,
)
from services.notify.domain.templates import DEFAULT_LOCALE

#: The kind of item an opened ticket makes, by addressee kind.
TICKET_KINDS = {PERSON: "ticket_assigned", ORG_UNIT: "ticket_assigned_to_department"}


def now() -> datetime:
    return datetime.now(UTC)


def remember_recipient(envelope: dict, data: dict, uow) -> None:
    """Keep (or refresh) the copy of a person notify needs to reach them."""
    recipient = uow.notify.recipient(data["id"])
    if recipient is None:
        recipient = Recipient(data["id"], data["name"], data["org_path"], locale=DEFAULT_LOCALE)
        uow.notify.add(recipient)
    recipient.name, recipient.org_path = data["name"], data["org_path"]
    recipient.email = data.get("email")
    recipient.org_unit_id = data.get("org_unit_id")
    recipient.enterprise_id = data.get("enterprise_id")


def notify_assignee_of_opened_ticket(envelope: dict, data: dict, uow) -> None:
    """Put an opened ticket in its assignee's inbox (a person's, or an org unit's) and mail
    every covered person who has an address; remember what later notices say of it."""
    _remember_ticket(data, uow)
    addressee = ticket_addressee(data)
    if addressee is None:
        return
    kind = TICKET_KINDS[addressee.kind]
    _add_item(envelope, data, addressee, kind, _ticket_params(data), uow)


def notify_of_ticket_change(envelope: dict, data: dict, uow) -> None:
    """Tell those a ticket change concerns (see ``addressing.CHANGE_NOTICES``): the new
    holder of a handed-over ticket, invited departments, the holder of an urged,
    supervised or overdue ticket, the enterprise of a resolved one, ... each in their inbox
    and by mail."""
    known = uow.notify.ticket(data["ticket_id"])
    params = _change_params(data, known)
    for addressee, kind in change_addressees(envelope["type"], data):
        _add_item(envelope, data, addressee, kind, params, uow)


def _add_item(envelope: dict, data: dict, addressee: Addressee, kind: str, params, uow) -> None:
    # One item per event and addressee: a repeated event (or handler) adds nothing.
    if uow.notify.item_for_event(envelope["id"], addressee):
        return
    item = InboxItem(
        id=str(uuid.uuid4()),
        event_id=envelope["id"],
        kind=kind,
        addressee_kind=addressee.kind,
        addressee_id=addressee.id,
        params=params,
        link=f"/workflow/tickets/{quote(data['ticket_id'], safe='')}",
        org_path=data["org_path"],
        created_at=now(),
    )
    uow.notify.add(item)
    _add_email_deliveries(item, addressee, uow)


def _remember_ticket(data: dict, uow) -> None:
    known = uow.notify.ticket(data["ticket_id"])
    if known is None:
        known = KnownTicket(data["ticket_id"], data["number"], "", "")
        uow.notify.add(known)
    known.title, known.enterprise_name = data["title"], data["enterprise_name"]


def _ticket_params(data: dict) -> dict:
    due_at = data.get("due_at")
    return {
        "number": data["number"],
        "title": data["title"],
        "enterprise": data["enterprise_name"],
        "deadline": due_at.isoformat() if due_at else None,
    }


def _change_params(data: dict, known: KnownTicket | None) -> dict:
    # A change whose opening notify has not seen yet is named by its number alone.
    due_at = data.get("due_at")
    return {
        "number": data["number"],
        "title": known.title if known else data["number"],
        "enterprise": known.enterprise_name if known else "",
        "deadline": due_at.isoformat() if due_at else None,
    }


def _add_email_deliveries(item: InboxItem, addressee: Addressee, uow) -> None:
    at = now()
    for recipient in mail_recipients(addressee, uow.notify.candidates(addressee)):
        delivery = Delivery(
            id=str(uuid.uuid4()),
            item_id=item.id,
            person_id=recipient.person_id,
            channel=EMAIL,
            address=recipient.email,
            locale=recipient.locale,
            created_at=at,
            updated_at=at,
        )
        uow.notify.add(delivery)
        uow.send_after_commit(delivery.id)


def mark_read(cmd: commands.MarkRead, uow) -> InboxItem:
    """Record that the viewer read one of their items; reading it again changes nothing."""
    item = uow.notify.item(cmd.item_id)
    if item is None or not cmd.viewer.sees(item):
        raise ItemNotFound()
    if uow.notify.reading(item.id, cmd.viewer.person_id) is None:
        uow.notify.add(Reading(item.id, cmd.viewer.person_id, now()))
    return item


def mark_all_read(cmd: commands.MarkAllRead, uow) -> int:
    """Record that the viewer read every item of their inbox; return how many were unread."""
    unread = uow.notify.unread_items(cmd.viewer)
    at = now()
    for item in unread:
        uow.notify.add(Reading(item.id, cmd.viewer.person_id, at))
    return len(unread)


def prepare_email(delivery_id: str, public_url: str, uow) -> OutgoingEmail | None:
    """The mail of a pending delivery in its recipient's language, linking to the matter's
    page under ``public_url`` when that is known; None when the delivery is unknown or
    already finished (sent, failed or skipped), so it is never sent twice."""
    delivery = uow.notify.delivery(delivery_id)
    if delivery is None or delivery.is_finished:
        return None
    item = uow.notify.item(delivery.item_id)
    return delivery.outgoing(item.render(delivery.locale, public_url))


def record_email_sent(delivery_id: str, uow) -> None:
    """Record that the mail server accepted a delivery."""
    uow.notify.delivery(delivery_id).record_sent(now())


def record_email_skipped(delivery_id: str, reason: str, uow) -> None:
    """Record that a delivery was not sent because mail is not configured."""
    uow.notify.delivery(delivery_id).record_skipped(reason, now())


def record_email_failure(delivery_id: str, error: str, uow) -> bool:
    """Record a failed attempt; True when it was the last and the delivery has failed."""
    return uow.notify.delivery(delivery_id).record_failure(error, now(), MAX_EMAIL_ATTEMPTS)


def requeue_stale_deliveries(cmd: commands.RequeueStaleDeliveries, uow) -> int:
    """Enqueue again each pending delivery nobody touched for ``cmd.older_than`` (lost
    between commit and enqueue, or dropped by the broker); return how many."""
    untouched_since = cmd.at - cmd.older_than
    claimed = 0
    for delivery_id in uow.notify.stale_delivery_ids(untouched_since):
        if uow.notify.claim_stale_delivery(delivery_id, untouched_since, cmd.at):
            uow.send_after_commit(delivery_id)
            claimed += 1
    return claimed
