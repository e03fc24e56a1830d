"""Workflow's repositories: the only code that queries its tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy import and_, case, delete, exists, false, func, insert, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.workflow.adapters.orm import (
    calendar_overrides,
    deadline_alerts,
    org_units,
    pairings,
    routing_inputs,
    routing_rules,
    service_accounts,
    ticket_history,
    ticket_parts,
    ticket_sequences,
    tickets,
)
from services.workflow.domain import ticket_query as tq
from services.workflow.domain.access import TicketScope
from services.workflow.domain.calendar import LOCAL_ZONE, CalendarOverride, WorkingCalendar
from services.workflow.domain.deadlines import ESCALATED, OVERDUE, REMINDER
from services.workflow.domain.handover import OrgChart
from services.workflow.domain.known import Enterprise, Form, OrgUnit, Person
from services.workflow.domain.model import (
    CLOSED,
    HELD,
    PART_ACCEPTED,
    PART_INVITED,
    RESOLVED,
    SUSPENDED,
    Pairing,
    ServiceAccount,
    Ticket,
)
from services.workflow.domain.routing import Condition, RoutingRule, effective_rules
from shared.db import in_subtree
from shared.org_paths import ancestors_and_self


class SqlKnownRepository:
    """Workflow's copies of directory's org units, people and enterprises."""

    def __init__(self, session: Session):
        self.session = session

    def add(self, item) -> None:
        self.session.add(item)

    def org_unit(self, org_unit_id: str) -> OrgUnit | None:
        return self.session.get(OrgUnit, org_unit_id)

    def default_department_of(self, county_id: str) -> OrgUnit | None:
        query = select(OrgUnit).where(
            OrgUnit.parent_id == county_id, OrgUnit.is_default_department.is_(True)
        )
        return self.session.scalars(query.order_by(OrgUnit.id)).first()

    def department_in(self, path: str, code: str) -> OrgUnit | None:
        """A department with the short code ``code`` ("eia") in the subtree of ``path``."""
        query = select(OrgUnit).where(
            OrgUnit.kind == "department",
            in_subtree(OrgUnit.path, path),
            OrgUnit.id.endswith(f"-{code}", autoescape=True),
        )
        return self.session.scalars(query.order_by(OrgUnit.path)).first()

    def org_units_at(self, paths: Iterable[str]) -> dict[str, OrgUnit]:
        """The known org units at ``paths``, by path."""
        wanted = set(paths)
        if not wanted:
            return {}
        query = select(OrgUnit).where(OrgUnit.path.in_(wanted))
        return {unit.path: unit for unit in self.session.scalars(query)}

    def chart(self, *paths: str | None) -> OrgChart:
        """The kinds of the units at and above each of ``paths``: enough to find their
        bureaus."""
        wanted = {above for path in paths if path for above in ancestors_and_self(path)}
        query = select(OrgUnit.path, OrgUnit.kind).where(OrgUnit.path.in_(wanted))
        return OrgChart(dict(self.session.execute(query).all()) if wanted else {})

    def person(self, person_id: str) -> Person | None:
        return self.session.get(Person, person_id)

    def person_by_username(self, username: str) -> Person | None:
        return self.session.scalars(select(Person).where(Person.username == username)).first()

    def enterprise(self, enterprise_id: str) -> Enterprise | None:
        return self.session.get(Enterprise, enterprise_id)

    def enterprise_by_credit_code(self, code: str) -> Enterprise | None:
        query = select(Enterprise).where(Enterprise.credit_code == code)
        return self.session.scalars(query).first()

    def names_of_people(self, ids: Iterable[str | None]) -> dict[str, str]:
        wanted = {i for i in ids if i}
        query = select(Person.id, Person.name).where(Person.id.in_(wanted))
        return dict(self.session.execute(query).all()) if wanted else {}

    def org_units_by_id(self, ids: Iterable[str | None]) -> dict[str, OrgUnit]:
        wanted = {i for i in ids if i}
        if not wanted:
            return {}
        return {
            u.id: u for u in self.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(wanted)))
        }

    def units_of_bureaus(self, bureau_paths: Iterable[str]) -> list[OrgUnit]:
        """The bureaus at ``bureau_paths`` and their departments, ordered by path."""
        paths = list(bureau_paths)
        bureau_ids = select(OrgUnit.id).where(OrgUnit.path.in_(paths))
        query = select(OrgUnit).where(
            or_(
                OrgUnit.path.in_(paths),
                and_(OrgUnit.kind == "department", OrgUnit.parent_id.in_(bureau_ids)),
            )
        )
        return list(self.session.scalars(query.order_by(OrgUnit.path)))

    def staff_of_units(self, unit_ids: Iterable[str]) -> dict[str, list[Person]]:
        """The people on the staff of each of the units (enterprise users are not), by
        name."""
        wanted = set(unit_ids)
        if not wanted:
            return {}
        query = select(Person).where(Person.org_unit_id.in_(wanted)).order_by(Person.name)
        staff: dict[str, list[Person]] = {}
        for person in self.session.scalars(query):
            if "enterprise_user" not in person.roles:
                staff.setdefault(person.org_unit_id, []).append(person)
        return staff

    def names_of_enterprises(self, ids: Iterable[str | None]) -> dict[str, str]:
        wanted = {i for i in ids if i}
        query = select(Enterprise.id, Enterprise.name).where(Enterprise.id.in_(wanted))
        return dict(self.session.execute(query).all()) if wanted else {}

    def roles_by_unit(self, unit_ids: Iterable[str]) -> dict[str, set[str]]:
        """For each of ``unit_ids`` with people in it, the roles its people hold together."""
        wanted = set(unit_ids)
        query = select(Person.org_unit_id, Person.roles).where(Person.org_unit_id.in_(wanted))
        roles: dict[str, set[str]] = {}
        for unit_id, held in self.session.execute(query) if wanted else ():
            roles.setdefault(unit_id, set()).update(held or ())
        return roles

    def org_units_in(self, path: str) -> list[OrgUnit]:
        """The org units in the subtree of ``path`` (itself included), by path."""
        query = select(OrgUnit).where(in_subtree(OrgUnit.path, path)).order_by(OrgUnit.path)
        return list(self.session.scalars(query))

    def org_units_on(self, path: str) -> list[OrgUnit]:
        """The org units from the root down to the one at ``path``."""
        query = select(OrgUnit).where(OrgUnit.path.in_(ancestors_and_self(path)))
        return list(self.session.scalars(query.order_by(OrgUnit.path)))

    def people_in(self, path: str) -> list[Person]:
        """The staff (not enterprise users) of the subtree of ``path``, by name."""
        query = select(Person).where(
            in_subtree(Person.org_path, path), Person.enterprise_id.is_(None)
        )
        return list(self.session.scalars(query.order_by(Person.name, Person.id)))

    def enterprises_in(self, path: str) -> list[Enterprise]:
        """The enterprises of the subtree of ``path``, by name."""
        query = select(Enterprise).where(in_subtree(Enterprise.org_path, path))
        return list(self.session.scalars(query.order_by(Enterprise.name, Enterprise.id)))

    def form(self, form_id: str) -> Form | None:
        return self.session.get(Form, form_id)

    def forms_for(self, path: str) -> list[Form]:
        """The forms that apply at ``path`` (set there or above) or are set below it."""
        query = select(Form).where(
            or_(Form.org_path.in_(ancestors_and_self(path)), in_subtree(Form.org_path, path))
        )
        return list(self.session.scalars(query.order_by(Form.org_path, Form.key)))


class SqlWorkflowRepository:
    """Service accounts, tickets, pairings, routing rules and ticket number sequences."""

    def __init__(self, session: Session):
        self.session = session

    def add(self, item) -> None:
        self.session.add(item)

    def account_of(self, enterprise_id: str) -> ServiceAccount | None:
        query = select(ServiceAccount).where(ServiceAccount.enterprise_id == enterprise_id)
        return self.session.scalars(query).first()

    def ticket(self, ticket_id: str) -> Ticket | None:
        return self.session.get(Ticket, ticket_id)

    def ticket_for_submission(self, submission_id: str) -> Ticket | None:
        query = select(Ticket).where(Ticket.submission_id == submission_id)
        return self.session.scalars(query).first()

    def tickets(self, scope: TicketScope, *, open_only: bool = False) -> list[Ticket]:
        """The tickets in ``scope``, newest first; without closed ones if ``open_only``."""
        query = select(Ticket).where(_scope_condition(scope))
        if open_only:
            query = query.where(Ticket.status != CLOSED)
        return list(self.session.scalars(query.order_by(Ticket.opened_at.desc(), Ticket.id)))

    def ticket_page(
        self,
        scope: TicketScope,
        owner: tq.QueueOwner | None,
        query: tq.TicketQuery,
        now: datetime,
    ) -> tuple[list[Ticket], int]:
        """One page of the tickets in ``query``'s queue (every visible ticket when it has
        none) that match its search and filters, in its order, and how many match in all.

        :param scope: what the viewer may see.
        :param owner: whose queues (None for an enterprise user: it has none).
        """
        # Every queue lies within what the viewer sees, so a listed ticket always opens.
        visible = _scope_condition(scope)
        condition = and_(
            visible,
            _queue_condition(query.queue, owner, now),
            *_filter_conditions(query, now),
        )
        total = self.session.execute(
            select(func.count()).select_from(tickets).where(condition)
        ).scalar_one()
        page = (
            select(Ticket)
            .where(condition)
            .order_by(*_order(query))
            .limit(query.per_page)
            .offset(query.offset)
        )
        return list(self.session.scalars(page)), total

    def ticket_numbers(self, scope: TicketScope, ticket_ids: Iterable[str]) -> dict[str, str]:
        """The numbers of those of ``ticket_ids`` in ``scope``, by id."""
        wanted = set(ticket_ids)
        if not wanted:
            return {}
        query = select(tickets.c.id, tickets.c.number).where(
            tickets.c.id.in_(wanted), _scope_condition(scope)
        )
        return dict(self.session.execute(query).all())

    def queue_counts(
        self, scope: TicketScope, owner: tq.QueueOwner, queues: Iterable[str], now: datetime
    ) -> dict[str, int]:
        """How many visible tickets each of ``queues`` holds, in one statement."""
        queues = list(queues)
        columns = [
            func.coalesce(func.sum(case((_queue_condition(q, owner, now), 1), else_=0)), 0)
            for q in queues
        ]
        query = select(*columns).select_from(tickets).where(_scope_condition(scope))
        return dict(zip(queues, self.session.execute(query).one(), strict=True))

    def holder_units(self, scope: TicketScope) -> list[OrgUnit]:
        """The org units that hold the visible tickets (a person's unit for a ticket held
        in person), ordered by path."""
        visible = _scope_condition(scope)
        by_id = select(tickets.c.assignee_org_unit_id).where(
            visible, tickets.c.assignee_org_unit_id.is_not(None)
        )
        by_path = select(tickets.c.holder_path).where(
            visible, tickets.c.assignee_org_unit_id.is_(None)
        )
        query = select(OrgUnit).where(
            or_(OrgUnit.id.in_(by_id.distinct()), OrgUnit.path.in_(by_path.distinct()))
        )
        return list(self.session.scalars(query.order_by(OrgUnit.path)))

    def categories(self, scope: TicketScope) -> dict[str, list]:
        """The matter categories of the visible tickets, each with the answers of one of
        its tickets (where the category's label in the form's words can be found)."""
        visible = _scope_condition(scope)
        sample = (
            select(tickets.c.category, func.min(tickets.c.id).label("ticket_id"))
            .where(visible, tickets.c.category.is_not(None))
            .group_by(tickets.c.category)
            .subquery()
        )
        query = (
            select(sample.c.category, tickets.c.answers)
            .join(tickets, tickets.c.id == sample.c.ticket_id)
            .order_by(sample.c.category)
        )
        return {row.category: row.answers or [] for row in self.session.execute(query)}

    # The deadline sweep -----------------------------------------------------------------

    def deadline_candidates(
        self,
        *,
        remind_until: datetime,
        overdue_until: datetime,
        escalate_until: datetime,
        after: tuple | None,
        limit: int,
    ) -> list[tuple[datetime, str]]:
        """Keys (deadline, id) of tickets being handled that may owe an alert, in order,
        after the key ``after``: due by ``remind_until`` without a reminder for their
        deadline, past ``overdue_until`` without an overdue notice, or past
        ``escalate_until`` (a lower bound: the sweep checks on the calendar) without an
        escalation. Nothing is locked: :meth:`claim_ticket` locks each in turn."""
        owed = or_(
            ~_alert_sent(REMINDER),
            and_(Ticket.due_at < overdue_until, ~_alert_sent(OVERDUE)),
            and_(Ticket.due_at <= escalate_until, ~_alert_sent(ESCALATED)),
        )
        query = select(Ticket.due_at, Ticket.id).where(
            Ticket.status.in_(HELD), Ticket.due_at <= remind_until, owed
        )
        return self._page(query, Ticket.due_at, after, limit)

    def confirm_candidates(self, at: datetime, after: tuple | None, limit: int) -> list[tuple]:
        """Keys (confirmation deadline, id) of resolved tickets the enterprise did not
        confirm by ``at``, in order, after the key ``after``."""
        query = select(Ticket.confirm_due_at, Ticket.id).where(
            Ticket.status == RESOLVED, Ticket.confirm_due_at <= at
        )
        return self._page(query, Ticket.confirm_due_at, after, limit)

    def resume_candidates(self, today: date, after: tuple | None, limit: int) -> list[tuple]:
        """Keys (date to resume, id) of suspended tickets to resume by ``today``, in order,
        after the key ``after``."""
        query = select(Ticket.resume_on, Ticket.id).where(
            Ticket.status == SUSPENDED, Ticket.resume_on <= today
        )
        return self._page(query, Ticket.resume_on, after, limit)

    def _page(self, query, column, after: tuple | None, limit: int) -> list[tuple]:
        if after is not None:
            moment, ticket_id = after
            query = query.where(or_(column > moment, and_(column == moment, Ticket.id > ticket_id)))
        query = query.order_by(column, Ticket.id).limit(limit)
        return [tuple(row) for row in self.session.execute(query)]

    def claim_ticket(self, ticket_id: str) -> Ticket | None:
        """Load a ticket and lock it until this transaction ends; None when another
        transaction holds it (``SKIP LOCKED`` on PostgreSQL: that sweeper deals with it),
        or it is gone. SQLite has one writer at a time and locks nothing here."""
        query = (
            select(Ticket)
            .where(Ticket.id == ticket_id)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return self.session.scalars(query).first()

    def sent_alerts(self, ticket_id: str, due_at: datetime) -> set[str]:
        """The kinds of alert already sent for the ticket's deadline ``due_at``."""
        query = select(deadline_alerts.c.kind).where(
            deadline_alerts.c.ticket_id == ticket_id, deadline_alerts.c.due_at == due_at
        )
        return set(self.session.scalars(query))

    def add_alerts(
        self, ticket_id: str, kinds: list[str], due_at: datetime, sent_at: datetime
    ) -> None:
        """Record alerts of the deadline ``due_at`` as sent (one statement); an alert
        recorded already fails on the key (another sweeper was first), which rolls back the
        whole transaction with its events."""
        rows = [
            {"ticket_id": ticket_id, "kind": kind, "due_at": due_at, "sent_at": sent_at}
            for kind in kinds
        ]
        self.session.execute(insert(deadline_alerts), rows)

    def enterprise_names(self, account_ids: Iterable[str]) -> dict[str, str]:
        wanted = set(account_ids)
        query = select(ServiceAccount.id, ServiceAccount.enterprise_name).where(
            ServiceAccount.id.in_(wanted)
        )
        return dict(self.session.execute(query).all()) if wanted else {}

    def next_ticket_sequence(self, county_id: str, day: date) -> int:
        """Hand out the county's next ticket sequence number of ``day``.

        One statement inserts the day's counter or increments it, returning the new value.
        On PostgreSQL a concurrent opener of the same county and day waits on the counter
        row until this transaction ends, then counts on from the committed value, so no
        number is handed out twice.
        """
        dialect = postgresql if self.session.bind.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(ticket_sequences).values(
            county_id=county_id, day=day, last_value=1
        )
        statement = statement.on_conflict_do_update(
            index_elements=[ticket_sequences.c.county_id, ticket_sequences.c.day],
            set_={"last_value": ticket_sequences.c.last_value + 1},
        ).returning(ticket_sequences.c.last_value)
        return self.session.execute(statement).scalar_one()

    def active_pairing(self, enterprise_id: str, year: int) -> Pairing | None:
        query = select(Pairing).where(
            Pairing.enterprise_id == enterprise_id,
            Pairing.year == year,
            Pairing.is_active.is_(True),
        )
        return self.session.scalars(query).first()

    def paired_enterprise_years(self, person_id: str) -> list[tuple[str, int]]:
        """(enterprise id, year) of the active pairings naming ``person_id`` as liaison or
        contact leader."""
        query = select(Pairing.enterprise_id, Pairing.year).where(
            Pairing.is_active.is_(True),
            or_(
                Pairing.liaison_person_id == person_id,
                Pairing.contact_leader_person_id == person_id,
            ),
        )
        return [(row.enterprise_id, row.year) for row in self.session.execute(query)]

    def pairing(self, pairing_id: str) -> Pairing | None:
        return self.session.get(Pairing, pairing_id)

    def pairings(
        self,
        under_path: str | None = None,
        person_id: str | None = None,
        year: int | None = None,
    ):
        """Pairings of enterprises under ``under_path``, or those naming ``person_id`` as
        liaison or contact leader (of ``year`` if given); newest year first, active ones
        before ended ones."""
        conditions = []
        if under_path is not None:
            conditions.append(in_subtree(Pairing.org_path, under_path))
        if person_id is not None:
            conditions.append(Pairing.liaison_person_id == person_id)
            conditions.append(Pairing.contact_leader_person_id == person_id)
        query = select(Pairing).where(or_(false(), *conditions))
        if year is not None:
            query = query.where(Pairing.year == year)
        order = (Pairing.year.desc(), Pairing.is_active.desc(), Pairing.org_path, Pairing.id)
        return list(self.session.scalars(query.order_by(*order)))

    def pairing_years(self, under_path: str | None = None, person_id: str | None = None):
        """The years that have pairings (as :meth:`pairings` selects them), newest first."""
        return sorted({p.year for p in self.pairings(under_path, person_id)}, reverse=True)

    def routing_rule_exists(self, org_unit_id: str, rule_id: str) -> bool:
        query = select(func.count()).where(
            routing_rules.c.org_unit_id == org_unit_id, routing_rules.c.id == rule_id
        )
        return self.session.execute(query).scalar_one() > 0

    def add_routing_rule(self, rule: RoutingRule, **scope) -> None:
        """Store ``rule`` for the org unit in ``scope`` (org_unit_id, org_path, created_by,
        created_at)."""
        self.session.execute(insert(routing_rules).values(**_rule_row(rule), **scope))

    def routing_rule_row(self, org_unit_id: str, rule_id: str) -> dict | None:
        query = select(routing_rules).where(
            routing_rules.c.org_unit_id == org_unit_id, routing_rules.c.id == rule_id
        )
        row = self.session.execute(query).first()
        return dict(row._mapping) if row else None

    def routing_rules_for(self, county_path: str) -> list[RoutingRule]:
        """The active rules that apply in the county at ``county_path``: its own, its
        city's and the province's, each with its tier (0 for the county's own), without
        those a rule of the same id nearer the county overrides (active or not)."""
        rules = effective_rules(self.routing_rules_above(county_path))
        return [rule for rule in rules if rule.is_active]

    def routing_rules_above(self, path: str) -> list[RoutingRule]:
        """Every rule set at ``path`` or above it, active or not, overridden or not, each
        with its tier relative to ``path``."""
        query = select(routing_rules).where(routing_rules.c.org_path.in_(ancestors_and_self(path)))
        depth = path.count("/")
        return [
            _rule_of(row, tier=depth - row.org_path.count("/"))
            for row in self.session.execute(query)
        ]

    def routing_rules_below(self, path: str) -> list[RoutingRule]:
        """The rules set strictly below ``path``, by the path that set them, then in the
        order they are tried there."""
        query = select(routing_rules).where(
            in_subtree(routing_rules.c.org_path, path), routing_rules.c.org_path != path
        )
        order = (routing_rules.c.org_path, routing_rules.c.priority, routing_rules.c.id)
        return [_rule_of(row, tier=0) for row in self.session.execute(query.order_by(*order))]

    def own_routing_rules(self, org_unit_id: str) -> list[RoutingRule]:
        """The rules the org unit set itself, in the order they are tried."""
        query = select(routing_rules).where(routing_rules.c.org_unit_id == org_unit_id)
        order = (routing_rules.c.priority, routing_rules.c.id)
        return [_rule_of(row, tier=0) for row in self.session.execute(query.order_by(*order))]

    def replace_routing_rule(self, org_unit_id: str, rule: RoutingRule, **change) -> None:
        """Store ``rule`` in place of the org unit's rule of the same id; ``change``
        holds updated_by and updated_at."""
        statement = (
            update(routing_rules)
            .where(routing_rules.c.org_unit_id == org_unit_id, routing_rules.c.id == rule.id)
            .values(**_rule_row(rule), **change)
        )
        self.session.execute(statement)

    def reprioritise_routing_rules(
        self, org_unit_id: str, priorities: dict[str, int], **change
    ) -> None:
        """Give the org unit's rules the priorities in ``priorities`` (id -> priority)."""
        for rule_id, priority in priorities.items():
            statement = (
                update(routing_rules)
                .where(routing_rules.c.org_unit_id == org_unit_id, routing_rules.c.id == rule_id)
                .values(priority=priority, **change)
            )
            self.session.execute(statement)

    def delete_routing_rule(self, org_unit_id: str, rule_id: str) -> None:
        statement = delete(routing_rules).where(
            routing_rules.c.org_unit_id == org_unit_id, routing_rules.c.id == rule_id
        )
        self.session.execute(statement)

    def record_routing_input(self, **row) -> None:
        """Keep what routing saw of a submission (submission_id, form_key, answers,
        enterprise_id, org_path, routed_at); one per submission, like its ticket."""
        self.session.execute(insert(routing_inputs).values(**row))

    def routing_input(self, submission_id: str) -> dict | None:
        query = select(routing_inputs).where(routing_inputs.c.submission_id == submission_id)
        row = self.session.execute(query).first()
        return dict(row._mapping) if row else None

    def replayable_tickets(self, under_path: str, limit: int) -> list[Ticket]:
        """The newest tickets of the subtree of ``under_path`` whose routing input is kept."""
        query = (
            select(Ticket)
            .join(routing_inputs, routing_inputs.c.submission_id == Ticket.submission_id)
            .where(in_subtree(Ticket.org_path, under_path))
            .order_by(Ticket.opened_at.desc(), Ticket.id)
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def routing_rule_rows(self, path: str) -> list[dict]:
        """The rules set in the subtree of ``path`` and those inherited from above it."""
        query = select(routing_rules).where(
            or_(
                in_subtree(routing_rules.c.org_path, path),
                routing_rules.c.org_path.in_(ancestors_and_self(path)),
            )
        )
        order = (routing_rules.c.org_path, routing_rules.c.priority, routing_rules.c.id)
        return [dict(row._mapping) for row in self.session.execute(query.order_by(*order))]

    def calendar_overrides(
        self, since: date | None = None, until: date | None = None
    ) -> list[CalendarOverride]:
        """The calendar overrides of the days after ``since`` up to and including
        ``until`` (either end open when None), in order of day: one query on the key."""
        query = select(calendar_overrides)
        if since is not None:
            query = query.where(calendar_overrides.c.day > since)
        if until is not None:
            query = query.where(calendar_overrides.c.day <= until)
        rows = self.session.execute(query.order_by(calendar_overrides.c.day))
        return [CalendarOverride(**row._mapping) for row in rows]

    def working_calendar(self, since: date) -> WorkingCalendar:
        """The working calendar for counting working days after ``since``: the library's
        days with the overrides from then on (the earlier ones cannot matter)."""
        return WorkingCalendar(self.calendar_overrides(since=since))

    def add_calendar_override(self, override: CalendarOverride) -> bool:
        """Store ``override`` unless its day has one already; whether it was stored.

        One statement, so two people setting the same day at once get one override and
        one refusal, never an error of the database.
        """
        dialect = postgresql if self.session.bind.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(calendar_overrides)
            .values(**asdict(override))
            .on_conflict_do_nothing(index_elements=[calendar_overrides.c.day])
            .returning(calendar_overrides.c.day)
        )
        return self.session.execute(statement).first() is not None

    def remove_calendar_override(self, day: date) -> bool:
        """Remove the override of ``day``; whether there was one."""
        statement = delete(calendar_overrides).where(calendar_overrides.c.day == day)
        return self.session.execute(statement).rowcount > 0


