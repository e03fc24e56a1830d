"""A browser-like test client: signs in through /login and sends the CSRF token."""

from __future__ import annotations

import re

from werkzeug.test import Client, TestResponse

from services.directory.seed import DEMO_PASSWORD
from shared.web import SESSION_COOKIE

_META_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')
_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class WebClient:
    """Wraps a WSGI app (one service or the embedded dispatcher) with cookies and CSRF."""

    def __init__(self, wsgi, language: str = "en"):
        self.client = Client(wsgi)
        self.language = language
        self._token: str | None = None

    def _headers(self, extra: dict | None = None) -> dict:
        return {"Accept-Language": self.language, **(extra or {})}

    def get(self, path: str, **kwargs) -> TestResponse:
        return self.client.get(path, headers=self._headers(kwargs.pop("headers", None)), **kwargs)

    def csrf_token(self) -> str:
        if self._token is None:
            page = self.get("/login").get_data(as_text=True)
            self._token = (_META_TOKEN.search(page) or _FORM_TOKEN.search(page)).group(1)
        return self._token

    def post(self, path: str, *, csrf: bool = True, **kwargs) -> TestResponse:
        headers = self._headers(kwargs.pop("headers", None))
        if csrf:
            headers["X-CSRFToken"] = self.csrf_token()
        return self.client.post(path, headers=headers, **kwargs)

    def put(self, path: str, **kwargs) -> TestResponse:
        headers = self._headers(kwargs.pop("headers", None))
        headers["X-CSRFToken"] = self.csrf_token()
        return self.client.put(path, headers=headers, **kwargs)

    def delete(self, path: str, **kwargs) -> TestResponse:
        headers = self._headers(kwargs.pop("headers", None))
        headers["X-CSRFToken"] = self.csrf_token()
        return self.client.delete(path, headers=headers, **kwargs)

    def on(self, wsgi) -> WebClient:
        """A client of another WSGI app (one more process of a service) in this client's
        signed session."""
        other = WebClient(wsgi, self.language)
        other._token = self.csrf_token()  # first: fetching it may update the session
        session = self.client.get_cookie(SESSION_COOKIE)
        if session is not None:
            other.client.set_cookie(SESSION_COOKIE, session.value)
        return other

    def login(self, username: str, password: str = DEMO_PASSWORD) -> TestResponse:
        response = self.post("/login", data={"username": username, "password": password})
        self._token = None  # signing in starts a new session, with a new token
        return response
