"""Property tests of the closed loop: random sequences of actions, taken by random people
with random bodies on one ticket, keep its invariants.

- No state outside the machine: the status is one of the machine's, and every history row
  moves from the status the row before it left, as the machine's table allows.
- Every change has exactly one history row and one event, in order, saying the same.
- A closed ticket has every required co-handling part done (mode all: every part of the
  group; mode any: one part of the group).
- A person never acts outside their scope: an action succeeds only when
  ``access.actions_open_to`` listed it for that person (among what they see) just before,
  and an action that is refused raises a workflow error with its message in zh-CN and en,
  and changes nothing.

The actions go through ``services.workflow.tickets.act``, the code the API runs, with an
in-memory unit of work standing in for the repositories: pure and fast, so hypothesis can
try many sequences. The same properties through the HTTP API, on SQLite, are in
tests/service/workflow/test_ticket_properties_api.py.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from services.workflow import tickets
from services.workflow.adapters.orm import tickets as tickets_table
from services.workflow.domain.access import actions_open_to, ticket_scope
from services.workflow.domain.calendar import WorkingCalendar
from services.workflow.domain.commands import TicketAction
from services.workflow.domain.errors import WorkflowError
from services.workflow.domain.handover import OrgChart
from services.workflow.domain.known import OrgUnit, Person
from services.workflow.domain.model import (
    ACTIONS,
    CLOSED,
    MODE_ALL,
    PART_DONE,
    PRIOR,
    REOPENED,
    SAME,
    STATUSES,
    TRANSITIONS,
    ServiceAccount,
)
from services.workflow.domain.routing import Assignment
from services.workflow.publishing import routing_key_of
from shared.auth import Principal
from shared.org_paths import ancestors_and_self

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: A Tuesday morning; the clock moves on as the rules say.
START = datetime(2026, 12, 1, 9, 30, tzinfo=SHANGHAI)

#: id, kind, parent id, default department of its county
_UNITS = (
    ("33", "province", None, False),
    ("33-general", "department", "33", False),
    ("3301", "city", "33", False),
    ("3301-office", "department", "3301", False),
    ("3301-eia", "department", "3301", False),
    ("330102", "county", "3301", False),
    ("330102-office", "department", "330102", True),
    ("330102-eia", "department", "330102", False),
    ("330106", "county", "3301", False),
    ("330106-office", "department", "330106", True),
)


def _path(unit_id: str) -> str:
    parents = {unit_id: parent for unit_id, _kind, parent, _default in _UNITS}
    parent = parents[unit_id]
    return unit_id if parent is None else f"{_path(parent)}/{unit_id}"


UNITS = {
    unit_id: OrgUnit(unit_id, f"单位{unit_id}", f"Unit {unit_id}", kind, _path(unit_id), parent, d)
    for unit_id, kind, parent, d in _UNITS
}
#: username -> (roles, org unit id, enterprise id)
_PEOPLE = {
    # Holds the ticket at first: routed to Shangcheng's default department.
    "office-staff": (("department_staff",), "330102-office", None),
    "eia-staff": (("department_staff",), "330102-eia", None),
    "city-eia-staff": (("department_staff",), "3301-eia", None),
    "province-staff": (("department_staff",), "33-general", None),
    "xihu-staff": (("department_staff",), "330106-office", None),
    "shangcheng-admin": (("county_admin",), "330102", None),
    "xihu-admin": (("county_admin",), "330106", None),
    "hangzhou-admin": (("city_admin",), "3301", None),
    "province-admin": (("province_admin",), "33", None),
    "enterprise": (("enterprise_user",), "330102", "ent-a"),
    "other-enterprise": (("enterprise_user",), "330102", "ent-b"),
    # ent-a's paired liaison of the ticket's year.
    "liaison": (("liaison",), "330102", None),
}
PEOPLE = {
    username: Principal(
        id=f"p-{username}",
        username=username,
        name=username,
        roles=roles,
        org_path=UNITS[unit].path,
        org_unit_id=unit,
        enterprise_id=enterprise,
    )
    for username, (roles, unit, enterprise) in _PEOPLE.items()
}
PERSONS = {
    who.id: Person(who.id, who.username, who.name, list(who.roles), who.org_path, who.org_unit_id)
    for who in PEOPLE.values()
}
PAIRINGS = {"p-liaison": [("ent-a", START.year)]}
TICKET_ID = "ticket-1"


class Known:
    """Workflow's copy of directory, in memory."""

    def person(self, person_id: str) -> Person | None:
        return PERSONS.get(person_id)

    def org_unit(self, org_unit_id: str) -> OrgUnit | None:
        return UNITS.get(org_unit_id)

    def org_units_by_id(self, ids) -> dict[str, OrgUnit]:
        return {i: UNITS[i] for i in ids if i in UNITS}

    def chart(self, *paths: str | None) -> OrgChart:
        wanted = {above for path in paths if path for above in ancestors_and_self(path)}
        return OrgChart({u.path: u.kind for u in UNITS.values() if u.path in wanted})


