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


class RoutingRuleNotFound(WorkflowError, NotFound):
    """Raised when the caller's org unit has no routing rule with the id asked for (rules
    set above it are not its own to change)."""

    rule = "rule_not_found"

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


class PairingNotFound(WorkflowError, NotFound):
    """Raised when a pairing does not exist or lies outside the administrator's area."""

    rule = "pairing_not_found"


class PairingAlreadyEnded(WorkflowError, Conflict):
    """Raised when a pairing that was already ended is asked to end again."""

    rule = "pairing_ended"


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


def _verb(action: str, lang: str | None) -> str:
    """``action`` as a verb in ``lang`` ("transfer" / "转办")."""
    kind = "verb" if messages.language(lang) == messages.EN else "action"
    return messages.label(kind, action, lang)


class NotYours(WorkflowError):
    """Raised when someone who may see a ticket asks for an action that is not theirs to
    take: ``who`` names those who may (holder, enterprise, part_member, overseer,
    overseer_or_enterprise)."""

    rule = "not_yours"
    status = 403

    def __init__(self, action: str = "accept", who: str = "holder"):
        self.action, self.who = action, who
        super().__init__(action=action, who=who)

    def message(self, lang: str | None = messages.EN) -> str:
        return messages.message(
            self.rule,
            lang,
            who=messages.label("who", self.who, lang),
            action=_verb(self.action, lang),
        )


#: The name the refusal had while only assignees could move tickets.
NotAssignee = NotYours


class InvalidTicketInput(WorkflowError):
    """Raised when an action's body breaks a rule: ``field`` names where, ``rule`` what."""

    status = 422

    def __init__(self, field: str, rule: str | None = None, value: object = None, **params):
        super().__init__(rule, field=field, value=value, **params)


class NoteRequired(InvalidTicketInput):
    """Raised when an action that needs a note (a hand-over, a request, a cancellation by
    an administrator, ...) comes without one."""

    rule = "note_required_to"

    def __init__(self, action: str, field: str = "note"):
        self.action = action
        super().__init__(field, action=action)

    def message(self, lang: str | None = messages.EN) -> str:
        return messages.message(
            self.rule, lang, field=self.params["field"], action=_verb(self.action, lang)
        )


class TextRequired(InvalidTicketInput):
    """Raised when the enterprise's reason, answer or comment, or a comment's body, is
    missing (``rule``: reason_required, answer_required, comment_body_required,
    rating_comment_required)."""

    def __init__(self, field: str, rule: str):
        super().__init__(field, rule)


class RatingOutOfRange(InvalidTicketInput):
    """Raised when a confirmation's rating is not a whole number from 1 to 5."""

    rule = "rating_range"

    def __init__(self, value: object = None):
        super().__init__("rating", value=value)


class InvalidResumeDate(InvalidTicketInput):
    """Raised when a suspension's date to resume is missing, not after today, or more than
    365 days away (``rule``: resume_on_required, resume_on_past, resume_on_too_far)."""

    def __init__(self, rule: str, value: object = None):
        super().__init__("resume_on", rule, value)


class UnknownTarget(InvalidTicketInput):
    """Raised when a hand-over or an invitation names an org unit or a person workflow
    does not know."""

    rule = "unknown_target_unit"

    def __init__(self, field: str, value: object):
        super().__init__(field, "unknown_person" if field == "person_id" else None, value)


class NotStaffOfUnit(InvalidTicketInput):
    """Raised when the person a ticket is handed to is not on the staff of the chosen
    unit."""

    rule = "not_staff_of_unit"

    def __init__(self, value: object = None):
        super().__init__("person_id", value=value)


class TargetOutsideBureau(InvalidTicketInput):
    """Raised when a transfer names a unit outside the holder's bureau."""

    rule = "outside_bureau"

    def __init__(self, value: object = None):
        super().__init__("org_unit_id", value=value)


class TargetNotOneLevelUp(InvalidTicketInput):
    """Raised when an escalation names a unit that is not of the bureau one level above
    the holder's, over the enterprise's area."""

    rule = "not_one_level_up"

    def __init__(self, value: object = None):
        super().__init__("org_unit_id", value=value)


class TargetNotBelow(InvalidTicketInput):
    """Raised when an assignment down names a unit that is not of a bureau below the
    holder's, over the enterprise's area."""

    rule = "not_below"

    def __init__(self, value: object = None):
        super().__init__("org_unit_id", value=value)


class SameHolder(InvalidTicketInput):
    """Raised when a ticket is handed to the one who already holds it."""

    rule = "same_holder"

    def __init__(self, value: object = None):
        super().__init__("org_unit_id", value=value)


class InvalidCohandling(InvalidTicketInput):
    """Raised when an invitation to co-handle breaks a rule (``rule``: unknown_mode,
    empty_list, duplicate_unit, part_unit_kind, part_is_holder, part_already_open)."""


class InternalCommentByEnterprise(InvalidTicketInput):
    """Raised when an enterprise user marks a comment internal (staff only)."""

    rule = "internal_by_enterprise"

    def __init__(self):
        super().__init__("internal")


class UnknownUpload(InvalidTicketInput):
    """Raised when a comment attaches an upload the ticket does not know."""

    rule = "unknown_upload"

    def __init__(self, value: object):
        super().__init__("attachments", value=value)


class UnknownPart(InvalidTicketInput):
    """Raised when ``part_id`` names no co-handling part of the caller on the ticket."""

    rule = "unknown_part"

    def __init__(self, value: object):
        super().__init__("part_id", value=value)


class InvalidVersion(InvalidTicketInput):
    """Raised when the version a caller acts on is not a positive whole number."""

    rule = "version_invalid"

    def __init__(self, value: object):
        super().__init__("version", value=value)


class TicketConflict(WorkflowError, Conflict):
    """Raised when the ticket's state, not the input, refuses an action (``rule``:
    held_at_top, held_at_county, no_previous_holder, open_parts, already_supervised)."""

    def __init__(self, rule: str | None = None, **params: object):
        super().__init__(rule, **params)


class NoLevelAbove(TicketConflict):
    """Raised when a ticket held at the provincial department is escalated."""

    rule = "held_at_top"


class NoLevelBelow(TicketConflict):
    """Raised when a ticket held at a county is assigned down."""

    rule = "held_at_county"


class NoPreviousHolder(TicketConflict):
    """Raised when a ticket that was never handed over is returned."""

    rule = "no_previous_holder"


class OpenRequiredParts(TicketConflict):
    """Raised when a ticket is resolved while co-handling it needs is still open."""

    rule = "open_parts"


class NoOpenPart(TicketConflict):
    """Raised when a co-handling unit has no part left to accept or finish."""

    rule = "no_open_part"

    def __init__(self, action: str):
        self.action = action
        super().__init__(action=action)

    def message(self, lang: str | None = messages.EN) -> str:
        return messages.message(self.rule, lang, action=messages.label("action", self.action, lang))


class AlreadySupervised(TicketConflict):
    """Raised when a unit puts a ticket under supervision that it already supervises."""

    rule = "already_supervised"


class NotDueYet(TicketConflict):
    """Raised when a resolved ticket is closed without the enterprise before its time to
    confirm has passed."""

    rule = "not_due_yet"

    def __init__(self, due: str):
        super().__init__(due=due)


class TicketChangedMeanwhile(TicketConflict):
    """Raised when the ticket changed after the caller read it: the version they acted on
    is not the current one, or another change committed first."""

    rule = "ticket_changed"


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
