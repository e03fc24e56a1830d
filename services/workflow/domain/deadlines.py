"""What the deadline sweep owes a ticket: a reminder before its deadline, and two stages
of escalation after it (see docs/workflow.md, "Deadlines and escalation").

Each alert is owed once per deadline: the sweep records it in ``deadline_alerts`` under
(ticket, kind, deadline) in the transaction that announces it, so a deadline moved by a
resumption is a new deadline with alerts of its own, while a hand-over, which keeps the
deadline, sends nothing twice. After a stop of the sweep every alert still owed is sent,
in order, once: a late reminder included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.workflow.domain.handover import OrgChart
from services.workflow.domain.model import HELD

#: A reminder to the holder that the deadline is near (event ``deadline_near``).
REMINDER = "deadline_near"
#: Stage 1: the deadline passed; the enterprise's contact leader is told (``overdue``).
OVERDUE = "overdue"
#: Stage 2: still open a while after: the unit one level up supervises it (``escalated``).
ESCALATED = "escalated"
#: The alerts in the order they fall due.
ALERT_KINDS = (REMINDER, OVERDUE, ESCALATED)


@dataclass(frozen=True)
class DeadlinePolicy:
    """When the sweep reminds and escalates.

    :param remind_before: how long before the deadline the holder is reminded. The
        deadline is the end of a working day, so 24 hours (the default) reminds at the
        start of the last day, with that whole day left.
    :param escalate_after_working_days: how many working days after the deadline an open
        ticket goes one level up (stage 2); stage 1 follows the deadline at once.
    """

    remind_before: timedelta = timedelta(hours=24)
    escalate_after_working_days: int = 2

    def __post_init__(self):
        if self.remind_before < timedelta(0):
            raise ValueError(f"remind_before must not be negative, got {self.remind_before}")
        if self.escalate_after_working_days < 1:
            raise ValueError(
                f"escalate_after_working_days must be at least 1, "
                f"got {self.escalate_after_working_days}"
            )

    @property
    def earliest_escalation(self) -> timedelta:
        """A lower bound of the time from a deadline to its stage 2 (a working day is at
        least a calendar day), for a query to narrow its candidates with."""
        return timedelta(days=self.escalate_after_working_days)


def alert_times(due_at: datetime, escalate_at: datetime, policy: DeadlinePolicy) -> dict:
    """When each alert of the deadline ``due_at`` falls due; ``escalate_at`` is the end of
    the policy's working days after it (the calendar's business)."""
    return {REMINDER: due_at - policy.remind_before, OVERDUE: due_at, ESCALATED: escalate_at}


def due_alerts(
    status: str,
    due_at: datetime | None,
    sent: set[str],
    now: datetime,
    times: dict[str, datetime],
) -> list[str]:
    """The alerts a ticket is owed at ``now``, in order: those whose time has come that
    were not sent yet for this deadline.

    Only a ticket with its holder (assigned, accepted or reopened) and a deadline is owed
    anything: not one with the enterprise (returned), suspended, resolved or ended. The
    reminder falls due at its time, the overdue notice once ``now`` is past the deadline,
    the escalation once past ``times``'s.

    :param sent: the kinds already sent for this deadline.
    :param times: from :func:`alert_times`.
    """
    if status not in HELD or due_at is None:
        return []
    passed = {
        REMINDER: now >= times[REMINDER],
        OVERDUE: now > times[OVERDUE],
        ESCALATED: now > times[ESCALATED],
    }
    return [kind for kind in ALERT_KINDS if passed[kind] and kind not in sent]


def escalation_path(chart: OrgChart, holder_path: str) -> str | None:
    """The path of the unit a stage-2 escalation goes to: the bureau one level above the
    bureau of the holder (at ``holder_path``). A province's own ticket has no level above:
    its province supervises it. None when no bureau at or above the holder is known."""
    bureau = chart.bureau_of(holder_path)
    if bureau is None:
        return None
    return chart.parent_bureau_of(bureau) or bureau
