"""Errors of the workflow domain: one base, one subclass per broken rule family.

Each error carries a ``rule`` code that keys its message in zh-CN and en
(:mod:`services.workflow.domain.messages`); ``str(error)`` is the English message. The base
subclasses :class:`shared.errors.DomainError`, so the web frame answers each error with its
HTTP status and its message in the user's language, naming the field when there is one.
"""

from __future__ import annotations

from datetime import date

from services.workflow.domain import messages
from shared.errors import Conflict, DomainError, NotFound


class WorkflowError(DomainError):
    """Base of every workflow domain error; entry points map it to a problem response."""

    rule = "workflow_error"

    def __init__(self, rule: str | None = None, **params: object):
        self.rule = rule or type(self).rule
        self.params = params
        texts = {"zh_CN": self.message(messages.ZH_CN), "en": self.message(messages.EN)}
        field = params.get("field")
        super().__init__(texts, field=field if isinstance(field, str) else None, rule=self.rule)

    def message(self, lang: str | None = messages.EN) -> str:
        """This error's message in ``lang`` (zh-CN or en)."""
        return messages.message(self.rule, lang, **self.params)


class InvalidRoutingRule(WorkflowError):
    """Raised when routing rule input breaks a rule: ``field`` names where, ``rule`` what."""

    status = 422

    def __init__(self, field: str, rule: str, value: object = None):
        super().__init__(rule, field=field, value=value)


class RoutingRuleExists(WorkflowError, Conflict):
    """Raised when an org unit already has a routing rule with the same id."""

    rule = "rule_exists"

    def __init__(self, rule_id: str):
        super().__init__(field="id", value=rule_id)


class InvalidPairing(WorkflowError):
    """Raised when pairing input breaks a rule: ``field`` names where, ``rule`` what."""

    status = 422

    def __init__(self, field: str, rule: str, value: object = None):
        super().__init__(rule, field=field, value=value)


class AlreadyPaired(WorkflowError, Conflict):
    """Raised when an enterprise already has an active pairing for the year."""

    rule = "already_paired"

    def __init__(self, year: int):
        super().__init__(field="enterprise_id", year=year)


class InvalidCalendarOverride(WorkflowError):
    """Raised when calendar override input breaks a rule: ``field`` names where (in words
    of the message's language), ``rule`` what."""

    status = 422

    def __init__(self, field: str, rule: str, value: object = None):
        self.field_name = field
        super().__init__(rule, field=field, value=value)

    def message(self, lang: str | None = messages.EN) -> str:
        """The message with the field named in words of ``lang``."""
        words = messages.label("field", self.field_name, lang)
        return messages.message(self.rule, lang, field=words, value=self.params.get("value"))


class CalendarOverrideExists(InvalidCalendarOverride, Conflict):
    """Raised when a day already has an override: it is removed before another is set."""

    status = 409

    def __init__(self, day: date):
        super().__init__("day", "override_exists", day.isoformat())


class CalendarOverrideNotFound(InvalidCalendarOverride, NotFound):
    """Raised when a day to be cleared has no override."""

    status = 404

    def __init__(self, day: date):
        super().__init__("day", "override_not_found", day.isoformat())


class CalendarEditForbidden(WorkflowError):
    """Raised when someone other than the province administrator changes the calendar."""

    rule = "calendar_province_only"
    status = 403


class IllegalTransition(WorkflowError, Conflict):
    """Raised when a ticket is asked for an action its current status does not allow."""

    rule = "illegal_transition"

    def __init__(self, action: str, ticket_status: str):
        self.action = action
        self.ticket_status = ticket_status
        super().__init__(action=action, ticket_status=ticket_status)

    def message(self, lang: str | None = messages.EN) -> str:
        """The message with the status and action in words of ``lang``."""
        return messages.message(
            self.rule,
            lang,
            action=messages.label("action", self.action, lang),
            status=messages.label("status", self.ticket_status, lang),
        )


class ResolutionNoteRequired(WorkflowError):
    """Raised when a ticket is resolved without a note saying what was done."""

    rule = "note_required"
    status = 422

    def __init__(self):
        super().__init__(field="note")


class TicketNotFound(WorkflowError, NotFound):
    """Raised when a ticket does not exist or lies outside what the principal may see."""

    rule = "ticket_not_found"


class NotAssignee(WorkflowError):
    """Raised when someone who may see a ticket, but is neither its assignee nor an
    administrator over its county, asks to move it."""

    rule = "not_assignee"
    status = 403


class NoRouteFound(WorkflowError):
    """Raised when no rule matches and the enterprise has neither an active pairing nor a
    county default department to fall back to."""

    rule = "no_route"

    def __init__(self, form_key: str, county_id: str):
        super().__init__(form_key=form_key, county_id=county_id)


class EnterpriseNotKnownYet(Exception):
    """Raised when a submission names an enterprise whose ``directory.enterprise.registered``
    event has not reached workflow yet (events of different services arrive in any order).

    It is deliberately not a domain error: the consumer records nothing for the event, and
    the bus delivers it again later, by which time the enterprise is usually known.
    """

    def __init__(self, enterprise_id: str):
        super().__init__(f"enterprise {enterprise_id} is not known to workflow yet")
        self.enterprise_id = enterprise_id