def _alert_sent(kind: str):
    return exists().where(
        deadline_alerts.c.ticket_id == Ticket.id,
        deadline_alerts.c.kind == kind,
        deadline_alerts.c.due_at == Ticket.due_at,
    )


def _scope_condition(scope: TicketScope):
    """SQL for :meth:`TicketScope.allows`: the two must say the same."""
    person, unit, subtree = scope.person_id, scope.org_unit_id, scope.subtree
    if scope.held_only:
        held = []
        if person is not None:
            held.append(Ticket.assignee_person_id == person)
        if unit is not None:
            held.append(Ticket.assignee_org_unit_id == unit)
        return or_(false(), *held)
    grants = []
    if person is not None:
        grants += [
            Ticket.assignee_person_id == person,
            _has_part(ticket_parts.c.person_id == person),
            exists().where(
                ticket_history.c.ticket_id == tickets.c.id, ticket_history.c.actor_id == person
            ),
        ]
    if unit is not None:
        grants += [
            Ticket.assignee_org_unit_id == unit,
            _has_part(ticket_parts.c.org_unit_id == unit),
        ]
    if subtree is not None:
        grants += [
            in_subtree(Ticket.org_path, subtree),
            in_subtree(Ticket.holder_path, subtree),
            _has_part(in_subtree(ticket_parts.c.org_path, subtree)),
        ]
    if scope.enterprise_id is not None:
        grants.append(Ticket.enterprise_id == scope.enterprise_id)
    for enterprise_id, year in scope.paired:
        grants.append(
            and_(
                Ticket.enterprise_id == enterprise_id,
                Ticket.opened_at >= datetime(year, 1, 1, tzinfo=LOCAL_ZONE),
                Ticket.opened_at < datetime(year + 1, 1, 1, tzinfo=LOCAL_ZONE),
            )
        )
    return or_(false(), *grants)


