"""Settings: the only place that reads the environment."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

SERVICES = ("directory", "forms", "workflow", "notify", "reports")


@dataclass(frozen=True)
class Settings:
    """How one process of Qinqing runs.

    ``database_url`` is either a SQLite directory URL (``sqlite:///var``: one file per
    service) or a PostgreSQL URL shared by every service, each in its own schema.
    ``amqp_url`` empty means events travel in-process (LocalBus) and jobs run on an
    in-process dramatiq worker.
    """

    database_url: str = "sqlite:///var"
    amqp_url: str = ""
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    #: Largest request body any service accepts, in bytes. Attachments are exempt: their
    #: route takes up to the largest size a file field may allow (see forms' uploads API).
    max_content_length: int = 2 * 1024 * 1024
    #: Where forms keeps uploaded attachments: a directory no web server serves, the same
    #: one (a shared volume) for every forms process.
    upload_dir: str = "var/uploads"
    default_locale: str = "zh_CN"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 0
    mail_sender: str = "noreply@qinqing.local"
    #: The address people open Qinqing at ("https://qinqing.example.gov.cn"), for links in
    #: mail; empty: mail points to the inbox instead.
    public_url: str = ""
    #: Base URL under which each service is reached, for the distributed layout's health page.
    service_urls: dict[str, str] = field(default_factory=dict)
    session_cookie_secure: bool = False
    #: Trust one reverse proxy's X-Forwarded-For/-Proto/-Host (nginx in compose.yaml).
    behind_proxy: bool = False
    #: Working days an enterprise has to confirm a resolved ticket before workflow closes
    #: it on its behalf (auto-confirmed).
    workflow_confirm_working_days: int = 5
    #: Hours before a ticket's deadline that its holder is reminded (deadlines end a working
    #: day, so 24 reminds at the start of the last day).
    workflow_remind_before_hours: int = 24
    #: Working days after a ticket's deadline that an open ticket is escalated one level up
    #: (the contact leader is told at once when it passes).
    workflow_escalate_after_working_days: int = 2
    testing: bool = False

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from ``QINQING_*`` variables.

        :param env: the environment to read; ``os.environ`` when omitted.
        :returns: the settings, with defaults for what is not set.
        :raises ValueError: in the distributed layout without ``QINQING_SECRET_KEY``.
        """
        env = os.environ if env is None else env
        if env.get("QINQING_AMQP_URL") and not env.get("QINQING_SECRET_KEY"):
            # Each process would make up its own key, and no service would accept the
            # sessions another one signed.
            raise ValueError("QINQING_SECRET_KEY must be set when QINQING_AMQP_URL is")
        defaults = cls()
        urls = {
            name: env[f"QINQING_{name.upper()}_URL"]
            for name in SERVICES
            if env.get(f"QINQING_{name.upper()}_URL")
        }
        return cls(
            database_url=env.get("QINQING_DATABASE_URL", defaults.database_url),
            amqp_url=env.get("QINQING_AMQP_URL", ""),
            secret_key=env.get("QINQING_SECRET_KEY") or _embedded_secret(env),
            max_content_length=int(
                env.get("QINQING_MAX_CONTENT_LENGTH", defaults.max_content_length)
            ),
            upload_dir=env.get("QINQING_UPLOAD_DIR")
            or str(Path(env.get("QINQING_VAR_DIR", "var")) / "uploads"),
            default_locale=env.get("QINQING_DEFAULT_LOCALE", defaults.default_locale),
            smtp_host=env.get("QINQING_SMTP_HOST", defaults.smtp_host),
            smtp_port=int(env.get("QINQING_SMTP_PORT", "0")),
            mail_sender=env.get("QINQING_MAIL_SENDER", defaults.mail_sender),
            public_url=env.get("QINQING_PUBLIC_URL", "").rstrip("/"),
            service_urls=urls,
            session_cookie_secure=env.get("QINQING_SECURE_COOKIES", "") == "1",
            behind_proxy=env.get("QINQING_BEHIND_PROXY", "") == "1",
            workflow_confirm_working_days=int(
                env.get(
                    "QINQING_WORKFLOW_CONFIRM_WORKING_DAYS",
                    defaults.workflow_confirm_working_days,
                )
            ),
            workflow_remind_before_hours=int(
                env.get(
                    "QINQING_WORKFLOW_REMIND_BEFORE_HOURS", defaults.workflow_remind_before_hours
                )
            ),
            workflow_escalate_after_working_days=int(
                env.get(
                    "QINQING_WORKFLOW_ESCALATE_AFTER_WORKING_DAYS",
                    defaults.workflow_escalate_after_working_days,
                )
            ),
        )

    @property
    def is_embedded(self) -> bool:
        return not self.amqp_url

    def database_url_for(self, service: str) -> str:
        """The SQLAlchemy URL of one service's own database (SQLite) or server (PostgreSQL)."""
        if self.database_url.startswith("sqlite"):
            directory = self.database_url.removeprefix("sqlite:///") or "."
            if directory == ":memory:":
                return "sqlite://"
            Path(directory).mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{directory}/{service}.db"
        return self.database_url

    def with_overrides(self, **overrides) -> Settings:
        return replace(self, **overrides)


def _embedded_secret(env) -> str:
    """A secret kept under ``var/`` so embedded sign-ins survive a restart."""
    path = Path(env.get("QINQING_VAR_DIR", "var")) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    return key
