"""The thin slice's intake as the benchmark drives and measures it.

Enterprise users of the demo data sign in once per connection and file the province's
enterprise request form through forms' API. What happens next is read straight from the
layout's database (each service's schema), which a benchmark may do and a service may
not: submissions in ``forms``, tickets in ``workflow``, inbox items in ``notify``.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse

import requests
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bench.load import Target
from services.directory.seed import DEMO_PASSWORD, DEMO_PEOPLE
from services.forms.domain.definition import ENTERPRISE_REQUEST_DEFINITION

SUBMISSIONS_PATH = "/forms/api/submissions"
FORM_KEY = ENTERPRISE_REQUEST_DEFINITION["key"]
#: The demo enterprise users: the paired one, the unpaired one, the one of another county.
ENTERPRISE_USERS = tuple(
    username for username, _name, roles, *_rest in DEMO_PEOPLE if "enterprise_user" in roles
)
CATEGORIES = tuple(
    option["value"]
    for field in ENTERPRISE_REQUEST_DEFINITION["fields"]
    if field["name"] == "category"
    for option in field["options"]
)
_META_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')
#: Counts of the pipeline's stages; a ticket's inbox item links to the ticket's page.
COUNTS = text(
    "SELECT (SELECT count(*) FROM forms.submissions) AS submissions,"
    " (SELECT count(*) FROM workflow.tickets) AS tickets,"
    " (SELECT count(*) FROM notify.inbox_items) AS inbox_items"
)
#: Per submission filed in a window, seconds from its creation until forms' relay had
#: published its event, workflow had processed that event (opening the ticket), and
#: notify had created the ticket's inbox item.
DELAYS = text(
    "SELECT EXTRACT(EPOCH FROM o.published_at - s.created_at) AS to_published,"
    " EXTRACT(EPOCH FROM p.processed_at - s.created_at) AS to_ticket,"
    " EXTRACT(EPOCH FROM i.created_at - s.created_at) AS to_inbox"
    " FROM forms.submissions s"
    " JOIN forms.outbox o ON o.routing_key = 'forms.submission.received'"
    " AND o.body::json -> 'data' ->> 'submission_id' = s.id"
    " JOIN workflow.processed_events p ON p.event_id = o.event_id"
    " JOIN workflow.tickets t ON t.submission_id = s.id"
    " JOIN notify.inbox_items i ON i.link = '/workflow/tickets/' || t.id"
    " WHERE s.created_at >= :start AND s.created_at < :end"
)

#: Per submission filed in a window, seconds until forms' relay had published its event.
PUBLISH_DELAYS = text(
    "SELECT EXTRACT(EPOCH FROM o.published_at - s.created_at) AS to_published"
    " FROM forms.submissions s"
    " JOIN forms.outbox o ON o.routing_key = 'forms.submission.received'"
    " AND o.body::json -> 'data' ->> 'submission_id' = s.id"
    " WHERE s.created_at >= :start AND s.created_at < :end AND o.published_at IS NOT NULL"
)
UNPUBLISHED = text("SELECT count(*) FROM forms.outbox WHERE published_at IS NULL")


def answers(category: str) -> dict:
    """Valid answers to the enterprise request form in ``category``."""
    return {
        "subject": f"Benchmark request about {category}",
        "category": category,
        "details": "Our discharge permit expires next month; please advise on the renewal.",
        "contact_person": "刘主任",
        "contact_phone": "13800000000",
        "needs_visit": category == "monitoring",
    }


def request_bodies() -> tuple[bytes, ...]:
    """One encoded request body per category, so tickets take every routing path."""
    return tuple(
        json.dumps({"form": FORM_KEY, "answers": answers(category)}).encode()
        for category in CATEGORIES
    )


def sign_in(directory_url: str, username: str) -> dict[str, str]:
    """Sign ``username`` in through directory's page.

    :returns: the headers of an API request in that session: cookie, CSRF token and the
        user agent that signed in.
    :raises RuntimeError: when sign-in does not redirect.
    """
    session = requests.Session()
    form = {"username": username, "password": DEMO_PASSWORD}
    form["csrf_token"] = _page_token(session, directory_url)
    response = session.post(f"{directory_url}/login", data=form, allow_redirects=False)
    if response.status_code != 302:
        raise RuntimeError(f"sign-in of {username}: {response.status_code}")
    token = _page_token(session, directory_url)
    cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    # The same client as at sign-in: flask-login marks a session used by another user
    # agent as no longer fresh, and a client that ignores the new cookie would have its
    # session signed again on every request.
    return {"Cookie": cookie, "X-CSRFToken": token, "User-Agent": session.headers["User-Agent"]}


def _page_token(session: requests.Session, directory_url: str) -> str:
    page = session.get(f"{directory_url}/login", timeout=15).text
    match = _META_TOKEN.search(page)
    if match is None:
        raise RuntimeError(f"no CSRF token on /login: {page[:200]}")
    return match.group(1)


def intake_targets(urls: dict[str, str], clients: int) -> list[Target]:
    """One signed-in enterprise client per connection, the demo users taken in turn."""
    forms = urlparse(urls["forms"])
    bodies = request_bodies()
    targets = []
    for index in range(clients):
        headers = sign_in(urls["directory"], ENTERPRISE_USERS[index % len(ENTERPRISE_USERS)])
        headers |= {"Content-Type": "application/json", "Accept-Language": "en"}
        rotated = bodies[index % len(bodies) :] + bodies[: index % len(bodies)]
        targets.append(Target(forms.hostname, forms.port, SUBMISSIONS_PATH, headers, rotated))
    return targets


@dataclass(frozen=True)
class Counts:
    """How many submissions, tickets and inbox items the layout holds."""

    submissions: int
    tickets: int
    inbox_items: int

    def since(self, before: Counts) -> Counts:
        """What was added after ``before``."""
        return Counts(
            self.submissions - before.submissions,
            self.tickets - before.tickets,
            self.inbox_items - before.inbox_items,
        )

    @property
    def drained(self) -> bool:
        """Whether every submission has its ticket and every ticket its inbox item."""
        return self.submissions == self.tickets == self.inbox_items


def count(engine: Engine) -> Counts:
    """The pipeline's counts now."""
    with engine.connect() as conn:
        row = conn.execute(COUNTS).one()
    return Counts(row.submissions, row.tickets, row.inbox_items)


