"""Sign-in verification every service shares.

Directory checks passwords and signs people in; every other service verifies the same
signed session cookie (or a signed API token) with flask-login, without reading directory's
tables: the session carries the principal — who, which roles, which org unit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import wraps
from urllib.parse import quote

from flask import abort, current_app, redirect, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from shared.org_paths import is_within

login_manager = LoginManager()

STAFF_ROLES = (
    "province_admin",
    "city_admin",
    "county_admin",
    "department_staff",
    "liaison",
    "contact_leader",
    "expert",
)
ENTERPRISE_ROLE = "enterprise_user"
API_CLIENT_ROLE = "api_client"
ADMIN_ROLES = ("province_admin", "city_admin", "county_admin")
TOKEN_SALT = "qinqing-api-token"


@dataclass(frozen=True)
class Principal(UserMixin):
    """Who is signed in: a person's id, roles and the org unit that scopes what they see."""

    id: str
    username: str
    name: str
    roles: tuple[str, ...]
    #: The org unit path that scopes staff ("33/3301/330102"); an enterprise's county path.
    org_path: str
    org_unit_id: str | None = None
    enterprise_id: str | None = None
    token_id: str | None = field(default=None, compare=False)

    def get_id(self) -> str:
        return self.id

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_enterprise(self) -> bool:
        return ENTERPRISE_ROLE in self.roles

    def can_see(self, org_path: str) -> bool:
        """True when ``org_path`` is this principal's org unit or inside its subtree."""
        return is_within(org_path, self.org_path)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["roles"] = list(self.roles)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Principal:
        return cls(**{**data, "roles": tuple(data["roles"])})


def init_auth(app) -> None:
    """Make ``app`` verify the shared session cookie and bearer API tokens."""
    login_manager.init_app(app)
    login_manager.login_view = "/login"
    login_manager.login_message = None


@login_manager.user_loader
def _load_from_session(user_id: str) -> Principal | None:
    data = session.get("principal")
    if not data or data.get("id") != user_id:
        return None
    return Principal.from_dict(data)


@login_manager.request_loader
def _load_from_token(req) -> Principal | None:
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return verify_api_token(header.removeprefix("Bearer ").strip())


@login_manager.unauthorized_handler
def _unauthorized():
    from shared.web.errors import wants_json

    if wants_json():
        abort(401)
    return redirect(f"/login?next={quote(request.full_path.rstrip('?'))}")


def sign_in(principal: Principal) -> None:
    """Start a signed session for ``principal`` that every service accepts."""
    session.clear()
    session["principal"] = principal.to_dict()
    login_user(principal)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def issue_api_token(principal: Principal) -> str:
    """Sign an API token carrying ``principal`` (with its ``token_id``).

    :returns: the token for an ``Authorization: Bearer`` header.
    """
    return _serializer().dumps(principal.to_dict())


def verify_api_token(token: str, max_age: int = 90 * 24 * 3600) -> Principal | None:
    """The principal a token carries, or None when it is forged or older than ``max_age``."""
    try:
        return Principal.from_dict(_serializer().loads(token, max_age=max_age))
    except (BadSignature, TypeError, KeyError):
        return None


def current_principal() -> Principal:
    """The signed-in principal itself, not flask-login's ``current_user`` proxy: for a
    command, which reads its actor many times and must not depend on the request."""
    return current_user._get_current_object()


def is_token_request() -> bool:
    return request.headers.get("Authorization", "").startswith("Bearer ")


def roles_required(*roles: str):
    """Allow the view only to signed-in principals with one of ``roles``."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate
