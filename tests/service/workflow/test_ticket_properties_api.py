"""The closed loop's properties through the HTTP API, on SQLite: random people take random
actions on a ticket with random bodies, in zh-CN or en.

An action answers 200 only if the ticket's ``actions`` offered it to that person just
before (a person who does not see the ticket is offered nothing); any other answer is a
problem in the person's language and changes nothing, not the ticket, its history or the
outbox. Each success adds exactly one history row and one outbox event. The status stays
one of the machine's, and a closed ticket has every required co-handling part done.

A few examples only (each step is a few requests): the domain-level properties, with many
more sequences, are in tests/unit/workflow/test_ticket_properties.py.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import text

from services.workflow.domain.model import ACTIONS, CLOSED, STATUSES

#: The ticket's holder (Shangcheng's default department), its enterprise's people, staff of
#: another department, administrators over it and beside it, and the enterprise's liaison.
PEOPLE = (
    "staff",
    "eia-staff",
    "user-b",
    "user-a",
    "shangcheng",
    "xihu",
    "hangzhou",
    "province",
    "liaison",
)
#: Sees every ticket of the province: reads the ticket before and after each action.
OBSERVER = "province"
CJK = re.compile(r"[\u4e00-\u9fff]")
NOTES = st.sampled_from(["Checked on site", "请补充排口编号", "", None])
UNITS = st.sampled_from(["330102-eia", "330102-office", "330102", "3301", "330106-office", "x"])
HAND_OVER = st.fixed_dictionaries({"org_unit_id": UNITS, "note": NOTES})
BODIES = {
    "accept": st.just({}),
    "transfer": HAND_OVER,
    "escalate": HAND_OVER,
    "assign-down": HAND_OVER,
    "return": st.fixed_dictionaries({"note": NOTES}),
    "request-info": st.fixed_dictionaries({"note": NOTES}),
    "respond": st.fixed_dictionaries({"body": NOTES}),
    "cohandle": st.fixed_dictionaries(
        {
            "org_unit_ids": st.lists(
                st.sampled_from(["330102-eia", "330106-office", "3301", "x"]),
                min_size=1,
                max_size=2,
                unique=True,
            ),
            "mode": st.sampled_from(["all", "any", "most"]),
            "note": NOTES,
        }
    ),
    "add-signer": HAND_OVER,
    "accept-part": st.just({}),
    "finish-part": st.fixed_dictionaries({"note": NOTES}),
    "urge": st.fixed_dictionaries({"note": NOTES}),
    "supervise": st.fixed_dictionaries({"note": NOTES}),
    "comment": st.fixed_dictionaries({"body": NOTES, "internal": st.booleans()}),
    "resolve": st.fixed_dictionaries({"note": NOTES}),
    "confirm": st.fixed_dictionaries(
        {"rating": st.sampled_from([5, 4, 3, 1, 0])}, optional={"comment": NOTES}
    ),
    "refuse": st.fixed_dictionaries({"reason": NOTES}),
    "reopen": st.fixed_dictionaries({"note": NOTES}),
    "close": st.just({}),
    "cancel": st.fixed_dictionaries({}, optional={"note": NOTES}),
    "suspend": st.fixed_dictionaries(
        {"note": NOTES, "resume_on": st.sampled_from([3, 20, 0, "soon"])}
    ),
    "resume": st.just({}),
}
assert set(BODIES) == set(ACTIONS)

_SUBMISSIONS = itertools.count(1)


def said(problem: dict) -> str:
    """What a problem tells the person: its detail, or its messages by field."""
    by_field = problem.get("errors") or {}
    return problem.get("detail") or " ".join(m for ms in by_field.values() for m in ms)


class ApiLoop(RuleBasedStateMachine):
    """One new ticket of ent-b per example, routed to Shangcheng's default department."""

    def __init__(self, world):
        super().__init__()
        self.world = world
        submission_id = f"prop-{next(_SUBMISSIONS)}"
        world.submit("ent-b", submission_id)
        self.ticket_id = world.ticket_of(submission_id).id
        self.changes = 0

    def read(self, username: str, lang: str = "en"):
        return self.world.client(username, lang=lang).get(f"/workflow/api/tickets/{self.ticket_id}")

    def offered(self, username: str) -> list[str]:
        response = self.read(username)
        if response.status_code == 404:
            return []
        assert response.status_code == 200, response.get_json()
        return response.get_json()["actions"]

    def stored(self) -> tuple:
        """The ticket as the observer reads it (but what the clock alone changes), and the
        counts of its history rows and of workflow's ticket events."""
        ticket = self.read(OBSERVER).get_json()
        ticket = {k: v for k, v in ticket.items() if k not in ("actions", "deadline")}
        with self.world.runtime.engine.connect() as conn:
            history = conn.execute(
                text("SELECT count(*) FROM ticket_history WHERE ticket_id = :id"),
                {"id": self.ticket_id},
            ).scalar_one()
            events = conn.execute(
                text("SELECT count(*) FROM outbox WHERE routing_key LIKE 'workflow.ticket.%'")
            ).scalar_one()
        return ticket, history, events

    @rule(
        data=st.data(),
        username=st.sampled_from(PEOPLE),
        lang=st.sampled_from(["en", "zh-CN"]),
        offered_only=st.booleans(),
    )
    def someone_acts(self, data, username, lang, offered_only):
        offered = self.offered(username)
        choices = offered if offered_only and offered else list(ACTIONS)
        action = data.draw(st.sampled_from(choices), label="action")
        body = dict(data.draw(BODIES[action], label="body"))
        if action == "suspend" and type(body["resume_on"]) is int:
            body["resume_on"] = (date.today() + timedelta(days=body["resume_on"])).isoformat()
        if data.draw(st.booleans(), label="sends the version"):
            version = self.read(OBSERVER).get_json()["version"]
            body["version"] = data.draw(st.sampled_from([version, version - 1]), label="version")
        (before, history, events) = self.stored()

        response = self.world.client(username, lang=lang).post(
            f"/workflow/api/tickets/{self.ticket_id}/{action}", json=body
        )

        after = self.stored()
        if response.status_code == 200:
            assert action in offered, f"{username} did {action}, offered only {offered}"
            self.changes += 1
            assert after[1:] == (history + 1, events + 1)
            assert after[0]["history"][-1]["action"] == action
        else:
            assert response.status_code in (403, 404, 409, 422), response.get_json()
            assert after == (before, history, events), f"{action} by {username} changed things"
            message = said(response.get_json())
            assert message, response.get_json()
            if lang == "zh-CN":
                assert CJK.search(message), message

    @invariant()
    def the_ticket_keeps_the_machines_rules(self):
        ticket, history, _events = self.stored()
        assert ticket["status"] in STATUSES
        assert history == 1 + self.changes
        if ticket["status"] == CLOSED:
            groups = defaultdict(list)
            for part in ticket["parts"]:
                groups[part["group_id"]].append(part["status"] == "done")
            for group, done in groups.items():
                mode = next(p["mode"] for p in ticket["parts"] if p["group_id"] == group)
                assert all(done) if mode == "all" else any(done), ticket["parts"]


@pytest.fixture
def loop_world(world, pair):
    """ent-b paired with the liaison, and Shangcheng's permits routed to its default
    department all the same."""
    pair("ent-b", "liaison")
    rule = {
        "id": "permits-to-office",
        "conditions": [{"field": "category", "op": "eq", "value": "permit"}],
        "target": "county_default_department",
        "deadline_working_days": 5,
    }
    response = world.client("shangcheng").post("/workflow/api/routing-rules", json=rule)
    assert response.status_code == 201, response.get_json()
    return world


def test_random_people_and_actions_keep_the_loops_properties_over_http(loop_world):
    run_state_machine_as_test(
        lambda: ApiLoop(loop_world),
        settings=settings(
            max_examples=6,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
            database=None,
            # Each step is a few requests: a failure is reported as found, unshrunk.
            phases=[Phase.explicit, Phase.generate],
        ),
    )
