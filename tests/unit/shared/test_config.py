"""Settings come from the environment, in one place."""

import pytest

from shared.config import Settings


def test_embedded_defaults_keep_a_generated_secret_under_the_var_dir(tmp_path):
    env = {"QINQING_VAR_DIR": str(tmp_path)}
    first, second = Settings.from_env(env), Settings.from_env(env)
    assert first.is_embedded
    assert first.secret_key == second.secret_key == (tmp_path / "secret_key").read_text()


def test_distributed_layout_without_a_shared_secret_is_refused():
    with pytest.raises(ValueError, match="QINQING_SECRET_KEY"):
        Settings.from_env({"QINQING_AMQP_URL": "amqp://guest:guest@127.0.0.1:5672/%2F"})


def test_postgresql_url_is_shared_and_sqlite_gets_one_file_per_service(tmp_path):
    postgres = Settings(database_url="postgresql+psycopg://db/qinqing")
    sqlite = Settings(database_url=f"sqlite:///{tmp_path}")
    assert postgres.database_url_for("forms") == "postgresql+psycopg://db/qinqing"
    assert sqlite.database_url_for("forms") == f"sqlite:///{tmp_path}/forms.db"


def test_service_urls_are_read_for_each_service():
    settings = Settings.from_env({"QINQING_SECRET_KEY": "k", "QINQING_FORMS_URL": "http://f"})
    assert settings.service_urls == {"forms": "http://f"}


def test_forwarded_headers_are_trusted_only_behind_a_proxy():
    from flask import request

    from shared.web import create_service_app

    def client_address(settings):
        app, _api = create_service_app("forms", settings, "services.forms")
        app.add_url_rule("/forms/ip", "ip", lambda: request.remote_addr)
        headers = {"X-Forwarded-For": "203.0.113.7"}
        return app.test_client().get("/forms/ip", headers=headers).get_data(as_text=True)

    assert client_address(Settings(secret_key="k", behind_proxy=True)) == "203.0.113.7"
    assert client_address(Settings(secret_key="k")) == "127.0.0.1"


def test_the_public_address_is_read_without_a_trailing_slash(tmp_path):
    env = {"QINQING_VAR_DIR": str(tmp_path)}
    settings = Settings.from_env({**env, "QINQING_PUBLIC_URL": "https://qinqing.example.gov.cn/"})
    assert settings.public_url == "https://qinqing.example.gov.cn"
    assert Settings.from_env(env).public_url == ""


def test_uploads_are_kept_under_the_var_dir_unless_a_directory_is_given(tmp_path):
    env = {"QINQING_VAR_DIR": str(tmp_path)}
    assert Settings.from_env(env).upload_dir == str(tmp_path / "uploads")
    given = Settings.from_env({**env, "QINQING_UPLOAD_DIR": "/srv/qinqing/uploads"})
    assert given.upload_dir == "/srv/qinqing/uploads"


def test_the_deadline_sweeps_reminder_and_grace_period_are_read_with_their_defaults(tmp_path):
    defaults = Settings.from_env({"QINQING_VAR_DIR": str(tmp_path)})
    env = {
        "QINQING_VAR_DIR": str(tmp_path),
        "QINQING_WORKFLOW_REMIND_BEFORE_HOURS": "48",
        "QINQING_WORKFLOW_ESCALATE_AFTER_WORKING_DAYS": "3",
    }
    configured = Settings.from_env(env)

    assert (
        defaults.workflow_remind_before_hours,
        defaults.workflow_escalate_after_working_days,
    ) == (
        24,
        2,
    )
    assert (
        configured.workflow_remind_before_hours,
        configured.workflow_escalate_after_working_days,
    ) == (48, 3)
