"""Helpers of the closed loop's service tests: act on a ticket over HTTP, and take its
trace (status, history rows, outbox rows) to show a refusal changed nothing."""

from __future__ import annotations


def act(world, username: str, ticket_id: str, action: str, lang: str = "en", **body):
    """POST ``body`` as JSON to the ticket's ``action``, signed in as ``username``."""
    client = world.client(username, lang=lang)
    return client.post(f"/workflow/api/tickets/{ticket_id}/{action}", json=body)


def ok(world, username: str, ticket_id: str, action: str, **body) -> dict:
    """Act, expecting success; the ticket as answered."""
    response = act(world, username, ticket_id, action, **body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def read(world, username: str, ticket_id: str) -> dict:
    response = world.client(username).get(f"/workflow/api/tickets/{ticket_id}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def trace(world, ticket_id: str) -> tuple:
    """What a refused action must leave as it was: the ticket's status and version, its
    history and parts, and the outbox."""
    with world.runtime.uow() as uow:
        ticket = uow.workflow.ticket(ticket_id)
        status, version = ticket.status, ticket.version
    counts = [world.count(table) for table in ("ticket_history", "ticket_parts", "outbox")]
    return (status, version, *counts)


def refused(world, username, ticket_id, action, status, lang="en", **body) -> dict:
    """Act, expecting a refusal with ``status`` that changes nothing; the problem."""
    before = trace(world, ticket_id)
    response = act(world, username, ticket_id, action, lang=lang, **body)
    assert response.status_code == status, response.get_json()
    assert response.content_type == "application/problem+json"
    assert trace(world, ticket_id) == before
    return response.get_json()
