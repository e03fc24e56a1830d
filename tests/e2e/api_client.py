"""Talks HTTP to the distributed layout as a signed-in person would, and polls.

There is no reverse proxy in the tests: a path's first segment names the service that
serves it (``/forms/api/...`` goes to forms' web app), and everything else (``/login``,
``/healthz``) goes to directory. Every web app sits on 127.0.0.1, and cookies do not
depend on the port, so the session cookie directory sets is sent to every service.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import TypeVar

import requests

from services.directory.seed import DEMO_PASSWORD

#: The province's seeded form, which every county's enterprises may file.
PROVINCE_FORM = "enterprise-request"
#: Seconds one HTTP request may take.
REQUEST_TIMEOUT = 15
_META_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')
_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')

T = TypeVar("T")


class ApiClient:
    """One person's cookies and CSRF token, against the services at ``urls``.

    :param urls: service name -> base URL of its web app.
    :param language: the ``Accept-Language`` sent with every request.
    """

    def __init__(self, urls: dict[str, str], language: str = "en"):
        self.urls = urls
        self.session = requests.Session()
        self.session.headers["Accept-Language"] = language
        self._token: str | None = None

    def url(self, path: str) -> str:
        """The full URL of ``path`` on the service its first segment names."""
        first = path.lstrip("/").split("/", 1)[0]
        return self.urls.get(first, self.urls["directory"]) + path

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.url(path), timeout=REQUEST_TIMEOUT, **kwargs)

    def post(self, path: str, *, csrf: bool = True, **kwargs) -> requests.Response:
        """POST with the session's CSRF token in ``X-CSRFToken`` (unless ``csrf=False``)."""
        headers = dict(kwargs.pop("headers", None) or {})
        if csrf:
            headers["X-CSRFToken"] = self.csrf_token()
        return self.session.post(self.url(path), headers=headers, timeout=REQUEST_TIMEOUT, **kwargs)

    def put(self, path: str, **kwargs) -> requests.Response:
        """PUT with the session's CSRF token in ``X-CSRFToken``."""
        headers = {**(kwargs.pop("headers", None) or {}), "X-CSRFToken": self.csrf_token()}
        return self.session.put(self.url(path), headers=headers, timeout=REQUEST_TIMEOUT, **kwargs)

    def csrf_token(self) -> str:
        """The session's CSRF token, read from a page's ``csrf-token`` meta tag."""
        if self._token is None:
            page = self.get("/login").text
            match = _META_TOKEN.search(page) or _FORM_TOKEN.search(page)
            if match is None:
                raise AssertionError(f"no CSRF token on /login: {page[:300]}")
            self._token = match.group(1)
        return self._token

    def twin(self) -> ApiClient:
        """Another client in this client's signed session, with connections of its own:
        for requests sent in parallel (a ``requests.Session`` is not meant to be shared
        between threads)."""
        other = ApiClient(self.urls, self.session.headers["Accept-Language"])
        other._token = self.csrf_token()  # first: fetching it may update the cookies
        other.session.cookies.update(self.session.cookies)
        return other

    def login(self, username: str, password: str = DEMO_PASSWORD) -> requests.Response:
        """Sign in through directory's form; the answer is its redirect (302) or the page."""
        form = {"username": username, "password": password, "csrf_token": self.csrf_token()}
        response = self.post("/login", csrf=False, data=form, allow_redirects=False)
        self._token = None  # signing in starts a new session, with a new token
        return response

    def json(self, path: str) -> object:
        """GET ``path`` and return its JSON body; fail unless the status is 200."""
        response = self.get(path)
        assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text}"
        return response.json()


def signed_in(urls: dict[str, str], username: str) -> ApiClient:
    """A client signed in as ``username``; fails unless sign-in redirects (302)."""
    client = ApiClient(urls)
    response = client.login(username)
    assert response.status_code == 302, f"sign-in of {username}: {response.status_code}"
    return client


def unique(subject: str) -> str:
    """``subject`` with a random suffix, to tell this run's records from others."""
    return f"{subject} {uuid.uuid4().hex[:8]}"


def file_request(client: ApiClient, form: str, answers: dict) -> dict:
    """File ``answers`` to the form with key ``form``; returns the stored submission."""
    response = client.post("/forms/api/submissions", json={"form": form, "answers": answers})
    assert response.status_code == 201, response.text
    return response.json()


def province_answers(subject: str, category: str = "permit") -> dict:
    """Valid answers to the province's form; no seeded routing rule matches ``permit``."""
    return {
        "subject": subject,
        "category": category,
        "details": "Our discharge permit expires next month.",
        "contact_person": "刘主任",
        "contact_phone": "13800000000",
    }


def tickets_of(client: ApiClient, submission: dict) -> list[dict]:
    """The tickets ``client`` sees that were opened for ``submission``."""
    tickets = client.json("/workflow/api/tickets")
    return [ticket for ticket in tickets if ticket["submission_id"] == submission["id"]]


def inbox_items_for(client: ApiClient, ticket: dict) -> list[dict]:
    """The items of ``client``'s inbox that link to ``ticket``."""
    link = f"/workflow/tickets/{ticket['id']}"
    return [item for item in client.json("/notify/api/inbox") if item["link"] == link]


def poll(fn: Callable[[], T], deadline: float = 30.0, interval: float = 0.3) -> T:
    """Call ``fn`` until it returns something truthy, and return that.

    :param deadline: seconds to keep trying.
    :raises AssertionError: when ``deadline`` passes first, with the last value seen.
    """
    end = time.monotonic() + deadline
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"still {value!r} after {deadline}s")
        time.sleep(interval)


def stays_falsy(fn: Callable[[], object], seconds: float, interval: float = 0.3) -> bool:
    """Whether ``fn`` returns nothing truthy throughout ``seconds``."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if fn():
            return False
        time.sleep(interval)
    return not fn()
