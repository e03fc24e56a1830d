"""Service accounts, tickets and pairings: the aggregates of the workflow service.

The classes are plain so the adapters can map them imperatively; nothing here knows the
database. A ticket's ``history`` only grows, and each change records a domain event in
``events`` for the unit of work to publish.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from services.workflow.domain import handover
from services.workflow.domain.calendar import (
    LOCAL_ZONE,
    WorkingCalendar,
    deadline_state,
    local_date,
)
from services.workflow.domain.errors import (
    AlreadySupervised,
    IllegalTransition,
    InternalCommentByEnterprise,
    InvalidCohandling,
    InvalidResumeDate,
    NoOpenPart,
    NoPreviousHolder,
    NotDueYet,
    NoteRequired,
    OpenRequiredParts,
    PairingAlreadyEnded,
    RatingOutOfRange,
    ResolutionNoteRequired,
    TextRequired,
    UnknownUpload,
)
from services.workflow.domain.events import TicketChanged, TicketOpened
from services.workflow.domain.handover import Holder, OrgChart, Target
from services.workflow.domain.known import OrgUnit
from services.workflow.domain.routing import Assignment

ASSIGNED = "assigned"
ACCEPTED = "accepted"
#: Back with the enterprise for more information; its answer resumes the ticket.
RETURNED = "returned"
#: The clock stops, with a reason and a date to resume.
SUSPENDED = "suspended"
#: Resolved or closed, then refused by the enterprise (or rated low, or reopened by an
#: administrator): the holder works on it as on an accepted ticket.
REOPENED = "reopened"
#: Handled; waiting for the enterprise to confirm.
RESOLVED = "resolved"
CLOSED = "closed"
CANCELLED = "cancelled"
STATUSES = (ASSIGNED, ACCEPTED, RETURNED, SUSPENDED, REOPENED, RESOLVED, CLOSED, CANCELLED)
#: Statuses no action leaves, except refuse and reopen from closed (and comment).
ENDED = frozenset({CLOSED, CANCELLED})
OPEN = frozenset(STATUSES) - ENDED
#: With its holder, to accept, hand over or work on.
HELD = frozenset({ASSIGNED, ACCEPTED, REOPENED})
#: Being worked on.
IN_PROGRESS = frozenset({ACCEPTED, REOPENED})
#: Co-handling modes: every part must be done (会签), or one done part is enough (或签).
MODE_ALL, MODE_ANY = "all", "any"
MODES = (MODE_ALL, MODE_ANY)
#: A co-handling part's statuses.
PART_INVITED, PART_ACCEPTED, PART_DONE = "invited", "accepted", "done"
#: Working days the enterprise has to confirm a resolution before it counts as confirmed.
CONFIRM_WORKING_DAYS = 5
#: How far ahead a suspension may set its date to resume.
MAX_SUSPENSION = timedelta(days=365)
#: The actor of changes the deadline sweep makes.
SYSTEM = "system"
#: Pseudo-statuses of the table below: the action leaves the status as it is; resume goes
#: back to the status the ticket was suspended from.
SAME, PRIOR = "(same)", "(prior)"
#: The hand-overs: each gives the ticket a new holder, who has to accept it.
HAND_OVERS = ("transfer", "escalate", "assign-down")

#: For each action: the statuses it may start from, and the status it leads to.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({ASSIGNED}), ACCEPTED),
    "transfer": (HELD, ASSIGNED),
    "escalate": (HELD, ASSIGNED),
    "assign-down": (HELD, ASSIGNED),
    "return": (HELD, ASSIGNED),
    "request-info": (IN_PROGRESS, RETURNED),
    "respond": (frozenset({RETURNED}), ACCEPTED),
    "cohandle": (IN_PROGRESS, SAME),
    "add-signer": (IN_PROGRESS, SAME),
    "accept-part": (OPEN, SAME),
    "finish-part": (OPEN, SAME),
    "urge": (HELD, SAME),
    "supervise": (HELD | {RETURNED, SUSPENDED}, SAME),
    "comment": (frozenset(STATUSES), SAME),
    "resolve": (IN_PROGRESS, RESOLVED),
    # A rating of 1 or 2 reopens the ticket instead.
    "confirm": (frozenset({RESOLVED}), CLOSED),
    "refuse": (frozenset({RESOLVED, CLOSED}), REOPENED),
    "reopen": (frozenset({RESOLVED, CLOSED}), REOPENED),
    "close": (frozenset({RESOLVED}), CLOSED),
    # The enterprise may cancel only an assigned ticket.
    "cancel": (frozenset({ASSIGNED, ACCEPTED, RETURNED, SUSPENDED, REOPENED}), CANCELLED),
    "suspend": (IN_PROGRESS, SUSPENDED),
    "resume": (frozenset({SUSPENDED}), PRIOR),
}
ACTIONS = tuple(TRANSITIONS)


@dataclass
class TicketHistoryEntry:
    """One line of a ticket's history: who did what, when, and which status it moved."""

    at: datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str
    details: dict = field(default_factory=dict)
    #: Staff only: hidden from the enterprise (internal comments, hand-over notes).
    internal: bool = False


