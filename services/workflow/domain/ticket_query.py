"""What a person asks of the ticket list: a queue, a search, filters, a page and an order.

``parse_ticket_query`` reads the query string of the inbox page and of
``GET /workflow/api/tickets`` into a :class:`TicketQuery`, or raises
:class:`InvalidTicketQuery` naming every wrong parameter and the rule it breaks, in zh-CN
and en (HTTP 422). Nothing is clamped: ``page=0`` or ``per_page=1000`` is refused, so a
caller never gets a different page from the one it asked for without being told.

The parameters (first value of each, except ``status``, which may repeat):

- ``queue``: one of :data:`QUEUES` the viewer has (:func:`queues_for`);
- ``q``: part of the ticket's number, its title or its enterprise's name (any case);
- ``status``: one or more statuses (``status=accepted&status=reopened``);
- ``category``: the matter category the submission named;
- ``deadline``: ``overdue``, ``due_soon`` or ``on_time`` (only tickets whose clock runs);
- ``unit``: the id of the org unit that holds the ticket;
- ``page`` (from 1), ``per_page`` (1 to :data:`MAX_PER_PAGE`, default 25);
- ``sort``: ``deadline``, ``opened`` or ``number``, with a leading ``-`` for descending
  (default ``-opened``: newest first).

Empty values are ignored, as a form's untouched fields send them.

The queues (each limited to what the viewer may see; the repository writes them in SQL):

- ``todo``: assigned to the viewer in person, or to the unit they hold tickets for
  (department staff and administrators of that unit), and still being worked on
  (assigned, accepted, reopened or suspended);
- ``cohandling``: a co-handling part of the viewer's unit, or of the viewer in person, is
  still open (invited or accepted) on a ticket that is not closed or cancelled;
- ``handled``: the viewer acted on it (any history row but the opening), in any status;
- ``overdue``: its clock runs and its deadline has passed;
- ``awaiting``: with the enterprise: returned for more information, or resolved and
  waiting for its confirmation;
- ``supervised``: under supervision (督办), not closed or cancelled;
- ``copied``: of an enterprise the viewer is this year's paired liaison or contact leader
  of, held by someone else, in any status (so closed matters stay in view);
- ``area`` (administrators) or ``all`` (everyone else): every ticket the viewer sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from services.workflow.domain.access import (
    DEPARTMENT_STAFF,
    ENTERPRISE_USER,
    Viewer,
    is_admin,
    own_org_unit_id,
)
from services.workflow.domain.calendar import DUE_SOON_WITHIN
from services.workflow.domain.errors import WorkflowError
from services.workflow.domain.model import (
    ACCEPTED,
    ASSIGNED,
    CANCELLED,
    CLOSED,
    REOPENED,
    RESOLVED,
    RETURNED,
    STATUSES,
    SUSPENDED,
)

TO_DO, COHANDLING, HANDLED = "todo", "cohandling", "handled"
OVERDUE_QUEUE, AWAITING, SUPERVISED, COPIED = "overdue", "awaiting", "supervised", "copied"
#: Every ticket the viewer sees: "all in my area" for administrators, "all I can see" else.
AREA, ALL = "area", "all"
QUEUES = (TO_DO, COHANDLING, HANDLED, OVERDUE_QUEUE, AWAITING, SUPERVISED, COPIED, AREA, ALL)
#: The queues whose tickets are tracked by one person: the inbox shows a count for each.
STAFF_QUEUES = (TO_DO, COHANDLING, HANDLED, OVERDUE_QUEUE, AWAITING, SUPERVISED, COPIED)

#: Still on the holder's desk (to do).
WORKING = (ASSIGNED, ACCEPTED, REOPENED, SUSPENDED)
#: With the enterprise.
WITH_ENTERPRISE = (RETURNED, RESOLVED)
#: Finished: nothing more to do unless reopened.
FINISHED = (CLOSED, CANCELLED)
#: The statuses in which the deadline's clock runs (as ``Ticket.deadline_state`` has it).
CLOCK_RUNS = (ASSIGNED, ACCEPTED, RETURNED, REOPENED)

DEADLINE_OVERDUE, DEADLINE_DUE_SOON, DEADLINE_ON_TIME = "overdue", "due_soon", "on_time"
DEADLINE_STATES = (DEADLINE_OVERDUE, DEADLINE_DUE_SOON, DEADLINE_ON_TIME)
#: How close a deadline is "due soon" (the calendar's own measure).
DUE_SOON = DUE_SOON_WITHIN

SORTS = ("deadline", "opened", "number")
DEFAULT_SORT = "-opened"
DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_SEARCH = 100

_RULES = {
    "choice": ("必须是以下之一：{choices}。", "Must be one of: {choices}."),
    "range": (
        "必须是 {low} 到 {high} 之间的整数。",
        "Must be a whole number from {low} to {high}.",
    ),
    "too_long": ("太长了，最多 {high} 个字符。", "Too long; at most {high} characters."),
}


class InvalidTicketQuery(WorkflowError):
    """Raised when the ticket list's query string is not valid: ``errors`` names each
    parameter and the broken rule in zh-CN and en."""

    status = 422

    def __init__(self, problems: dict[str, tuple[str, dict]]):
        #: parameter -> the rule it broke.
        self.rules = {parameter: rule for parameter, (rule, _params) in problems.items()}
        self.problems = problems
        super().__init__("invalid_query")
        self.field = next(iter(problems))
        self.errors = {
            parameter: {
                locale: [_RULES[rule][index].format(**params)]
                for index, locale in enumerate(("zh_CN", "en"))
            }
            for parameter, (rule, params) in problems.items()
        }

    def message(self, lang: str | None = "en") -> str:
        chinese = (lang or "").replace("_", "-").lower().startswith("zh")
        return "查询参数无效。" if chinese else "The query parameters are not valid."


@dataclass(frozen=True)
class TicketQuery:
    """A parsed ticket list query (see the module's docstring)."""

    queue: str | None = None
    q: str | None = None
    statuses: tuple[str, ...] = ()
    category: str | None = None
    deadline: str | None = None
    unit: str | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    sort: str = "opened"
    descending: bool = True
    #: The parameters as given (valid ones), to rebuild links to other pages and orders.
    args: dict = field(default_factory=dict, compare=False)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def sort_key(self) -> str:
        """The sort as written in a query string: ``deadline`` or ``-deadline``."""
        return f"-{self.sort}" if self.descending else self.sort

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.statuses or self.category or self.deadline or self.unit)


