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
