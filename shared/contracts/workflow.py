"""Events the workflow service publishes."""

from marshmallow import Schema, fields

from shared.contracts import contract


@contract("workflow.ticket.opened")
class TicketOpenedV1(Schema):
    """Sent by workflow when a ticket is opened in an enterprise's service account and
    assigned: to the paired liaison (``assignee_person_id``) or, for an unpaired
    enterprise, to the county's default department (``assignee_org_unit_id``)."""

    ticket_id = fields.String(required=True)
    number = fields.String(required=True)
    account_id = fields.String(required=True)
    enterprise_id = fields.String(required=True)
    enterprise_name = fields.String(required=True)
    submission_id = fields.String(load_default=None, allow_none=True)
    title = fields.String(required=True)
    county_id = fields.String(required=True)
    org_path = fields.String(required=True)
    assignee_person_id = fields.String(load_default=None, allow_none=True)
    assignee_org_unit_id = fields.String(load_default=None, allow_none=True)
    opened_at = fields.AwareDateTime(required=True)
    due_at = fields.AwareDateTime(load_default=None, allow_none=True)


class _TicketTransitionV1(Schema):
    """The fields every ticket change event carries.

    The fields after ``at`` came with the closed loop (issue 8) and are optional in V1:
    what the ticket's status was and became, which action moved it, whose it is now, and
    its deadline. Notes, reasons and comments stay in workflow's history; only their length
    travels, as they may hold what the enterprise confided.
    """

    ticket_id = fields.String(required=True)
    number = fields.String(required=True)
    county_id = fields.String(required=True)
    org_path = fields.String(required=True)
    #: The person who moved the ticket ("system" for the deadline sweep).
    actor_id = fields.String(required=True)
    at = fields.AwareDateTime(required=True)
    #: The action, as in the ticket API: accept, transfer, escalate, assign-down, return,
    #: request-info, respond, cohandle, add-signer, accept-part, finish-part, urge,
    #: supervise, comment, resolve, confirm, refuse, reopen, close, cancel, suspend, resume.
    action = fields.String(load_default=None, allow_none=True)
    from_status = fields.String(load_default=None, allow_none=True)
    to_status = fields.String(load_default=None, allow_none=True)
    enterprise_id = fields.String(load_default=None, allow_none=True)
    submission_id = fields.String(load_default=None, allow_none=True)
    #: Who holds the ticket after the change: a person, an org unit, or both.
    holder_person_id = fields.String(load_default=None, allow_none=True)
    holder_org_unit_id = fields.String(load_default=None, allow_none=True)
    due_at = fields.AwareDateTime(load_default=None, allow_none=True)
    note_length = fields.Integer(load_default=None, allow_none=True)


@contract("workflow.ticket.accepted")
class TicketAcceptedV1(_TicketTransitionV1):
    """Sent by workflow when a ticket's holder (or an administrator over it) accepts it:
    the matter is being handled."""


@contract("workflow.ticket.handed_over")
class TicketHandedOverV1(_TicketTransitionV1):
    """Sent by workflow when a ticket changes hands: transferred to another department or
    person of the same bureau (``transfer``), escalated one level up (``escalate``),
    assigned down to a county (``assign-down``) or returned to its previous holder
    (``return``). The new holder has to accept it."""

    from_person_id = fields.String(load_default=None, allow_none=True)
    from_org_unit_id = fields.String(load_default=None, allow_none=True)


@contract("workflow.ticket.info_requested")
class TicketInfoRequestedV1(_TicketTransitionV1):
    """Sent by workflow when the holder asks the enterprise for more information; the
    ticket waits (status ``returned``) until the enterprise answers."""


@contract("workflow.ticket.info_provided")
class TicketInfoProvidedV1(_TicketTransitionV1):
    """Sent by workflow when the enterprise answers a request for information; the ticket
    is back with its holder (status ``accepted``)."""


@contract("workflow.ticket.cohandle_invited")
class TicketCohandleInvitedV1(_TicketTransitionV1):
    """Sent by workflow when the holder invites departments to co-handle a ticket
    (``cohandle``, 会签 with mode ``all``, 或签 with ``any``) or adds one (``add-signer``)."""

    mode = fields.String(required=True)
    org_unit_ids = fields.List(fields.String(), required=True)
    part_ids = fields.List(fields.String(), load_default=list)


@contract("workflow.ticket.part_accepted")
class TicketPartAcceptedV1(_TicketTransitionV1):
    """Sent by workflow when an invited co-handling department accepts its part."""

    part_id = fields.String(required=True)
    part_org_unit_id = fields.String(required=True)


@contract("workflow.ticket.part_done")
class TicketPartDoneV1(_TicketTransitionV1):
    """Sent by workflow when a co-handling department reports its part done."""

    part_id = fields.String(required=True)
    part_org_unit_id = fields.String(required=True)


@contract("workflow.ticket.urged")
class TicketUrgedV1(_TicketTransitionV1):
    """Sent by workflow when someone urges the holder to act (催办)."""


