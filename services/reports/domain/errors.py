"""Reports' refusals."""

from shared.errors import DomainError


class ReportsError(DomainError):
    """Raised when reports cannot take an event or a request as it is."""


class TicketNotOpenedYet(ReportsError):
    """Raised when an event about a ticket arrives before the ticket's opening. It is not
    a malformed event: the bus delivers it again later, after the opening."""

    def __init__(self, ticket_id: str):
        super().__init__(
            {
                "zh_CN": f"工单“{ticket_id}”尚未受理，稍后重试。",
                "en": f"Ticket “{ticket_id}” has not been opened yet; try again later.",
            },
            field="ticket_id",
            rule="not_opened_yet",
        )