def _held_by(owner: tq.QueueOwner):
    mine = tickets.c.assignee_person_id == owner.person_id
    if owner.unit_id is None:
        return mine
    unit = and_(
        tickets.c.assignee_org_unit_id == owner.unit_id, tickets.c.assignee_person_id.is_(None)
    )
    return or_(mine, unit)


def _open_parts_of(owner: tq.QueueOwner):
    whose = ticket_parts.c.person_id == owner.person_id
    if owner.unit_id is not None:
        whose = or_(whose, ticket_parts.c.org_unit_id == owner.unit_id)
    return select(ticket_parts.c.ticket_id).where(
        whose, ticket_parts.c.status.in_((PART_INVITED, PART_ACCEPTED))
    )


def _handled_by(owner: tq.QueueOwner):
    return select(ticket_history.c.ticket_id).where(
        ticket_history.c.actor_id == owner.person_id, ticket_history.c.action != "open"
    )


def _paired_with(owner: tq.QueueOwner):
    return select(pairings.c.enterprise_id).where(
        pairings.c.year == owner.year,
        pairings.c.is_active.is_(True),
        or_(
            pairings.c.liaison_person_id == owner.person_id,
            pairings.c.contact_leader_person_id == owner.person_id,
        ),
    )


def _queue_condition(queue: str | None, owner: tq.QueueOwner | None, now: datetime):
    """The condition of ``queue`` on top of visibility (true for "area", "all" and none)."""
    status = tickets.c.status
    if owner is None or queue in (None, tq.AREA, tq.ALL):
        return true()
    if queue == tq.TO_DO:
        return and_(status.in_(tq.WORKING), _held_by(owner))
    if queue == tq.COHANDLING:
        return and_(status.not_in(tq.FINISHED), tickets.c.id.in_(_open_parts_of(owner)))
    if queue == tq.HANDLED:
        return tickets.c.id.in_(_handled_by(owner))
    if queue == tq.OVERDUE_QUEUE:
        return _deadline_condition(tq.DEADLINE_OVERDUE, now)
    if queue == tq.AWAITING:
        return status.in_(tq.WITH_ENTERPRISE)
    if queue == tq.SUPERVISED:
        return and_(tickets.c.supervised_by_org_unit_id.is_not(None), status.not_in(tq.FINISHED))
    if queue == tq.COPIED:
        held_by_another = or_(
            tickets.c.assignee_person_id.is_(None),
            tickets.c.assignee_person_id != owner.person_id,
        )
        return and_(tickets.c.enterprise_id.in_(_paired_with(owner)), held_by_another)
    raise ValueError(f"unknown queue {queue!r}")