def queues_for(viewer: Viewer) -> tuple[str, ...]:
    """The queues ``viewer`` has: enterprises only their own tickets ("all"); staff the
    tracked queues, and "area" for administrators or "all" for everyone else."""
    if ENTERPRISE_USER in viewer.roles:
        return (ALL,)
    return (*STAFF_QUEUES, AREA if is_admin(viewer) else ALL)


def parse_ticket_query(
    args: Mapping, queues: tuple[str, ...], default_queue: str | None = None
) -> TicketQuery:
    """Read a ticket list query string (see the module's docstring).

    :param args: the query parameters (a MultiDict or a plain mapping).
    :param queues: the queues the viewer has; another ``queue`` is refused.
    :param default_queue: the queue when none is asked for (None: every visible ticket).
    :raises InvalidTicketQuery: naming every wrong parameter.
    """
    problems: dict[str, tuple[str, dict]] = {}
    found: dict[str, object] = {}
    kept: dict[str, object] = {}
    for name in ("queue", "q", "category", "deadline", "unit", "page", "per_page", "sort"):
        text = _first(args, name)
        if text is None or not text.strip():
            continue
        text = text.strip()
        result = _read(name, text, queues)
        if isinstance(result, tuple):
            problems[name] = result
        else:
            found[name] = result
            kept[name] = text
    statuses = [s.strip() for s in _all(args, "status") if s and s.strip()]
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        problems["status"] = _choice(STATUSES)
    elif statuses:
        found["status"] = tuple(dict.fromkeys(statuses))
        kept["status"] = list(found["status"])
    if problems:
        raise InvalidTicketQuery(problems)
    sort = found.get("sort", DEFAULT_SORT)
    return TicketQuery(
        queue=found.get("queue", default_queue),
        q=found.get("q"),
        statuses=found.get("status", ()),
        category=found.get("category"),
        deadline=found.get("deadline"),
        unit=found.get("unit"),
        page=found.get("page", 1),
        per_page=found.get("per_page", DEFAULT_PER_PAGE),
        sort=sort.removeprefix("-"),
        descending=sort.startswith("-"),
        args=kept,
    )


def _read(name: str, text: str, queues: tuple[str, ...]):
    if name == "queue":
        return text if text in queues else _choice(queues)
    if name == "deadline":
        return text if text in DEADLINE_STATES else _choice(DEADLINE_STATES)
    if name == "sort":
        allowed = (*SORTS, *(f"-{sort}" for sort in SORTS))
        return text if text in allowed else _choice(allowed)
    if name == "page":
        return _whole(text, 1, 100_000)
    if name == "per_page":
        return _whole(text, 1, MAX_PER_PAGE)
    if len(text) > MAX_SEARCH:
        return ("too_long", {"high": MAX_SEARCH})
    return text


def _whole(text: str, low: int, high: int):
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        return ("range", {"low": low, "high": high})
    return value


def _choice(choices) -> tuple[str, dict]:
    return ("choice", {"choices": ", ".join(choices)})


def _first(args: Mapping, name: str) -> str | None:
    value = args.get(name)
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _all(args: Mapping, name: str) -> list[str]:
    if hasattr(args, "getlist"):
        values = args.getlist(name)
    else:
        value = args.get(name)
        values = value if isinstance(value, list | tuple) else [value]
    return [v for v in values if isinstance(v, str)]


def due_soon_limit(now: datetime) -> datetime:
    """The latest deadline that counts as due soon at ``now``."""
    return now + DUE_SOON


@dataclass(frozen=True)
class QueueOwner:
    """Whose queues: what the repository needs to know of the viewer to select them."""

    person_id: str
    #: The unit whose tickets the viewer holds (department staff and administrators of
    #: that unit), if any.
    unit_id: str | None
    #: This year (Asia/Shanghai), for the pairings that copy tickets to the viewer.
    year: int


def queue_owner(viewer: Viewer, year: int) -> QueueOwner:
    """The queue owner ``viewer`` is in ``year``."""
    holds_unit = is_admin(viewer) or DEPARTMENT_STAFF in viewer.roles
    return QueueOwner(viewer.id, own_org_unit_id(viewer) if holds_unit else None, year)
