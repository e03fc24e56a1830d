"""The words workflow's pages put in place of codes: statuses, actions, queues, deadlines.

Every label is a lazy string, so it is translated in the language of the request that
shows it (zh-CN in the catalogue, English in the code).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "assigned": _l("Assigned"),
    "accepted": _l("In progress"),
    "returned": _l("With the enterprise for more information"),
    "suspended": _l("Suspended"),
    "reopened": _l("Reopened"),
    "resolved": _l("Resolved, awaiting confirmation"),
    "closed": _l("Closed"),
    "cancelled": _l("Cancelled"),
}
#: What a button does, in the imperative.
ACTION_LABELS = {
    "accept": _l("Accept"),
    "transfer": _l("Transfer"),
    "escalate": _l("Escalate"),
    "assign-down": _l("Assign down"),
    "return": _l("Send back"),
    "request-info": _l("Ask the enterprise for more"),
    "respond": _l("Answer"),
    "cohandle": _l("Invite co-handling"),
    "add-signer": _l("Add a signer"),
    "accept-part": _l("Accept our part"),
    "finish-part": _l("Report our part done"),
    "urge": _l("Urge"),
    "supervise": _l("Supervise"),
    "comment": _l("Comment"),
    "resolve": _l("Resolve"),
    "confirm": _l("Confirm and rate"),
    "refuse": _l("Refuse the result"),
    "reopen": _l("Reopen"),
    "close": _l("Close"),
    "cancel": _l("Cancel the ticket"),
    "suspend": _l("Suspend"),
    "resume": _l("Resume"),
}
#: What happened, for the timeline.
HISTORY_LABELS = {
    "open": _l("Opened and assigned"),
    "accept": _l("Accepted"),
    "transfer": _l("Transferred"),
    "escalate": _l("Escalated"),
    "assign-down": _l("Assigned down"),
    "return": _l("Sent back"),
    "request-info": _l("Asked the enterprise for more"),
    "respond": _l("The enterprise answered"),
    "cohandle": _l("Invited co-handling"),
    "add-signer": _l("Added a signer"),
    "accept-part": _l("Accepted a co-handling part"),
    "finish-part": _l("Finished a co-handling part"),
    "urge": _l("Urged"),
    "supervise": _l("Put under supervision"),
    "comment": _l("Commented"),
    "resolve": _l("Resolved"),
    "confirm": _l("Confirmed"),
    "refuse": _l("Refused the result"),
    "reopen": _l("Reopened"),
    "close": _l("Closed"),
    "cancel": _l("Cancelled"),
    "suspend": _l("Suspended"),
    "resume": _l("Resumed"),
    "remind": _l("Reminded of the deadline"),
    "overdue": _l("Past its deadline"),
    "escalate-overdue": _l("Escalated as overdue"),
}
#: What the page says after an action succeeded.
DONE_MESSAGES = {
    "accept": _l("The ticket is accepted."),
    "transfer": _l("The ticket is transferred."),
    "escalate": _l("The ticket is escalated."),
    "assign-down": _l("The ticket is assigned down."),
    "return": _l("The ticket is sent back."),
    "request-info": _l("The enterprise is asked for more information."),
    "respond": _l("Your answer is sent."),
    "cohandle": _l("The units are invited to co-handle the ticket."),
    "add-signer": _l("The signer is added."),
    "accept-part": _l("Your part is accepted."),
    "finish-part": _l("Your part is reported done."),
    "urge": _l("The holder is urged."),
    "supervise": _l("The ticket is under your supervision."),
    "comment": _l("Your comment is added."),
    "resolve": _l("The ticket is resolved."),
    "confirm": _l("Thank you: your rating is recorded."),
    "refuse": _l("The ticket is reopened with your reason."),
    "reopen": _l("The ticket is reopened."),
    "close": _l("The ticket is closed."),
    "cancel": _l("The ticket is cancelled."),
    "suspend": _l("The ticket is suspended."),
    "resume": _l("The ticket is resumed."),
}
DEADLINE_LABELS = {
    "overdue": _l("Overdue"),
    "due_soon": _l("Due soon"),
    "on_time": _l("On time"),
}
QUEUE_LABELS = {
    "todo": _l("To do"),
    "cohandling": _l("Co-handling"),
    "handled": _l("Handled by me"),
    "overdue": _l("Overdue"),
    "awaiting": _l("Awaiting the enterprise"),
    "supervised": _l("Under supervision"),
    "copied": _l("Copied to me"),
    "area": _l("All in my area"),
    "all": _l("All I can see"),
}
QUEUE_EMPTY = {
    "todo": _l("Nothing to do."),
    "cohandling": _l("No ticket waits for your part."),
    "handled": _l("You have not acted on any ticket yet."),
    "overdue": _l("Nothing is overdue."),
    "awaiting": _l("No ticket waits for an enterprise."),
    "supervised": _l("No ticket is under supervision."),
    "copied": _l("No ticket of your paired enterprises is held by someone else."),
    "area": _l("No tickets in your area yet."),
    "all": _l("No tickets yet."),
}
SORT_LABELS = {
    "-opened": _l("Newest first"),
    "opened": _l("Oldest first"),
    "deadline": _l("Deadline, soonest first"),
    "-deadline": _l("Deadline, latest first"),
    "number": _l("Number, ascending"),
    "-number": _l("Number, descending"),
}
PART_STATUS_LABELS = {
    "invited": _l("Invited"),
    "accepted": _l("Working on it"),
    "done": _l("Done"),
}
MODE_LABELS = {
    "all": _l("Countersign: every unit must finish"),
    "any": _l("Any-one sign: one unit finishing is enough"),
}


def labels() -> dict:
    """Every label table, for the templates."""
    return {
        "status_labels": STATUS_LABELS,
        "action_labels": ACTION_LABELS,
        "history_labels": HISTORY_LABELS,
        "deadline_labels": DEADLINE_LABELS,
        "queue_labels": QUEUE_LABELS,
        "queue_empty": QUEUE_EMPTY,
        "sort_labels": SORT_LABELS,
        "part_status_labels": PART_STATUS_LABELS,
        "mode_labels": MODE_LABELS,
    }
