"""The command line's embedded commands: migrate and seed, each safe to repeat."""

from click.testing import CliRunner

from qinqing.cli import main


def run(tmp_path, *args):
    env = {"QINQING_DATABASE_URL": f"sqlite:///{tmp_path}/var", "QINQING_VAR_DIR": str(tmp_path)}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_migrate_brings_every_service_up_and_can_run_again(tmp_path):
    first, again = run(tmp_path, "migrate"), run(tmp_path, "migrate")
    assert first.exit_code == again.exit_code == 0
    assert first.output.count("migrated") == 5


def test_seed_seeds_the_demo_province_once(tmp_path):
    first = run(tmp_path, "seed")
    again = run(tmp_path, "seed")
    assert "seeded: directory, forms, workflow" in first.output
    assert "nothing (already seeded)" in again.output


def test_unknown_service_name_is_refused_naming_the_choices(tmp_path):
    result = CliRunner().invoke(main, ["worker", "billing"])
    assert result.exit_code == 2
    assert "directory" in result.output and "billing" in result.output
