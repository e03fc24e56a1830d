"""Notify's repository: the only code that queries its tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from services.notify.domain.addressing import Viewer
from services.notify.domain.model import (
    ENTERPRISE,
    ORG_UNIT,
    PENDING,
    PERSON,
    Addressee,
    Delivery,
    InboxItem,
    KnownTicket,
    Reading,
    Recipient,
)


class SqlNotifyRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, record) -> None:
        self.session.add(record)

    def recipient(self, person_id: str) -> Recipient | None:
        return self.session.get(Recipient, person_id)

    def ticket(self, ticket_id: str) -> KnownTicket | None:
        return self.session.get(KnownTicket, ticket_id)

    def candidates(self, addressee: Addressee) -> list[Recipient]:
        """The recipients an addressee may cover: the person, everyone in the org unit, or
        every user of the enterprise."""
        if addressee.kind == PERSON:
            found = self.recipient(addressee.id)
            return [found] if found else []
        column = Recipient.enterprise_id if addressee.kind == ENTERPRISE else Recipient.org_unit_id
        query = select(Recipient).where(column == addressee.id)
        return list(self.session.scalars(query.order_by(Recipient.person_id)))

    def item_for_event(self, event_id: str, addressee: Addressee) -> InboxItem | None:
        query = select(InboxItem).where(
            InboxItem.event_id == event_id,
            InboxItem.addressee_kind == addressee.kind,
            InboxItem.addressee_id == addressee.id,
        )
        return self.session.scalars(query).first()

    def item(self, item_id: str) -> InboxItem | None:
        return self.session.get(InboxItem, item_id)

    def inbox(self, viewer: Viewer, limit: int) -> list[tuple[InboxItem, datetime | None]]:
        """The viewer's items, newest first, each with when the viewer read it (or None)."""
        query = (
            select(InboxItem, Reading.read_at)
            .outerjoin(Reading, _read_by(viewer))
            .where(_visible_to(viewer))
            .order_by(InboxItem.created_at.desc(), InboxItem.id.desc())
            .limit(limit)
        )
        return [(item, read_at) for item, read_at in self.session.execute(query)]

    def unread_items(self, viewer: Viewer) -> list[InboxItem]:
        query = (
            select(InboxItem)
            .outerjoin(Reading, _read_by(viewer))
            .where(_visible_to(viewer), Reading.item_id.is_(None))
        )
        return list(self.session.scalars(query))

    def unread_count(self, viewer: Viewer) -> int:
        query = (
            select(func.count(InboxItem.id))
            .outerjoin(Reading, _read_by(viewer))
            .where(_visible_to(viewer), Reading.item_id.is_(None))
        )
        return self.session.scalar(query) or 0

    def reading(self, item_id: str, person_id: str) -> Reading | None:
        return self.session.get(Reading, (item_id, person_id))

    def delivery(self, delivery_id: str) -> Delivery | None:
        return self.session.get(Delivery, delivery_id)

    def stale_delivery_ids(self, untouched_since: datetime, limit: int = 500) -> list[str]:
        query = (
            select(Delivery.id)
            .where(Delivery.status == PENDING, Delivery.updated_at < untouched_since)
            .order_by(Delivery.updated_at)
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def claim_stale_delivery(
        self, delivery_id: str, untouched_since: datetime, at: datetime
    ) -> bool:
        """Touch a delivery that is still pending and stale; False when another sweep (or
        the actor) touched it first, so each stale delivery is enqueued once."""
        result = self.session.execute(
            update(Delivery)
            .where(
                Delivery.id == delivery_id,
                Delivery.status == PENDING,
                Delivery.updated_at < untouched_since,
            )
            .values(updated_at=at)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1


def _visible_to(viewer: Viewer):
    grants = [and_(InboxItem.addressee_kind == PERSON, InboxItem.addressee_id == viewer.person_id)]
    if viewer.member_of is not None:
        unit = InboxItem.addressee_id == viewer.member_of
        grants.append(and_(InboxItem.addressee_kind == ORG_UNIT, unit))
    if viewer.enterprise_id is not None:
        enterprise = InboxItem.addressee_id == viewer.enterprise_id
        grants.append(and_(InboxItem.addressee_kind == ENTERPRISE, enterprise))
    return or_(*grants)


def _read_by(viewer: Viewer):
    return and_(Reading.item_id == InboxItem.id, Reading.person_id == viewer.person_id)
