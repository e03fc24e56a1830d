"""Directory's refusals."""

from shared.errors import Conflict, DomainError, NotFound


class DirectoryError(DomainError):
    """Raised when directory refuses a command."""


class BadCredentials(DirectoryError):
    """Raised when a username and password do not match an active person."""

    status = 401

    def __init__(self):
        super().__init__(
            {"zh_CN": "用户名或密码不正确。", "en": "The username or password is not correct."},
            field="password",
            rule="credentials",
        )


class UnknownOrgUnit(DirectoryError):
    """Raised when an org unit id names no org unit (or one of the wrong kind)."""

    status = 422

    def __init__(self, field: str, org_unit_id: str):
        super().__init__(
            {
                "zh_CN": f"找不到组织机构“{org_unit_id}”。",
                "en": f"There is no org unit “{org_unit_id}”.",
            },
            field=field,
            rule="unknown_org_unit",
        )


class AlreadyExists(DirectoryError, Conflict):
    """Raised when a unique value (username, credit code) is already taken."""

    def __init__(self, field: str, value: str):
        super().__init__(
            {"zh_CN": f"“{value}”已被使用。", "en": f"“{value}” is already in use."},
            field=field,
            rule="unique",
        )


class OutOfScope(DirectoryError, NotFound):
    """Raised when a record lies outside the principal's org subtree."""

    def __init__(self):
        super().__init__({"zh_CN": "未找到。", "en": "Not found."}, rule="not_found")