class MemoryUnitOfWork:
    """What ``tickets.act`` asks of its unit of work, over one ticket in memory; the
    events it emits are kept in order."""

    confirm_working_days = 5

    def __init__(self, ticket):
        self._ticket = ticket
        self.known = Known()
        self.workflow = self
        self.emitted: list[tuple[str, dict]] = []

    def ticket(self, ticket_id: str):
        return self._ticket if ticket_id == self._ticket.id else None

    def paired_enterprise_years(self, person_id: str) -> list[tuple[str, int]]:
        return PAIRINGS.get(person_id, [])

    def working_calendar(self, since: date) -> WorkingCalendar:
        """China's calendar as the library knows it, without overrides."""
        return WorkingCalendar()

    def emit(self, type: str, data: dict, *, tenant: str) -> None:
        self.emitted.append((type, data))


def open_ticket():
    account = ServiceAccount(
        id="account-a",
        enterprise_id="ent-a",
        enterprise_name="杭州清源环保科技有限公司",
        county_id="330102",
        org_path=UNITS["330102"].path,
        opened_at=START,
    )
    ticket = account.open_ticket(
        ticket_id=TICKET_ID,
        number="330102-20261201-0001",
        submission_id="sub-1",
        title="Permit renewal",
        assignment=Assignment(None, "330102-office", 5),
        opened_by="p-enterprise",
        opened_at=START,
        due_at=START + timedelta(days=7),
        holder_path=UNITS["330102-office"].path,
    )
    ticket.events.clear()
    return ticket


def snapshot(ticket) -> tuple:
    """Everything an action may change: the ticket's columns, its parts, its history and
    the events it holds."""
    columns = tuple(getattr(ticket, name) for name in tickets_table.c.keys())
    parts = tuple(dataclasses.astuple(part) for part in ticket.parts)
    history = tuple(dataclasses.astuple(entry) for entry in ticket.history)
    return columns, parts, history, tuple(ticket.events)


def required_parts_done(parts) -> bool:
    """Every required co-handling part done: each group of mode all wholly, each group of
    mode any by one part (counted here from the parts, not by the model)."""
    groups = defaultdict(list)
    for part in parts:
        groups[part.group_id].append(part)
    for group in groups.values():
        done = [part.status == PART_DONE for part in group]
        if not (all(done) if group[0].mode == MODE_ALL else any(done)):
            return False
    return True


# Request bodies: mostly valid, sometimes not -----------------------------------------------


def mostly(valid, invalid):
    """``valid`` three times in four, else ``invalid``."""
    return st.sampled_from([valid, valid, valid, invalid]).flatmap(lambda strategy: strategy)