@contract("workflow.ticket.supervised")
class TicketSupervisedV1(_TicketTransitionV1):
    """Sent by workflow when a supervising unit puts a ticket under supervision (督办)."""

    supervising_org_unit_id = fields.String(required=True)


@contract("workflow.ticket.commented")
class TicketCommentedV1(_TicketTransitionV1):
    """Sent by workflow when someone comments on a ticket; ``internal`` comments are for
    staff only, the others are visible to the enterprise."""

    internal = fields.Boolean(required=True)
    attachment_count = fields.Integer(load_default=0)


@contract("workflow.ticket.resolved")
class TicketResolvedV1(_TicketTransitionV1):
    """Sent by workflow when a ticket is resolved and waits for the enterprise to confirm.
    The note saying what was done stays in workflow's history; only its length travels."""

    note_length = fields.Integer(required=True)
    #: When the enterprise's silence counts as confirmation.
    confirm_due_at = fields.AwareDateTime(load_default=None, allow_none=True)


@contract("workflow.ticket.closed")
class TicketClosedV1(_TicketTransitionV1):
    """Sent by workflow when a resolved ticket is closed (written off, 销号): confirmed by
    the enterprise with a rating, or auto-confirmed when it did not answer in time."""

    rating = fields.Integer(load_default=None, allow_none=True)
    auto_confirmed = fields.Boolean(load_default=False)


@contract("workflow.ticket.reopened")
class TicketReopenedV1(_TicketTransitionV1):
    """Sent by workflow when a resolved or closed ticket is reopened: refused by the
    enterprise, rated low, or reopened by an administrator. Its holder works on it again."""

    rating = fields.Integer(load_default=None, allow_none=True)


@contract("workflow.ticket.cancelled")
class TicketCancelledV1(_TicketTransitionV1):
    """Sent by workflow when a ticket is cancelled: by the enterprise before acceptance,
    or by an administrator with a reason."""


@contract("workflow.ticket.suspended")
class TicketSuspendedV1(_TicketTransitionV1):
    """Sent by workflow when a ticket is suspended: its clock stops until ``resume_on``."""

    resume_on = fields.Date(load_default=None, allow_none=True)


@contract("workflow.ticket.resumed")
class TicketResumedV1(_TicketTransitionV1):
    """Sent by workflow when a suspended ticket resumes; ``due_at`` is its new deadline,
    moved by the working days it was suspended."""


@contract("workflow.ticket.deadline_near")
class TicketDeadlineNearV1(_TicketTransitionV1):
    """Sent by workflow's deadline sweep (actor ``system``, action ``remind``) once per
    deadline, when a ticket still being handled (assigned, accepted or reopened) is due
    within the reminder period (24 hours by default): a reminder to its holder. A sweep
    that was stopped past the deadline still sends it, once, before the escalations."""


@contract("workflow.ticket.overdue")
class TicketOverdueV1(_TicketTransitionV1):
    """Sent by workflow's deadline sweep (actor ``system``, action ``overdue``) once per
    deadline, when a ticket still being handled has passed its deadline: the first stage
    of escalation, to the enterprise's paired contact leader of the ticket's year (and the
    holder). ``contact_leader_person_id`` is null when the enterprise has none."""

    #: Always 1: the contact leader is told.
    stage = fields.Integer(required=True)
    contact_leader_person_id = fields.String(load_default=None, allow_none=True)


@contract("workflow.ticket.escalated")
class TicketEscalatedV1(_TicketTransitionV1):
    """Sent by workflow's deadline sweep (actor ``system``, action ``escalate-overdue``)
    once per deadline, when a ticket is still being handled a number of working days (2 by
    default) after its deadline: the second stage of escalation, one level up. The unit
    above the holder's bureau (the province for a province's own ticket) now supervises
    the ticket (a ``workflow.ticket.supervised`` event comes with this one), and its
    administrators are told."""

    #: Always 2: one level up.
    stage = fields.Integer(required=True)
    escalated_to_org_unit_id = fields.String(required=True)
    contact_leader_person_id = fields.String(load_default=None, allow_none=True)


class _PairingV1(Schema):
    """The fields every pairing event carries: who is paired with whom, for which year,
    where."""

    pairing_id = fields.String(required=True)
    enterprise_id = fields.String(required=True)
    liaison_person_id = fields.String(required=True)
    contact_leader_person_id = fields.String(load_default=None, allow_none=True)
    year = fields.Integer(required=True)
    county_id = fields.String(required=True)
    org_path = fields.String(required=True)


@contract("workflow.pairing.created")
class PairingCreatedV1(_PairingV1):
    """Sent by workflow when an administrator pairs an enterprise with a liaison (and
    optionally a contact leader) for a year; feeds rosters and reminders."""

    created_by = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)


@contract("workflow.pairing.ended")
class PairingEndedV1(_PairingV1):
    """Sent by workflow when an administrator ends (unpairs) a pairing, with who, when and
    why. The pairing stays on workflow's roster as history, inactive; the enterprise may
    be paired again for that year."""

    ended_by = fields.String(required=True)
    ended_at = fields.AwareDateTime(required=True)
    #: The administrator's reason, as they wrote it (at most 500 characters).
    reason = fields.String(required=True)
