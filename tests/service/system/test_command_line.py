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


def test_dead_letters_of_the_embedded_run_are_listed_and_replayed(tmp_path):
    """Embedded: what a consumer gave up on waits in its failed_events table."""
    from qinqing import system
    from shared.config import Settings
    from shared.messaging.envelope import new_envelope

    run(tmp_path, "migrate")
    county = {
        "id": "330102",
        "name": "上城区",
        "name_en": "Shangcheng District",
        "kind": "county",
        "parent_id": "3301",
        "path": "33/3301/330102",
    }
    event = new_envelope("directory.org_unit.created", county, tenant="33")
    settings = Settings(database_url=f"sqlite:///{tmp_path}/var")
    runtime = system.bootstrap("workflow", settings)
    runtime.consumer.record_failure(event, "failed 5 times, last: OperationalError('locked')")

    listed = run(tmp_path, "dead-letters", "workflow")
    assert event["id"] in listed.output and "locked" in listed.output
    assert "workflow: 1 dead letters" in listed.output

    replayed = run(tmp_path, "dead-letters", "workflow", "--replay")
    assert "workflow: 1 handled, 0 failed again" in replayed.output
    assert "workflow: 0 dead letters" in run(tmp_path, "dead-letters", "workflow").output
    with runtime.uow() as uow:
        assert uow.already_processed(event["id"])
    runtime.engine.dispose()