GOOD_NOTES = st.sampled_from(["Checked on site", "请补充排口编号", "Handled", "Called them"])
NOTES = st.one_of(GOOD_NOTES, st.sampled_from(["", "   ", None]))
TEXTS = NOTES
#: Hand-over and signer targets: some in the holder's bureau, some above or below it, one
#: unknown; a person of the staff now and then (not always of that unit).
TARGETS = st.sampled_from(
    [
        "330102-eia",
        "330102-office",
        "330102",
        "3301-eia",
        "3301-office",
        "3301",
        "33-general",
        "330106-office",
        "nowhere",
    ]
)
HAND_OVER = st.fixed_dictionaries(
    {"org_unit_id": TARGETS, "note": NOTES},
    optional={"person_id": st.sampled_from(sorted(PERSONS))},
)
PART_UNIT_IDS = ["330102-eia", "3301-eia", "33-general", "330106-office"]
PART_UNITS = mostly(
    st.lists(
        st.sampled_from(PART_UNIT_IDS),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    st.sampled_from([[], ["nowhere"], ["330102-office"], "330102-eia", None]),
)
BODIES = {
    "accept": st.just({}),
    "transfer": HAND_OVER,
    "escalate": HAND_OVER,
    "assign-down": HAND_OVER,
    "return": st.fixed_dictionaries({"note": NOTES}),
    "request-info": st.fixed_dictionaries({"note": NOTES}),
    "respond": st.fixed_dictionaries({"body": TEXTS}),
    "cohandle": st.fixed_dictionaries(
        {
            "org_unit_ids": PART_UNITS,
            "mode": mostly(st.sampled_from(["all", "any"]), st.sampled_from(["most", None])),
            "note": NOTES,
        }
    ),
    "add-signer": HAND_OVER,
    "accept-part": st.just({}),
    "finish-part": st.fixed_dictionaries({"note": NOTES}),
    "urge": st.fixed_dictionaries({"note": NOTES}),
    "supervise": st.fixed_dictionaries({"note": NOTES}),
    "comment": st.fixed_dictionaries(
        {"body": TEXTS, "internal": st.booleans()},
        optional={"attachments": st.sampled_from([[], ["no-such-upload"]])},
    ),
    "resolve": st.fixed_dictionaries({"note": NOTES}),
    "confirm": st.fixed_dictionaries(
        {"rating": mostly(st.integers(1, 5), st.sampled_from([0, 6, "5", "five", None]))},
        optional={"comment": TEXTS},
    ),
    "refuse": st.fixed_dictionaries({"reason": TEXTS}),
    "reopen": st.fixed_dictionaries({"note": NOTES}),
    "close": st.just({}),
    "cancel": st.fixed_dictionaries({}, optional={"note": NOTES}),
    "suspend": st.fixed_dictionaries(
        {
            "note": NOTES,
            # Days from today, or not a date.
            "resume_on": mostly(st.integers(1, 30), st.sampled_from([0, -1, 400, "soon"])),
        }
    ),
    "resume": st.just({}),
}
assert set(BODIES) == set(ACTIONS)


#: The actions that move a ticket towards its close, co-handled.
FORWARD = frozenset(
    {"accept", "cohandle", "accept-part", "finish-part", "resolve", "confirm", "respond", "resume"}
)


class TicketMachine(RuleBasedStateMachine):
    """One ticket of ent-a, routed to Shangcheng's default department: how actions are
    taken and checked, and the invariants. The rules are the subclasses'."""

    BODIES = BODIES

    def __init__(self):
        super().__init__()
        self.now = START
        self.ticket = open_ticket()
        self.uow = MemoryUnitOfWork(self.ticket)
        self.changes = 0
        self.refusals = 0

    # What the API would offer ---------------------------------------------------------

    def listed(self, who: Principal) -> list[str]:
        """The actions ``who`` is offered now: none if they do not see the ticket."""
        paired = PAIRINGS.get(who.id, []) if not who.enterprise_id else []
        if not ticket_scope(who, paired).allows(self.ticket):
            return []
        chart = self.uow.known.chart(self.ticket.holder_path)
        return actions_open_to(who, self.ticket, self.now, chart)

    def body_for(self, data, action: str) -> dict:
        body = data.draw(self.BODIES[action], label=f"{action} body")
        if action == "suspend" and type(body["resume_on"]) is int:
            days = body["resume_on"]
            body = {**body, "resume_on": (self.now.date() + timedelta(days=days)).isoformat()}
        return body

    def someone_takes_an_offered_action(self, data) -> None:
        # Each action offered to anyone is as likely as another, whoever is offered it,
        # and those that move the ticket towards its close three times as likely;
        # cancelling, which ends the story, is left to "anything".
        offers = {username: self.listed(who) for username, who in sorted(PEOPLE.items())}
        offered = {action for actions in offers.values() for action in actions}
        actions = [
            action
            for action in ACTIONS
            if action in offered and action != "cancel"
            for _weight in range(3 if action in FORWARD else 1)
        ]
        if not actions:
            return
        action = data.draw(st.sampled_from(actions), label="offered action")
        takers = [username for username, actions in offers.items() if action in actions]
        username = data.draw(st.sampled_from(takers), label="by")
        self.take(PEOPLE[username], action, self.body_for(data, action))

    # Taking an action -------------------------------------------------------------------

    def take(self, who: Principal, action: str, body: dict) -> None:
        offered = self.listed(who)
        before, emitted = snapshot(self.ticket), len(self.uow.emitted)
        command = TicketAction(TICKET_ID, action, who, body)
        try:
            tickets.act(command, self.uow, self.now)
        except WorkflowError as refusal:
            self.refusals += 1
            assert refusal.texts["zh_CN"] and refusal.texts["en"], refusal.rule
            assert refusal.texts["zh_CN"] != refusal.texts["en"], refusal.rule
            assert snapshot(self.ticket) == before, f"{action} by {who.username} was refused"
            assert len(self.uow.emitted) == emitted
            return
        assert action in offered, f"{who.username} did {action}, offered only {offered}"
        self.changes += 1
        entry = self.ticket.history[-1]
        assert (entry.action, entry.actor, entry.at) == (action, who.id, self.now)
        assert len(self.uow.emitted) == emitted + 1

    # Invariants -------------------------------------------------------------------------

    @invariant()
    def the_status_is_one_of_the_machine(self):
        assert self.ticket.status in STATUSES

    @invariant()
    def every_change_has_one_history_row_and_one_event_saying_the_same(self):
        history = self.ticket.history[1:]
        assert len(history) == len(self.uow.emitted) == self.changes
        assert self.ticket.version == 1 + self.changes
        assert self.ticket.events == []
        for entry, (routing_key, data) in zip(history, self.uow.emitted, strict=True):
            assert (data["action"], data["actor_id"]) == (entry.action, entry.actor)
            assert (data["from_status"], data["to_status"]) == (
                entry.from_status,
                entry.to_status,
            )
            assert routing_key.startswith("workflow.ticket.")

    @invariant()
    def every_change_moves_as_the_machine_allows(self):
        history = self.ticket.history
        assert (history[0].action, history[0].from_status) == ("open", None)
        for previous, entry in zip(history, history[1:], strict=False):
            assert entry.from_status == previous.to_status, entry
            sources, target = TRANSITIONS[entry.action]
            assert entry.from_status in sources, entry
            allowed = {
                SAME: {entry.from_status},
                # resume goes back to where the ticket was suspended from.
                PRIOR: set(TRANSITIONS["suspend"][0]),
            }.get(target, {target})
            if entry.action == "confirm":
                # A rating of 1 or 2 reopens the ticket.
                allowed = {CLOSED, REOPENED}
            assert entry.to_status in allowed, entry

    @invariant()
    def a_closed_ticket_has_every_required_part_done(self):
        if self.ticket.status == CLOSED:
            assert required_parts_done(self.ticket.parts), self.ticket.parts

    @invariant()
    def events_carry_their_actions_routing_key(self):
        for entry, (routing_key, _data) in zip(
            self.ticket.history[1:], self.uow.emitted, strict=True
        ):
            expected = routing_key_of(_Change(entry.action, entry.to_status))
            assert routing_key == expected


class ClosedLoop(TicketMachine):
    """Everyone around the ticket trying things, in any order."""

    @rule(
        data=st.data(),
        how=st.sampled_from(["offered"] * 4 + ["anything", "a part by its id", "time passes"]),
    )
    def something_happens(self, data, how):
        """Mostly someone takes an action they are offered now, with a body that may be
        wrong, so the ticket moves on; else anyone tries any action (mostly refused), or
        names a co-handling part by its id (maybe not theirs), or days pass."""
        if how == "offered":
            self.someone_takes_an_offered_action(data)
        elif how == "anything":
            username = data.draw(st.sampled_from(sorted(PEOPLE)), label="anyone")
            action = data.draw(st.sampled_from(ACTIONS), label="any action")
            self.take(PEOPLE[username], action, self.body_for(data, action))
        elif how == "a part by its id":
            username = data.draw(st.sampled_from(sorted(PEOPLE)), label="anyone")
            parts = [part.id for part in self.ticket.parts] or ["no-such-part"]
            action = data.draw(st.sampled_from(["accept-part", "finish-part"]), label="action")
            part_id = data.draw(st.sampled_from(parts), label="part")
            self.take(PEOPLE[username], action, {"part_id": part_id, "note": "Done"})
        else:
            self.now += timedelta(days=data.draw(st.integers(1, 12), label="days"))


class CoHandling(TicketMachine):
    """The ticket accepted by Shangcheng's office, which invites departments to co-handle
    it; the parts' people, the holder, the enterprise and the overseers act in any order
    (fewer people and actions than ClosedLoop, so co-handled tickets close often)."""

    PEOPLE = ("office-staff", "eia-staff", "city-eia-staff", "province-staff", "xihu-staff")
    PEOPLE += ("shangcheng-admin", "hangzhou-admin", "enterprise")
    ACTIONS = ("cohandle", "add-signer", "accept-part", "finish-part", "resolve", "confirm")
    ACTIONS += ("refuse", "reopen", "close", "request-info", "respond")
    #: Mostly valid bodies, so that the story gets somewhere; invitations of several units.
    BODIES = {
        **BODIES,
        **{
            action: st.fixed_dictionaries({key: mostly(GOOD_NOTES, NOTES)})
            for action, key in (
                ("finish-part", "note"),
                ("resolve", "note"),
                ("refuse", "reason"),
                ("reopen", "note"),
                ("request-info", "note"),
                ("respond", "body"),
            )
        },
        "cohandle": st.fixed_dictionaries(
            {
                "org_unit_ids": mostly(
                    st.lists(st.sampled_from(PART_UNIT_IDS), min_size=2, max_size=4, unique=True),
                    PART_UNITS,
                ),
                "mode": st.sampled_from(["all", "all", "any", "most"]),
                "note": mostly(GOOD_NOTES, NOTES),
            }
        ),
    }

    @initialize(
        units=st.lists(st.sampled_from(PART_UNIT_IDS), min_size=1, max_size=4, unique=True),
        mode=st.sampled_from(["all", "any"]),
    )
    def the_holder_accepts_and_invites(self, units, mode):
        holder = PEOPLE["office-staff"]
        self.take(holder, "accept", {})
        self.take(holder, "cohandle", {"org_unit_ids": units, "mode": mode, "note": "Help"})
        assert len(self.ticket.parts) == len(units)

    @rule(data=st.data(), offered=st.booleans())
    def someone_co_handles(self, data, offered):
        """Someone takes one of the co-handling story's actions: one they are offered now,
        or any of them."""
        if offered:
            offers = {name: self.listed(PEOPLE[name]) for name in self.PEOPLE}
            actions = [a for a in self.ACTIONS if any(a in o for o in offers.values())]
            if not actions:
                return
            action = data.draw(st.sampled_from(actions), label="offered action")
            takers = [name for name, offered_now in offers.items() if action in offered_now]
            username = data.draw(st.sampled_from(takers), label="by")
        else:
            username = data.draw(st.sampled_from(self.PEOPLE), label="anyone")
            action = data.draw(st.sampled_from(self.ACTIONS), label="action")
        self.take(PEOPLE[username], action, self.body_for(data, action))

    @rule(days=st.integers(1, 10))
    def time_passes(self, days):
        self.now += timedelta(days=days)


@dataclasses.dataclass
class _Change:
    action: str
    to_status: str


SETTINGS = settings(
    max_examples=100,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
ClosedLoop.TestCase.settings = SETTINGS
CoHandling.TestCase.settings = settings(SETTINGS, stateful_step_count=30)
TestClosedLoop = ClosedLoop.TestCase
TestCoHandling = CoHandling.TestCase
