"""Tickets opened and routed per second through workflow's event path, next to a bare
insert of the same rows, in the same run.

Run with ``make bench-tickets`` or ``python -m bench.tickets [--tickets N] [--rounds N]
[--databases sqlite,postgresql]`` (2,000 tickets, 3 rounds, both databases by default;
PostgreSQL is skipped with a note when ``QINQING_TEST_POSTGRES_URL``, or the tests' default
on 127.0.0.1, does not answer).

On each database it migrates two workflow databases. Into the first it feeds, as
directory's events, a city of four counties (each with its default department and two
more, an administrator, two liaisons and a staff member per department) and 60 enterprises
per county, half of them paired with a liaison; and eleven routing rules set at the
province, the city and two counties, through workflow's own commands. Then, in each round:

1. ``event path``: ``forms.submission.received`` events, as they come off the wire, go to
   workflow's consumer in batches of 100 (one transaction each, as a worker takes what
   RabbitMQ delivered): the envelope checked against its contract, the submission's ticket
   looked for, the account, the routing rules of the county's tiers and the enterprise's
   pairing read, the rule chosen (and its target checked for someone who can act), what
   routing saw kept for the dry run, the county's daily number taken, the deadline counted
   in working days, the ticket and its history row stored, ``workflow.ticket.opened``
   written to the outbox and the event recorded as processed.
2. ``bare insert``: the rows the event path just added to ``tickets``, ``ticket_history``,
   ``routing_inputs``, ``outbox`` and ``processed_events``, read back and inserted into the
   second database with Core ``INSERT``s, in as many transactions: the floor any way of
   opening these tickets pays.

The submissions vary their category and whether they ask for a visit, so the tickets are
routed by the county's, the city's and the province's rules and by the fallback (paired
liaison, default department), and are opened across a week with a weekend and the start of
a public holiday. It prints, per database, each phase's tickets per second (the round with
the median rate), the routing decisions, and the ratio of the event path to the bare
insert in each round and their median. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select

DEFAULT_TICKETS = 2000
DEFAULT_ROUNDS = 3
#: Events per transaction: what a worker takes at once (RabbitBus's prefetch).
BATCH = 100
#: Tickets opened before the rounds, unmeasured, on both databases.
WARMUP = 200
DATABASES = ("sqlite", "postgresql")
PHASES = ("event path", "bare insert")
FORM_KEY = "enterprise-request"
PROVINCE, CITY = "33", "3301"
COUNTIES = ("330102", "330105", "330106", "330108")
DEPARTMENTS = ("office", "eia", "monitoring")
ENTERPRISES_PER_COUNTY = 60
#: The first submission: a Monday morning in Beijing; the week ends in National Day.
FIRST_SUBMITTED = datetime(2026, 9, 28, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
#: Minutes between two submissions' times (2,000 of them span about a week).
SPACING_MINUTES = 5
#: category, needs a visit: the submissions take these in turn.
REQUESTS = (
    ("permit", False),
    ("monitoring", False),
    ("consultation", True),
    ("permit", True),
    ("noise", False),
    ("consultation", False),
    ("inspection", False),
)


def condition(field: str, op: str, value=None) -> dict:
    return {"field": field, "op": op} | ({} if value is None else {"value": value})


def rule(id: str, target: str, days: int, *conditions: dict, **extra) -> dict:
    return {
        "id": id,
        "conditions": list(conditions),
        "target": target,
        "deadline_working_days": days,
        **extra,
    }


#: (the org unit that sets it, the rule): a county's own rules are tried first, then the
#: city's, then the province's, each tier by priority. Some never match, some are passed
#: over (a paired-liaison target for an unpaired enterprise).
RULES = (
    (PROVINCE, rule("visits", "paired_liaison", 10, condition("needs_visit", "eq", True))),
    (
        PROVINCE,
        rule(
            "noise", "department:monitoring", 7, condition("category", "eq", "noise"), priority=50
        ),
    ),
    (PROVINCE, rule("old-form", "department:eia", 5, form_key="legacy-request")),
    (PROVINCE, rule("retired", "department:eia", 5, is_active=False)),
    (
        CITY,
        rule(
            "permits",
            "department:eia",
            5,
            condition("category", "eq", "permit"),
            condition("needs_visit", "ne", True),
            form_key=FORM_KEY,
        ),
    ),
    (
        CITY,
        rule(
            "monitoring",
            "department:monitoring",
            3,
            condition("category", "in", ["monitoring", "inspection"]),
            form_key=FORM_KEY,
        ),
    ),
    (
        CITY,
        rule(
            "urgent", "department:office", 1, condition("subject", "contains", "紧急"), priority=10
        ),
    ),
    (CITY, rule("attached", "department:eia", 5, condition("attachment", "exists"), priority=20)),
    (
        "330106",
        rule(
            "xihu-permits",
            "department:monitoring",
            4,
            condition("category", "eq", "permit"),
            form_key=FORM_KEY,
        ),
    ),
    (
        "330106",
        rule(
            "xihu-noise",
            "department:office",
            2,
            condition("category", "in", ["noise", "dust"]),
            priority=5,
        ),
    ),
    (
        "330108",
        rule(
            "binjiang-visits", "county_default_department", 6, condition("needs_visit", "eq", True)
        ),
    ),
)


# The world -----------------------------------------------------------------------------


def org_unit_events() -> list[dict]:
    """directory.org_unit.created data of the province, the city, its counties and their
    departments (the office is each county's default department)."""
    units = [
        _unit(PROVINCE, None, "province", PROVINCE),
        _unit(CITY, PROVINCE, "city", f"{PROVINCE}/{CITY}"),
    ]
    for county in COUNTIES:
        path = f"{PROVINCE}/{CITY}/{county}"
        units.append(_unit(county, CITY, "county", path))
        for code in DEPARTMENTS:
            unit_id = f"{county}-{code}"
            units.append(
                _unit(unit_id, county, "department", f"{path}/{unit_id}", code == "office")
            )
    return units


def _unit(unit_id: str, parent: str | None, kind: str, path: str, default: bool = False) -> dict:
    return {
        "id": unit_id,
        "name": f"单位 {unit_id}",
        "name_en": f"Unit {unit_id}",
        "kind": kind,
        "parent_id": parent,
        "path": path,
        "is_default_department": default,
    }


def person_events() -> list[dict]:
    """directory.person.created data: the administrators, liaisons and staff."""
    people = [
        _person("province", ("province_admin",), PROVINCE, PROVINCE),
        _person("city", ("city_admin",), CITY, f"{PROVINCE}/{CITY}"),
    ]
    for county in COUNTIES:
        path = f"{PROVINCE}/{CITY}/{county}"
        people.append(_person(f"admin-{county}", ("county_admin",), county, path))
        for number in (1, 2):
            people.append(_person(f"liaison-{county}-{number}", ("liaison",), county, path))
        for code in DEPARTMENTS:
            unit_id = f"{county}-{code}"
            people.append(
                _person(f"staff-{unit_id}", ("department_staff",), unit_id, f"{path}/{unit_id}")
            )
    return people


def _person(username: str, roles: tuple, org_unit_id: str, path: str) -> dict:
    return {
        "id": f"p-{username}",
        "username": username,
        "name": f"Name of {username}",
        "email": f"{username}@example.test",
        "roles": list(roles),
        "org_unit_id": org_unit_id,
        "org_path": path,
        "enterprise_id": None,
    }


def enterprise_id(county: str, number: int) -> str:
    return f"ent-{county}-{number:03d}"


def enterprise_events() -> list[dict]:
    """directory.enterprise.registered data of every county's enterprises."""
    from shared.credit_code import generate_credit_code

    return [
        {
            "id": enterprise_id(county, number),
            "name": f"杭州测试企业{county}{number:03d}有限公司",
            "credit_code": generate_credit_code(county, number + 1),
            "county_id": county,
            "org_path": f"{PROVINCE}/{CITY}/{county}",
            "scale": ("large", "medium", "small", "micro")[number % 4],
            "types": ["traditional"],
        }
        for county in COUNTIES
        for number in range(ENTERPRISES_PER_COUNTY)
    ]


def submission(index: int) -> dict:
    """The forms.submission.received data of submission ``index`` (the same every run)."""
    county = COUNTIES[index % len(COUNTIES)]
    number = (index // len(COUNTIES)) % ENTERPRISES_PER_COUNTY
    category, needs_visit = REQUESTS[index % len(REQUESTS)]
    return {
        "submission_id": f"bench-{index:07d}",
        "form_id": "form-enterprise-request",
        "form_key": FORM_KEY,
        "form_version": 1,
        "title": f"关于{category}的请求 {index}",
        "acceptance_number": f"SL-{county}-{index:07d}",
        "enterprise_id": enterprise_id(county, number),
        "submitted_by": f"p-user-{county}-{number:03d}",
        "org_path": f"{PROVINCE}/{CITY}/{county}",
        "data": {
            "subject": f"{category} {index}",
            "category": category,
            "details": "许可证将于下月到期，请协助办理延续手续。",
            "contact_person": "刘主任",
            "contact_phone": "13800000000",
            "needs_visit": needs_visit,
        },
    }


def submitted_at(index: int) -> datetime:
    return FIRST_SUBMITTED + timedelta(minutes=index * SPACING_MINUTES)


def messages(first: int, count: int) -> list[dict]:
    """The submissions ``first`` .. ``first + count - 1`` as their events come off the
    wire (JSON-decoded envelopes)."""
    from shared.messaging.envelope import new_envelope

    decoded = []
    for index in range(first, first + count):
        data = submission(index)
        envelope = new_envelope("forms.submission.received", data, tenant=data["org_path"])
        envelope["occurred_at"] = submitted_at(index).isoformat()
        decoded.append(json.loads(json.dumps(envelope)))
    return decoded


# The two databases ---------------------------------------------------------------------


def settings_for(database_url: str):
    from shared.config import Settings

    return Settings(database_url=database_url, secret_key="bench-tickets")


def prepare(event_url: str, bare_url: str):
    """Migrate workflow on both databases and build the world in the first; copy its
    service accounts into the second (the tickets' foreign key). Returns both runtimes."""
    from services.workflow.adapters import orm
    from services.workflow.bootstrap import bootstrap
    from shared.messaging.envelope import new_envelope

    runtime, bare = bootstrap(settings_for(event_url)), bootstrap(settings_for(bare_url))
    runtime.migrate()
    bare.migrate()
    consumer = runtime.consumer
    for type, items in (
        ("directory.org_unit.created", org_unit_events()),
        ("directory.person.created", person_events()),
        ("directory.enterprise.registered", enterprise_events()),
    ):
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            consumer.handle_batch([new_envelope(type, data, tenant=PROVINCE) for data in batch])
    runtime.execute(_pair_and_set_rules)
    with runtime.engine.connect() as source, bare.engine.begin() as target:
        accounts = [row._asdict() for row in source.execute(select(orm.service_accounts))]
        target.execute(insert(orm.service_accounts), accounts)
    return runtime, bare


def _pair_and_set_rules(uow) -> None:
    from services.workflow import handlers
    from services.workflow.domain.commands import CreatePairing, CreateRoutingRule

    year = FIRST_SUBMITTED.year
    for county in COUNTIES:
        admin = _administrator(f"admin-{county}", "county_admin", county)
        for number in range(0, ENTERPRISES_PER_COUNTY, 2):
            data = {
                "enterprise_id": enterprise_id(county, number),
                "liaison_person_id": f"p-liaison-{county}-{1 + number % 4 // 2}",
                "year": year,
            }
            handlers.create_pairing(CreatePairing(data, admin), uow)
    setters = {
        PROVINCE: _administrator("province", "province_admin", PROVINCE),
        CITY: _administrator("city", "city_admin", CITY),
    }
    for setter, data in RULES:
        actor = setters.get(setter) or _administrator(f"admin-{setter}", "county_admin", setter)
        handlers.create_routing_rule(CreateRoutingRule(data, actor), uow)


def _administrator(username: str, role: str, org_unit_id: str):
    from shared.auth import Principal

    path = {PROVINCE: PROVINCE, CITY: f"{PROVINCE}/{CITY}"}.get(
        org_unit_id, f"{PROVINCE}/{CITY}/{org_unit_id}"
    )
    return Principal(f"p-{username}", username, username, (role,), path, org_unit_id)


# The phases ------------------------------------------------------------------------------


def open_through_the_event_path(runtime, decoded: list[dict]) -> float:
    """Hand ``decoded`` to workflow's consumer in batches; returns the seconds it took."""
    consumer = runtime.consumer
    started = time.perf_counter()
    for start in range(0, len(decoded), BATCH):
        outcomes = consumer.handle_batch(decoded[start : start + BATCH])
        if any(outcomes):
            raise RuntimeError(f"workflow refused a submission: {outcomes}")
    return time.perf_counter() - started


@dataclass
class Added:
    """The rows opening some tickets added, per table (without autoincremented keys)."""

    tickets: list[dict]
    history: list[dict]
    routing_inputs: list[dict]
    outbox: list[dict]
    processed: list[dict]

    def batches(self, parts: int) -> Iterator[dict[str, list[dict]]]:
        """The rows in ``parts`` transactions' worth: each table's rows split alike."""
        split = {name: chunks(rows, parts) for name, rows in vars(self).items()}
        for part in range(parts):
            yield {name: pieces[part] for name, pieces in split.items()}


def chunks(rows: Sequence, parts: int) -> list[list]:
    """``rows`` in ``parts`` consecutive pieces whose sizes differ by one at most."""
    size, rest = divmod(len(rows), parts)
    pieces, start = [], 0
    for part in range(parts):
        end = start + size + (1 if part < rest else 0)
        pieces.append(list(rows[start:end]))
        start = end
    return pieces


def rows_added(runtime, decoded: list[dict], outbox_after: int) -> Added:
    """The rows the event path wrote for ``decoded`` (outbox rows past ``outbox_after``)."""
    from services.workflow.adapters import orm

    outbox, processed, _failed = orm.messaging_tables
    submission_ids = [message["data"]["submission_id"] for message in decoded]
    event_ids = [message["id"] for message in decoded]
    tickets, history = orm.tickets, orm.ticket_history
    opened = select(tickets.c.id).where(tickets.c.submission_id.in_(submission_ids))
    with runtime.engine.connect() as conn:

        def read(query, skip: str | None = None) -> list[dict]:
            return [
                {key: value for key, value in row._asdict().items() if key != skip}
                for row in conn.execute(query)
            ]

        return Added(
            tickets=read(
                select(tickets)
                .where(tickets.c.submission_id.in_(submission_ids))
                .order_by(tickets.c.submission_id)
            ),
            history=read(
                select(history).where(history.c.ticket_id.in_(opened)).order_by(history.c.id),
                skip="id",
            ),
            routing_inputs=read(
                select(orm.routing_inputs)
                .where(orm.routing_inputs.c.submission_id.in_(submission_ids))
                .order_by(orm.routing_inputs.c.submission_id)
            ),
            outbox=read(
                select(outbox).where(outbox.c.position > outbox_after).order_by(outbox.c.position),
                skip="position",
            ),
            processed=read(select(processed).where(processed.c.event_id.in_(event_ids))),
        )


def last_outbox_position(runtime) -> int:
    from services.workflow.adapters import orm

    outbox = orm.messaging_tables[0]
    with runtime.engine.connect() as conn:
        return conn.execute(select(func.coalesce(func.max(outbox.c.position), 0))).scalar_one()


def insert_bare(bare, added: Added, transactions: int) -> float:
    """Insert ``added`` into the bare database in ``transactions`` transactions; returns
    the seconds it took."""
    from services.workflow.adapters import orm

    outbox, processed, _failed = orm.messaging_tables
    tables = {
        "tickets": orm.tickets,
        "history": orm.ticket_history,
        "routing_inputs": orm.routing_inputs,
        "outbox": outbox,
        "processed": processed,
    }
    batches = list(added.batches(transactions))
    started = time.perf_counter()
    for batch in batches:
        with bare.engine.begin() as conn:
            for name, table in tables.items():
                if batch[name]:
                    conn.execute(insert(table), batch[name])
    return time.perf_counter() - started


@dataclass(frozen=True)
class Round:
    """One round's tickets and each phase's seconds."""

    tickets: int
    seconds: dict[str, float]

    def rate(self, phase: str) -> float:
        seconds = self.seconds[phase]
        return self.tickets / seconds if seconds else 0.0

    @property
    def ratio(self) -> float:
        """The event path's tickets per second over the bare insert's."""
        bare = self.rate("bare insert")
        return self.rate("event path") / bare if bare else 0.0


def run_round(runtime, bare, first: int, count: int) -> tuple[Round, Added]:
    """Open submissions ``first`` .. ``first + count - 1`` through the event path, then
    insert the same rows into the bare database."""
    decoded = messages(first, count)
    outbox_after = last_outbox_position(runtime)
    event_seconds = open_through_the_event_path(runtime, decoded)
    added = rows_added(runtime, decoded, outbox_after)
    if len(added.tickets) != count:
        raise RuntimeError(f"{count} submissions opened {len(added.tickets)} tickets")
    transactions = -(-count // BATCH)
    bare_seconds = insert_bare(bare, added, transactions)
    seconds = {"event path": event_seconds, "bare insert": bare_seconds}
    return Round(count, seconds), added


# Routing decisions -------------------------------------------------------------------------


TIERS = {PROVINCE: "province", CITY: "city"}


def routing_summary(opening_details: list[dict]) -> Counter:
    """How the tickets were routed, from their opening history rows' details: by the
    rules of which tier (county, city, province), or by the fallback to the paired
    liaison or the county's default department."""
    tiers = {data["id"]: TIERS.get(setter, "county") for setter, data in RULES}
    summary: Counter = Counter()
    for details in opening_details:
        rule_id = details.get("rule_id")
        if rule_id is not None:
            summary[f"{tiers.get(rule_id, 'county')} rule"] += 1
        elif details.get("assignee_person_id"):
            summary["fallback: paired liaison"] += 1
        else:
            summary["fallback: default department"] += 1
    return summary


def routing_line(summary: Counter) -> str:
    total = sum(summary.values()) or 1
    order = (
        "county rule",
        "city rule",
        "province rule",
        "fallback: paired liaison",
        "fallback: default department",
    )
    return "routed by: " + ", ".join(
        f"{name} {summary[name] * 100 / total:.0f} %" for name in order if summary[name]
    )


# The report -------------------------------------------------------------------------------


def report(database: str, rounds: list[Round], summary: Counter) -> list[str]:
    """The printed lines of one database: each phase's median round, the routing, the
    ratio in each round and their median."""
    lines = [
        f"{database}: {rounds[0].tickets:,} tickets per round, {len(rounds)} rounds, "
        f"transactions of {BATCH}",
        f"  {'phase':<14}{'tickets':>9}{'seconds':>9}{'tickets/s':>11}{'ms/ticket':>11}",
    ]
    for phase in PHASES:
        middle = median_round(rounds, phase)
        seconds = middle.seconds[phase]
        lines.append(
            f"  {phase:<14}{middle.tickets:>9,}{seconds:>9.2f}{middle.rate(phase):>11,.0f}"
            f"{seconds * 1000 / middle.tickets:>11.2f}"
        )
    ratios = [one.ratio for one in rounds]
    median = statistics.median(ratios)
    lines += [
        f"  {routing_line(summary)}",
        "  event path / bare insert, tickets/s in each round: "
        + ", ".join(f"{ratio:.3f}" for ratio in ratios),
        f"  event path / bare insert: {median:.3f} (median; the bare insert "
        f"{1 / median if median else 0:.0f}× as fast)",
    ]
    return lines


def median_round(rounds: list[Round], phase: str) -> Round:
    """The round with the median rate of ``phase`` (the lower middle one of an even count)."""
    ordered = sorted(rounds, key=lambda one: one.rate(phase))
    return ordered[(len(ordered) - 1) // 2]


# Running it -------------------------------------------------------------------------------


def measure(
    event_url: str, bare_url: str, tickets: int, rounds: int, warmup: int = WARMUP
) -> tuple[list[Round], Counter]:
    """Prepare both databases, open ``warmup`` tickets unmeasured, then measure ``rounds``
    rounds of ``tickets``; returns the rounds and how their tickets were routed."""
    runtime, bare = prepare(event_url, bare_url)
    try:
        if warmup:
            run_round(runtime, bare, 0, warmup)
        measured, summary = [], Counter()
        for number in range(rounds):
            one, added = run_round(runtime, bare, warmup + number * tickets, tickets)
            measured.append(one)
            openings = [row["details"] for row in added.history if row["action"] == "open"]
            summary += routing_summary(openings)
        return measured, summary
    finally:
        runtime.engine.dispose()
        bare.engine.dispose()


@contextlib.contextmanager
def databases(kind: str, workdir: Path) -> Iterator[tuple[str, str]]:
    """Two empty databases of ``kind``: SQLite directories under ``workdir``, or fresh
    PostgreSQL databases on the tests' server (dropped afterwards)."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'event-path'}", f"sqlite:///{workdir / 'bare'}"
        return
    from shared.testing.layout import database
    from shared.testing.plugin import POSTGRES_ADMIN_URL

    with (
        database(POSTGRES_ADMIN_URL, prefix="qinqing_bench") as event_url,
        database(POSTGRES_ADMIN_URL, prefix="qinqing_bench") as bare_url,
    ):
        yield event_url, bare_url


def postgresql_reachable() -> bool:
    from shared.testing.plugin import POSTGRES_ADMIN_URL, port_open

    return port_open(POSTGRES_ADMIN_URL, 5432)


HEADING = (
    "Tickets opened and routed through workflow's event path (forms.submission.received "
    "→ routed, numbered, deadline, history, outbox, processed), against a bare insert "
    "of the same rows"
)


def run_on(kind: str, tickets: int, rounds: int, workdir: Path, warmup: int = WARMUP) -> list[str]:
    """Measure on one database (``sqlite`` or ``postgresql``); returns its report's lines."""
    if kind == "postgresql" and not postgresql_reachable():
        return ["postgresql: not reachable (QINQING_TEST_POSTGRES_URL), skipped"]
    with databases(kind, workdir / kind) as (event_url, bare_url):
        measured, summary = measure(event_url, bare_url, tickets, rounds, warmup)
    return report(kind, measured, summary)


def run(
    tickets: int, rounds: int, kinds: Sequence[str], workdir: Path, warmup: int = WARMUP
) -> list[str]:
    """Measure on each database of ``kinds``; returns the report's lines."""
    lines = [HEADING]
    for kind in kinds:
        lines += run_on(kind, tickets, rounds, workdir, warmup)
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=DEFAULT_TICKETS, help="per round")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    parser.add_argument(
        "--databases",
        default=",".join(DATABASES),
        help="comma-separated: sqlite, postgresql",
    )
    options = parser.parse_args(argv)
    kinds = [kind.strip() for kind in options.databases.split(",") if kind.strip()]
    unknown = sorted(set(kinds) - set(DATABASES))
    if unknown:
        parser.error(f"unknown database {unknown[0]!r}: choose among {', '.join(DATABASES)}")
    print(HEADING, flush=True)
    with tempfile.TemporaryDirectory(prefix="qinqing-bench-tickets-") as workdir:
        for kind in kinds:
            for line in run_on(kind, options.tickets, options.rounds, Path(workdir)):
                print(line, flush=True)


if __name__ == "__main__":
    main()