def _deadline_condition(state: str, now: datetime):
    due_at = tickets.c.due_at
    running = tickets.c.status.in_(tq.CLOCK_RUNS)
    soon = tq.due_soon_limit(now)
    if state == tq.DEADLINE_OVERDUE:
        return and_(running, due_at < now)
    if state == tq.DEADLINE_DUE_SOON:
        return and_(running, due_at >= now, due_at <= soon)
    return and_(running, or_(due_at.is_(None), due_at > soon))


def _filter_conditions(query: tq.TicketQuery, now: datetime) -> list:
    conditions = []
    if query.q:
        needle = query.q.lower()
        named = select(service_accounts.c.id).where(
            func.lower(service_accounts.c.enterprise_name).contains(needle, autoescape=True)
        )
        conditions.append(
            or_(
                func.lower(tickets.c.number).contains(needle, autoescape=True),
                func.lower(tickets.c.title).contains(needle, autoescape=True),
                tickets.c.account_id.in_(named),
            )
        )
    if query.statuses:
        conditions.append(tickets.c.status.in_(query.statuses))
    if query.category:
        conditions.append(tickets.c.category == query.category)
    if query.deadline:
        conditions.append(_deadline_condition(query.deadline, now))
    if query.unit:
        unit_path = select(org_units.c.path).where(org_units.c.id == query.unit)
        conditions.append(
            or_(
                tickets.c.assignee_org_unit_id == query.unit,
                and_(
                    tickets.c.assignee_org_unit_id.is_(None),
                    tickets.c.holder_path.in_(unit_path),
                ),
            )
        )
    return conditions


