"""Errors of the workflow domain: one base, one subclass per broken rule family.

Each error carries a ``rule`` code that keys its message in zh-CN and en
(:mod:`services.workflow.domain.messages`); ``str(error)`` is the English message.
"""

from __future__ import annotations

from services.workflow.domain import messages


class WorkflowError(Exception):
    """Base of every workflow domain error; entry points map it to a problem response."""

    rule = "workflow_error"

    def __init__(self, rule: str | None = None, **params: object):
        if rule is not None:
            self.rule = rule
        self.params = params
        super().__init__(self.message(messages.EN))

    def message(self, lang: str | None = messages.EN) -> str:
        """This error's message in ``lang`` (zh-CN or en)."""
        return messages.message(self.rule, lang, **self.params)


class InvalidRoutingRule(WorkflowError):
    """Raised when routing rule input breaks a rule: ``field`` names where, ``rule`` what."""

    def __init__(self, field: str, rule: str, value: object = None):
        self.field = field
        super().__init__(rule, field=field, value=value)


class IllegalTransition(WorkflowError):
    """Raised when a ticket is asked for an action its current status does not allow."""

    rule = "illegal_transition"

    def __init__(self, action: str, status: str):
        self.action = action
        self.status = status
        super().__init__(action=action, status=status)

    def message(self, lang: str | None = messages.EN) -> str:
        """The message with the status and action in words of ``lang``."""
        return messages.message(
            self.rule,
            lang,
            action=messages.label("action", self.action, lang),
            status=messages.label("status", self.status, lang),
        )


class ResolutionNoteRequired(WorkflowError):
    """Raised when a ticket is resolved without a note saying what was done."""

    rule = "note_required"


class NoRouteFound(WorkflowError):
    """Raised when no rule matches and the enterprise has neither an active pairing nor a
    county default department to fall back to."""

    rule = "no_route"

    def __init__(self, form_key: str, county_id: str):
        super().__init__(form_key=form_key, county_id=county_id)
