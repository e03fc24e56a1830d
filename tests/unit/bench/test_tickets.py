"""The ticket-opening benchmark's own code, on a few dozen tickets on SQLite: it keeps
working, routes by every tier, and its baseline inserts the very rows the event path wrote
(no timings are checked)."""

from collections import Counter

from sqlalchemy import func, select

from bench import tickets as bench
from services.workflow.adapters import orm


def test_the_benchmark_opens_every_ticket_and_prints_the_ratios(tmp_path):
    lines = bench.run(42, 2, ["sqlite"], tmp_path, warmup=0)

    phases = {line[:16].strip(): line.split()[-4] for line in lines if line.startswith("  ")}
    assert (phases["event path"], phases["bare insert"]) == ("42", "42")
    per_round = next(line for line in lines if "in each round" in line)
    assert len(per_round.split(": ")[1].split(", ")) == 2
    assert any(line.strip().startswith("event path / bare insert: ") for line in lines)
    routed = next(line for line in lines if "routed by" in line)
    for way in ("county rule", "city rule", "province rule", "paired liaison", "department"):
        assert way in routed


def test_the_bare_insert_stores_the_rows_the_event_path_wrote(tmp_path):
    runtime, bare = bench.prepare(f"sqlite:///{tmp_path / 'e'}", f"sqlite:///{tmp_path / 'b'}")

    one_round, added = bench.run_round(runtime, bare, 0, 30)

    outbox, processed, _failed = orm.messaging_tables
    for table in (orm.tickets, orm.ticket_history, orm.routing_inputs):
        assert count(runtime, table) == count(bare, table) == 30
    # The event path's database also holds the world: directory's events processed, the
    # pairings announced.
    assert count(bare, processed) == len(added.processed) == 30
    assert count(bare, outbox) == len(added.outbox) == 30
    assert {row["routing_key"] for row in added.outbox} == {"workflow.ticket.opened"}
    assert set(one_round.seconds) == set(bench.PHASES)
    runtime.engine.dispose()
    bare.engine.dispose()


def count(runtime, table) -> int:
    with runtime.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_rows_split_into_transactions_of_nearly_equal_size():
    assert bench.chunks(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert bench.chunks([], 2) == [[], []]


def test_a_round_compares_the_event_path_with_the_bare_insert_of_the_same_round():
    rounds = [
        bench.Round(100, {"event path": 2.0, "bare insert": 0.2}),
        bench.Round(100, {"event path": 1.0, "bare insert": 0.2}),
        bench.Round(100, {"event path": 4.0, "bare insert": 0.1}),
    ]

    assert [round(one.ratio, 3) for one in rounds] == [0.1, 0.2, 0.025]
    assert bench.median_round(rounds, "event path") is rounds[0]
    assert bench.Round(100, {"event path": 1.0, "bare insert": 0.0}).ratio == 0.0


def test_routing_decisions_are_counted_by_the_tier_of_their_rule_or_the_fallback():
    openings = [
        {"rule_id": "xihu-permits"},
        {"rule_id": "permits"},
        {"rule_id": "visits"},
        {"rule_id": None, "assignee_person_id": "p-liaison-330102-1"},
        {"rule_id": None, "assignee_person_id": None, "assignee_org_unit_id": "330102-office"},
    ]

    summary = bench.routing_summary(openings)

    assert summary == Counter(
        {
            "county rule": 1,
            "city rule": 1,
            "province rule": 1,
            "fallback: paired liaison": 1,
            "fallback: default department": 1,
        }
    )
    assert bench.routing_line(summary).startswith("routed by: county rule 20 %")