def _order(query: tq.TicketQuery) -> list:
    column = {
        "deadline": tickets.c.due_at,
        "opened": tickets.c.opened_at,
        "number": tickets.c.number,
    }[query.sort]
    direction = column.desc() if query.descending else column.asc()
    tie = tickets.c.id.desc() if query.descending else tickets.c.id.asc()
    if query.sort == "deadline":
        # A ticket without a deadline comes last either way.
        return [column.is_(None).asc(), direction, tie]
    return [direction, tie]


def _has_part(condition):
    return exists().where(ticket_parts.c.ticket_id == tickets.c.id, condition)


def _rule_row(rule: RoutingRule) -> dict:
    return {
        "id": rule.id,
        "priority": rule.priority,
        "form_key": rule.form_key,
        "conditions": [{"field": c.field, "op": c.op, "value": c.value} for c in rule.conditions],
        "target": rule.target,
        "deadline_working_days": rule.deadline_working_days,
        "is_active": rule.is_active,
    }


def _rule_of(row, tier: int) -> RoutingRule:
    return RoutingRule(
        id=row.id,
        priority=row.priority,
        form_key=row.form_key,
        conditions=[Condition(c["field"], c["op"], c.get("value")) for c in row.conditions],
        target=row.target,
        deadline_working_days=row.deadline_working_days,
        is_active=row.is_active,
        tier=tier,
        org_unit_id=row.org_unit_id,
    )