def wait_for_drain(
    engine: Engine, before: Counts, timeout: float, interval: float = 0.25
) -> tuple[float, Counts]:
    """Poll until every submission filed after ``before`` has reached an inbox, or
    ``timeout`` seconds pass.

    :returns: the seconds waited and the counts added since ``before`` (check ``drained``).
    """
    started = time.monotonic()
    while True:
        added = count(engine).since(before)
        waited = time.monotonic() - started
        if added.drained or waited > timeout:
            return waited, added
        time.sleep(interval)


@dataclass(frozen=True)
class Delays:
    """Seconds from submission to each stage, one sorted list per stage."""

    to_published: list[float]
    to_ticket: list[float]
    to_inbox: list[float]


def delays(engine: Engine, start: datetime, end: datetime) -> Delays:
    """The delays of the submissions created between ``start`` and ``end`` that have
    reached an inbox."""
    with engine.connect() as conn:
        rows = conn.execute(DELAYS, {"start": start, "end": end}).all()
    columns = list(zip(*rows, strict=True)) or [(), (), ()]
    return Delays(*(sorted(float(value) for value in column) for column in columns))


def publish_delays(engine: Engine, start: datetime, end: datetime) -> list[float]:
    """Seconds from each submission created between ``start`` and ``end`` to its event's
    publication by forms' relay (sorted; unpublished ones left out)."""
    with engine.connect() as conn:
        rows = conn.execute(PUBLISH_DELAYS, {"start": start, "end": end}).scalars()
        return sorted(float(value) for value in rows)


def unpublished(engine: Engine) -> int:
    """Events in forms' outbox that its relay has not published yet."""
    with engine.connect() as conn:
        return conn.execute(UNPUBLISHED).scalar_one()
