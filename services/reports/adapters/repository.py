"""Reports' repository: loads and adds read-model rows for the event handlers."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.reports.domain.model import Area, TicketFact


class SqlReportsRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, item: Area | TicketFact) -> None:
        self.session.add(item)

    def area(self, area_id: str) -> Area | None:
        return self.session.get(Area, area_id)

    def ticket_fact(self, ticket_id: str) -> TicketFact | None:
        return self.session.get(TicketFact, ticket_id)