@dataclass
class TicketPart:
    """One department invited to co-handle a ticket, with its own accept and done."""

    id: str
    ticket_id: str
    group_id: str
    mode: str
    org_unit_id: str
    invited_by: str
    invited_at: datetime
    person_id: str | None = None
    status: str = PART_INVITED
    accepted_by: str | None = None
    accepted_at: datetime | None = None
    done_by: str | None = None
    done_at: datetime | None = None
    note: str | None = None
    #: The org path of the invited unit: administrators over it act for the part.
    org_path: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status != PART_DONE


class Ticket:
    """One matter of one enterprise ("one event, one order"), from assignment to write-off.

    Each action is a method that checks everything first, then records the change once
    (:meth:`_append`): one history row and one ``TicketChanged`` event. Who may call which
    method is :mod:`services.workflow.domain.access`'s concern.
    """

    def __init__(
        self,
        *,
        id: str,
        number: str,
        account_id: str,
        enterprise_id: str,
        submission_id: str | None,
        title: str,
        assignee_person_id: str | None,
        assignee_org_unit_id: str | None,
        county_id: str,
        org_path: str,
        opened_at: datetime,
        due_at: datetime | None,
        acceptance_number: str | None = None,
        holder_path: str | None = None,
        form_key: str | None = None,
        form_version: int | None = None,
        category: str | None = None,
        submitted_by: str | None = None,
        answers: list | None = None,
        contact: dict | None = None,
    ):
        self.id = id
        self.number = number
        self.account_id = account_id
        self.enterprise_id = enterprise_id
        self.submission_id = submission_id
        #: The receipt number the enterprise got when it submitted (受理编号).
        self.acceptance_number = acceptance_number
        self.title = title
        self.status = ASSIGNED
        self.assignee_person_id = assignee_person_id
        self.assignee_org_unit_id = assignee_org_unit_id
        self.county_id = county_id
        self.org_path = org_path
        self.opened_at = opened_at
        self.due_at = due_at
        #: Counts the changes: each one adds one (optimistic locking, see the mapping).
        self.version = 1
        self.holder_path = holder_path or org_path
        self.form_key = form_key
        self.form_version = form_version
        self.category = category
        self.submitted_by = submitted_by
        self.answers = answers
        self.contact = contact
        self.resolved_at: datetime | None = None
        self.confirm_due_at: datetime | None = None
        self.closed_at: datetime | None = None
        self.rating: int | None = None
        self.rating_comment: str | None = None
        self.auto_confirmed = False
        self.suspended_at: datetime | None = None
        self.resume_on: date | None = None
        self.suspended_from: str | None = None
        self.supervised_by_org_unit_id: str | None = None
        self.supervised_at: datetime | None = None
        self.history: list[TicketHistoryEntry] = []
        self.parts: list[TicketPart] = []
        self.events: list[object] = []

    # Taking it on and handing it over ---------------------------------------------------

    def accept(self, actor: str, at: datetime) -> None:
        """The holder takes the ticket on."""
        self.require("accept")
        self._append(actor, at, "accept", ACCEPTED, {})

    def transfer(self, actor: str, at: datetime, target: Target, chart: OrgChart, note) -> None:
        """转办: to another department or person of the holder's bureau."""
        self.require("transfer")
        note = _note(note, "transfer")
        self._hand_over("transfer", actor, at, handover.check_transfer(self, target, chart), note)

    def escalate(self, actor: str, at: datetime, target: Target, chart: OrgChart, note) -> None:
        """上报: to the bureau one level up over the enterprise's area (or a department)."""
        self.require("escalate")
        note = _note(note, "escalate")
        holder = handover.check_escalation(self, target, chart)
        self._hand_over("escalate", actor, at, holder, note)

    def assign_down(self, actor: str, at: datetime, target: Target, chart: OrgChart, note) -> None:
        """下派: from a city or the province to a bureau below it (or a department)."""
        self.require("assign-down")
        note = _note(note, "assign-down")
        holder = handover.check_assignment_down(self, target, chart)
        self._hand_over("assign-down", actor, at, holder, note)

    def return_to_previous(self, actor: str, at: datetime, note) -> None:
        """退回: back to whoever handed the ticket to its holder."""
        self.require("return")
        note = _note(note, "return")
        previous = self.previous_holder()
        if previous is None:
            raise NoPreviousHolder()
        self._hand_over("return", actor, at, previous, note)

    def previous_holder(self) -> Holder | None:
        """Who handed the ticket to its holder: hand-overs stack up, a return takes the
        last one off, so returns walk the way back to the first holder and no further."""
        stack: list[dict] = []
        for entry in self.history:
            if entry.action in HAND_OVERS:
                stack.append(entry.details)
            elif entry.action == "return" and stack:
                stack.pop()
        if not stack:
            return None
        came_from = stack[-1]
        return Holder(
            came_from.get("from_org_unit_id"),
            came_from.get("from_person_id"),
            came_from.get("from_holder_path") or self.org_path,
        )

    def _hand_over(self, action: str, actor: str, at: datetime, to: Holder, note: str) -> None:
        came_from = {
            "from_person_id": self.assignee_person_id,
            "from_org_unit_id": self.assignee_org_unit_id,
        }
        details = {
            **came_from,
            "from_holder_path": self.holder_path,
            "to_person_id": to.person_id,
            "to_org_unit_id": to.org_unit_id,
            "note": note,
        }
        self.assignee_person_id, self.assignee_org_unit_id = to.person_id, to.org_unit_id
        self.holder_path = to.path
        self._append(
            actor, at, action, ASSIGNED, details, internal=True, note=note, extra=came_from
        )

    # With the enterprise ----------------------------------------------------------------

    def request_info(self, actor: str, at: datetime, note) -> None:
        """Ask the enterprise for more information; the ticket waits for its answer."""
        self.require("request-info")
        note = _note(note, "request-info")
        self._append(actor, at, "request-info", RETURNED, {"note": note}, note=note)

    def respond(self, actor: str, at: datetime, body) -> None:
        """The enterprise answers; the ticket is back with its holder."""
        self.require("respond")
        body = _text(body, "body", "answer_required")
        self._append(actor, at, "respond", ACCEPTED, {"body": body}, note=body)

    # Co-handling ------------------------------------------------------------------------

    def cohandle(
        self,
        actor: str,
        at: datetime,
        org_unit_ids: object,
        units: Mapping[str, OrgUnit],
        mode: object,
        note,
        new_id: Callable[[], str],
    ) -> None:
        """会签 (mode all) or 或签 (mode any): invite units, each with its own part."""
        self.require("cohandle")
        note = _note(note, "cohandle")
        if mode not in MODES:
            raise InvalidCohandling("mode", "unknown_mode", mode)
        invited = handover.check_part_units(self, org_unit_ids, units)
        self._invite("cohandle", actor, at, [(u, None) for u in invited], mode, note, new_id)

    def add_signer(
        self, actor: str, at: datetime, target: Target, note, new_id: Callable[[], str]
    ) -> None:
        """加签: one more required part (its own group, mode all), for a unit or a person."""
        self.require("add-signer")
        note = _note(note, "add-signer")
        unit = handover.check_part_unit(self, target.unit, target.org_unit_id, "org_unit_id")
        target.known_unit()
        invited = [(unit, target.person_id)]
        self._invite("add-signer", actor, at, invited, MODE_ALL, note, new_id)

    def _invite(self, action, actor, at, invited, mode, note, new_id) -> None:
        group_id = new_id()
        parts = [
            TicketPart(
                id=new_id(),
                ticket_id=self.id,
                group_id=group_id,
                mode=mode,
                org_unit_id=unit.id,
                org_path=unit.path,
                person_id=person_id,
                invited_by=actor,
                invited_at=at,
            )
            for unit, person_id in invited
        ]
        self.parts.extend(parts)
        extra = {
            "mode": mode,
            "org_unit_ids": [part.org_unit_id for part in parts],
            "part_ids": [part.id for part in parts],
        }
        details = {**extra, "note": note}
        self._append(actor, at, action, self.status, details, internal=True, note=note, extra=extra)

    def accept_part(self, actor: str, at: datetime, part: TicketPart) -> None:
        """An invited unit takes its part on."""
        self.require("accept-part")
        if part.status != PART_INVITED:
            raise NoOpenPart("accept-part")
        part.status, part.accepted_by, part.accepted_at = PART_ACCEPTED, actor, at
        self._part_changed("accept-part", actor, at, part, {})

    def finish_part(self, actor: str, at: datetime, part: TicketPart, note) -> None:
        """An invited unit reports its part done, saying what it did."""
        self.require("finish-part")
        if not part.is_open:
            raise NoOpenPart("finish-part")
        note = _note(note, "finish-part")
        part.status, part.done_by, part.done_at, part.note = PART_DONE, actor, at, note
        self._part_changed("finish-part", actor, at, part, {"note": note}, note=note)

    def _part_changed(self, action, actor, at, part, details, note=None) -> None:
        extra = {"part_id": part.id, "part_org_unit_id": part.org_unit_id}
        details = {**extra, **details}
        self._append(actor, at, action, self.status, details, internal=True, note=note, extra=extra)

    def open_required_parts(self) -> list[TicketPart]:
        """The parts that keep the ticket from being resolved: every open part of a group
        of mode all, and the open parts of a group of mode any none of whose parts is done."""
        groups: dict[str, list[TicketPart]] = {}
        for part in self.parts:
            groups.setdefault(part.group_id, []).append(part)
        blocking = []
        for parts in groups.values():
            if parts[0].mode == MODE_ANY and any(not p.is_open for p in parts):
                continue
            blocking.extend(p for p in parts if p.is_open)
        return blocking

    # Nudges and remarks -----------------------------------------------------------------

    def urge(self, actor: str, at: datetime, note, by_enterprise: bool = False) -> None:
        """催办: remind the holder, with a note."""
        self.require("urge")
        note = _note(note, "urge")
        details = {"note": note}
        self._append(actor, at, "urge", self.status, details, internal=not by_enterprise, note=note)

    def supervise(self, actor: str, at: datetime, org_unit_id: str, note) -> None:
        """督办: the actor's unit puts the ticket under its supervision."""
        self.require("supervise")
        note = _note(note, "supervise")
        if self.supervised_by_org_unit_id == org_unit_id:
            raise AlreadySupervised()
        self.supervised_by_org_unit_id, self.supervised_at = org_unit_id, at
        extra = {"supervising_org_unit_id": org_unit_id}
        details = {**extra, "note": note}
        self._append(
            actor, at, "supervise", self.status, details, internal=True, note=note, extra=extra
        )

    def comment(
        self,
        actor: str,
        at: datetime,
        body,
        internal: object = False,
        attachments: object = (),
        *,
        by_enterprise: bool = False,
        known_uploads: Collection[str] = (),
    ) -> None:
        """A remark: ``internal`` ones are for staff only; ``attachments`` name uploads the
        ticket already knows."""
        self.require("comment")
        body = _text(body, "body", "comment_body_required")
        if internal and by_enterprise:
            raise InternalCommentByEnterprise()
        attachments = list(attachments or [])
        for upload_id in attachments:
            if upload_id not in known_uploads:
                raise UnknownUpload(upload_id)
        internal = bool(internal)
        extra = {"internal": internal, "attachment_count": len(attachments)}
        details = {"body": body, "attachments": attachments}
        self._append(
            actor, at, "comment", self.status, details, internal=internal, note=body, extra=extra
        )

    def known_uploads(self) -> set[str]:
        """The ids of the files the ticket carries: its answers' and its comments'."""
        ids = {
            file.get("upload_id")
            for row in self.answers or []
            if isinstance(row, dict)
            for file in row.get("files") or []
            if isinstance(file, dict)
        }
        ids.update(
            upload_id
            for entry in self.history
            if entry.action == "comment"
            for upload_id in entry.details.get("attachments", [])
        )
        return {upload_id for upload_id in ids if upload_id}

    # Resolution and closure -------------------------------------------------------------

    def resolve(
        self,
        actor: str,
        at: datetime,
        note,
        confirm_working_days: int = CONFIRM_WORKING_DAYS,
        calendar: WorkingCalendar | None = None,
    ) -> None:
        """The holder reports the matter handled; the enterprise has
        ``confirm_working_days`` working days of ``calendar`` (China's by default) to
        confirm it."""
        self.require("resolve")
        if not isinstance(note, str) or not note.strip():
            raise ResolutionNoteRequired()
        if self.open_required_parts():
            raise OpenRequiredParts()
        self.resolved_at = at
        calendar = calendar or WorkingCalendar()
        self.confirm_due_at = calendar.add_working_days(at, confirm_working_days)
        extra = {"confirm_due_at": self.confirm_due_at}
        self._append(actor, at, "resolve", RESOLVED, {"note": note}, note=note, extra=extra)

    def confirm(self, actor: str, at: datetime, rating: object, comment=None) -> None:
        """The enterprise rates the result 1-5: 3 or more closes the ticket; 1 or 2 reopens
        it, with a comment saying what is still wrong."""
        self.require("confirm")
        if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
            raise RatingOutOfRange(rating)
        low = rating <= 2
        if low:
            comment = _text(comment, "comment", "rating_comment_required")
        elif comment is not None and not isinstance(comment, str):
            raise TextRequired("comment", "not_string")
        self.rating, self.rating_comment = rating, (comment or "").strip() or None
        self.confirm_due_at = None
        details = {"rating": rating, "comment": self.rating_comment}
        if low:
            self._reopen(actor, at, "confirm", details, self.rating_comment, {"rating": rating})
            return
        self.closed_at = at
        extra = {"rating": rating, "auto_confirmed": False}
        self._append(actor, at, "confirm", CLOSED, details, note=self.rating_comment, extra=extra)

    def refuse(self, actor: str, at: datetime, reason) -> None:
        """The enterprise does not accept the result, saying why: the holder works on."""
        self.require("refuse")
        reason = _text(reason, "reason", "reason_required")
        self._reopen(actor, at, "refuse", {"reason": reason}, reason, {"rating": self.rating})

    def reopen(self, actor: str, at: datetime, note) -> None:
        """An administrator over the ticket sends it back to work."""
        self.require("reopen")
        note = _note(note, "reopen")
        self._reopen(actor, at, "reopen", {"note": note}, note, {"rating": self.rating})

    def _reopen(self, actor, at, action, details, note, extra) -> None:
        self.closed_at, self.confirm_due_at, self.auto_confirmed = None, None, False
        self._append(actor, at, action, REOPENED, details, note=note, extra=extra)

    def close(self, actor: str, at: datetime) -> None:
        """Write off a resolved ticket the enterprise did not confirm in time: it counts as
        confirmed (``auto_confirmed``)."""
        self.require("close")
        if self.confirm_due_at is None or at < self.confirm_due_at:
            due = self.confirm_due_at
            raise NotDueYet(_local_minute(due) if due else "-")
        self.closed_at, self.auto_confirmed, self.confirm_due_at = at, True, None
        extra = {"rating": None, "auto_confirmed": True}
        self._append(actor, at, "close", CLOSED, {"auto_confirmed": True}, extra=extra)

    def auto_confirm(self, at: datetime) -> None:
        """The sweep closes a resolved ticket whose time to confirm has passed."""
        self.close(SYSTEM, at)

    def is_due_for_closing(self, now: datetime) -> bool:
        return (
            self.status == RESOLVED
            and self.confirm_due_at is not None
            and (now >= self.confirm_due_at)
        )

    def cancel(self, actor: str, at: datetime, note=None, *, by_enterprise: bool = False) -> None:
        """Withdraw the matter: the enterprise before it is accepted, or an administrator
        over it, with a note saying why."""
        self.require("cancel")
        if by_enterprise and self.status != ASSIGNED:
            raise IllegalTransition("cancel", self.status)
        if by_enterprise:
            note = note.strip() if isinstance(note, str) and note.strip() else None
        else:
            note = _note(note, "cancel")
        self._append(actor, at, "cancel", CANCELLED, {"note": note}, note=note)

    # The clock --------------------------------------------------------------------------

    def suspend(self, actor: str, at: datetime, note, resume_on: object) -> None:
        """Stop the clock until ``resume_on`` (a date after today, within 365 days)."""
        self.require("suspend")
        note = _note(note, "suspend")
        today = local_date(at)
        if not isinstance(resume_on, date) or isinstance(resume_on, datetime):
            raise InvalidResumeDate("resume_on_required", resume_on)
        if resume_on <= today:
            raise InvalidResumeDate("resume_on_past", resume_on.isoformat())
        if resume_on > today + MAX_SUSPENSION:
            raise InvalidResumeDate("resume_on_too_far", resume_on.isoformat())
        self.suspended_at, self.resume_on, self.suspended_from = at, resume_on, self.status
        details = {"note": note, "resume_on": resume_on.isoformat()}
        extra = {"resume_on": resume_on}
        self._append(actor, at, "suspend", SUSPENDED, details, note=note, extra=extra)

    def resume(self, actor: str, at: datetime, calendar: WorkingCalendar | None = None) -> None:
        """Start the clock again: the deadline moves by the working days of ``calendar``
        (China's by default) the suspension took."""
        self.require("resume")
        calendar = calendar or WorkingCalendar()
        since = self.suspended_at or at
        lost = calendar.working_days_between(since, at)
        if self.due_at is not None:
            self.due_at = calendar.extend(self.due_at, since, at)
        back_to = self.suspended_from if self.suspended_from in IN_PROGRESS else ACCEPTED
        self.suspended_at, self.resume_on, self.suspended_from = None, None, None
        self._append(actor, at, "resume", back_to, {"working_days_lost": lost})

    def is_due_for_resuming(self, now: datetime) -> bool:
        return (
            self.status == SUSPENDED
            and self.resume_on is not None
            and (local_date(now) >= self.resume_on)
        )

    def deadline_state(self, now: datetime) -> str | None:
        """ "overdue" or "due_soon" while the matter is still being handled; None once it is
        resolved or closed, or when it has no deadline."""
        if self.due_at is None or self.status in (RESOLVED, CLOSED, CANCELLED, SUSPENDED):
            return None
        return deadline_state(self.due_at, now)

    # What the deadline sweep records (actor "system") --------------------------------

    def remind(self, at: datetime) -> None:
        """The holder is reminded that the deadline is near (staff only)."""
        self._check_in_hand("remind")
        self._append(SYSTEM, at, "remind", self.status, self._deadline_details(), internal=True)

    def flag_overdue(self, at: datetime, contact_leader_person_id: str | None) -> None:
        """Stage 1 of escalation: the deadline passed; the enterprise's contact leader (if
        it has one) and the holder are told (staff only)."""
        self._check_in_hand("overdue")
        leader = {"contact_leader_person_id": contact_leader_person_id}
        details = {**self._deadline_details(), "stage": 1, **leader}
        extra = {"stage": 1, **leader}
        self._append(SYSTEM, at, "overdue", self.status, details, internal=True, extra=extra)

    def escalate_overdue(
        self, at: datetime, org_unit_id: str, contact_leader_person_id: str | None
    ) -> None:
        """Stage 2 of escalation: still open after the grace period, the ticket goes under
        the supervision of ``org_unit_id`` (the unit one level up), which is told."""
        self._check_in_hand("escalate-overdue")
        deadline = {**self._deadline_details(), "stage": 2}
        if self.supervised_by_org_unit_id != org_unit_id:
            self.supervised_by_org_unit_id, self.supervised_at = org_unit_id, at
            supervisor = {"supervising_org_unit_id": org_unit_id}
            details = {**deadline, **supervisor}
            self._append(
                SYSTEM, at, "supervise", self.status, details, internal=True, extra=supervisor
            )
        target = {
            "escalated_to_org_unit_id": org_unit_id,
            "contact_leader_person_id": contact_leader_person_id,
        }
        self._append(
            SYSTEM,
            at,
            "escalate-overdue",
            self.status,
            {**deadline, **target},
            internal=True,
            extra={"stage": 2, **target},
        )

    def _check_in_hand(self, action: str) -> None:
        if self.status not in HELD or self.due_at is None:
            raise IllegalTransition(action, self.status)

    def _deadline_details(self) -> dict:
        return {"due_at": self.due_at.isoformat()}

    # Recording --------------------------------------------------------------------------

    def allows(self, action: str) -> bool:
        """Whether the ticket's status lets ``action`` start from it."""
        return self.status in TRANSITIONS[action][0]

    def require(self, action: str) -> None:
        """Raise IllegalTransition unless the status lets ``action`` start from it.

        Every action checks this and its input before touching anything, so a refused
        action leaves no trace.
        """
        if not self.allows(action):
            raise IllegalTransition(action, self.status)

    def _append(
        self,
        actor: str,
        at: datetime,
        action: str,
        to_status: str,
        details: dict,
        *,
        internal: bool = False,
        note: str | None = None,
        extra: dict | None = None,
    ) -> None:
        """Record one change: its history row and its event, and move the status."""
        entry = TicketHistoryEntry(at, actor, action, self.status, to_status, details, internal)
        self.history.append(entry)
        self.events.append(
            TicketChanged(
                ticket_id=self.id,
                number=self.number,
                county_id=self.county_id,
                org_path=self.org_path,
                actor=actor,
                at=at,
                action=action,
                from_status=self.status,
                to_status=to_status,
                enterprise_id=self.enterprise_id,
                submission_id=self.submission_id,
                holder_person_id=self.assignee_person_id,
                holder_org_unit_id=self.assignee_org_unit_id,
                due_at=self.due_at,
                note=note,
                extra=extra or {},
            )
        )
        self.status = to_status
        self.version = (self.version or 0) + 1


