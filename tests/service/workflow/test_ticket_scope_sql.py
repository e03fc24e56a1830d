"""The repository's SQL finds exactly the tickets TicketScope.allows lets each person see,
after hand-overs, co-handling and pairings (SQLite; PostgreSQL in integration)."""

from tests.service.workflow.scopes import (
    scope_mismatches,
    tickets_in_different_hands,
    visible_counts,
)


def test_sql_and_domain_scopes_agree_for_everyone(world):
    tickets_in_different_hands(world.runtime)

    assert scope_mismatches(world.runtime) == {}


def test_who_sees_how_many_tickets(world):
    tickets_in_different_hands(world.runtime)

    counts = visible_counts(world.runtime)

    assert counts == {
        "province": 3,
        "hangzhou": 3,
        "shangcheng": 2,
        "xihu": 1,
        "liaison": 1,
        "liaison-xihu": 0,
        "leader": 1,
        "staff": 1,
        "eia-staff": 1,
        "city-eia": 2,
        "city-office": 0,
        "province-staff": 0,
        "user-a": 1,
        "user-b": 1,
        "user-c": 1,
    }