def _note(note: object, action: str) -> str:
    if not isinstance(note, str) or not note.strip():
        raise NoteRequired(action)
    return note.strip()


def _text(text: object, field: str, rule: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise TextRequired(field, rule)
    return text.strip()


def _local_minute(moment: datetime) -> str:
    return moment.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M")


class ServiceAccount:
    """An enterprise's service account ("one enterprise, one account"): its tickets open here."""

    def __init__(
        self,
        *,
        id: str,
        enterprise_id: str,
        enterprise_name: str,
        county_id: str,
        org_path: str,
        opened_at: datetime,
    ):
        self.id = id
        self.enterprise_id = enterprise_id
        self.enterprise_name = enterprise_name
        self.county_id = county_id
        self.org_path = org_path
        self.opened_at = opened_at

    def open_ticket(
        self,
        *,
        ticket_id: str,
        number: str,
        submission_id: str | None,
        title: str,
        assignment: Assignment,
        opened_by: str,
        opened_at: datetime,
        due_at: datetime | None,
        acceptance_number: str | None = None,
        form_key: str | None = None,
        form_version: int | None = None,
        answers: list | None = None,
        contact: dict | None = None,
        category: str | None = None,
        submitted_by: str | None = None,
        holder_path: str | None = None,
    ) -> Ticket:
        """Open a ticket in this account, assigned as routing decided, keeping what the
        enterprise asked: the form and version, the answers as rows in that version's
        labels and the contact, as the submission's event gave them, its category and who
        filed it; ``holder_path`` is where the assignee works (the enterprise's county when
        not given).

        Its history starts with the opening, and it records a ``TicketOpened`` event.
        """
        ticket = Ticket(
            id=ticket_id,
            number=number,
            account_id=self.id,
            enterprise_id=self.enterprise_id,
            submission_id=submission_id,
            title=title,
            assignee_person_id=assignment.person_id,
            assignee_org_unit_id=assignment.org_unit_id,
            county_id=self.county_id,
            org_path=self.org_path,
            opened_at=opened_at,
            due_at=due_at,
            acceptance_number=acceptance_number,
            form_key=form_key,
            form_version=form_version,
            answers=answers,
            contact=contact,
            category=category,
            submitted_by=submitted_by,
            holder_path=holder_path,
        )
        ticket.history.append(_opening_entry(ticket, assignment, opened_by))
        ticket.events.append(self._opened_event(ticket))
        return ticket

    def _opened_event(self, ticket: Ticket) -> TicketOpened:
        return TicketOpened(
            ticket_id=ticket.id,
            number=ticket.number,
            account_id=self.id,
            enterprise_id=self.enterprise_id,
            enterprise_name=self.enterprise_name,
            submission_id=ticket.submission_id,
            title=ticket.title,
            county_id=ticket.county_id,
            org_path=ticket.org_path,
            assignee_person_id=ticket.assignee_person_id,
            assignee_org_unit_id=ticket.assignee_org_unit_id,
            opened_at=ticket.opened_at,
            due_at=ticket.due_at,
        )


def _opening_entry(ticket: Ticket, assignment: Assignment, opened_by: str) -> TicketHistoryEntry:
    details = {
        "rule_id": assignment.rule_id,
        "assignee_person_id": assignment.person_id,
        "assignee_org_unit_id": assignment.org_unit_id,
        "deadline_working_days": assignment.deadline_working_days,
    }
    if assignment.redirected_from is not None:
        # Nobody in the unit routing chose can act: the ticket went up to an administrator.
        details["redirected_from"] = assignment.redirected_from
    return TicketHistoryEntry(ticket.opened_at, opened_by, "open", None, ASSIGNED, details)


class Pairing:
    """One year's pairing of an enterprise with its liaison and contact leader (结对)."""

    def __init__(
        self,
        *,
        id: str,
        enterprise_id: str,
        liaison_person_id: str,
        contact_leader_person_id: str | None = None,
        year: int,
        is_active: bool = True,
        county_id: str | None = None,
        org_path: str | None = None,
        created_by: str | None = None,
        created_at: datetime | None = None,
        ended_by: str | None = None,
        ended_at: datetime | None = None,
        end_reason: str | None = None,
    ):
        self.id = id
        self.enterprise_id = enterprise_id
        self.liaison_person_id = liaison_person_id
        self.contact_leader_person_id = contact_leader_person_id
        self.year = year
        self.is_active = is_active
        #: The enterprise's county and its org path, which scope who sees the pairing.
        self.county_id = county_id
        self.org_path = org_path
        #: Who recorded the pairing, and when.
        self.created_by = created_by
        self.created_at = created_at
        #: Who ended (unpaired) it, when and why; None while it is active. An ended
        #: pairing stays on the roster as history.
        self.ended_by = ended_by
        self.ended_at = ended_at
        self.end_reason = end_reason

    def end(self, actor: str, at: datetime, reason: str) -> None:
        """Unpair: the pairing stays on record, inactive, with who ended it, when and why.

        Raises PairingAlreadyEnded when it was ended before.
        """
        if not self.is_active:
            raise PairingAlreadyEnded()
        self.is_active = False
        self.ended_by, self.ended_at, self.end_reason = actor, at, reason
