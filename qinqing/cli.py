"""The command line: run (embedded), serve NAME, worker NAME, migrate, seed, dead-letters NAME."""

from __future__ import annotations

import logging
import time

import click

from qinqing import system
from shared.config import SERVICES, Settings

service_name = click.Choice(SERVICES)


@click.group()
def main() -> None:
    """Qinqing: forms and workflow for government services to enterprises."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # pika logs every connection step at INFO; a worker's log would be mostly that.
    logging.getLogger("pika").setLevel(logging.WARNING)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--threads", default=8, show_default=True)
def run(host: str, port: int, threads: int) -> None:
    """Run every service in one process (SQLite, in-process events, demo data)."""
    from qinqing.embedded import EmbeddedSystem
    from qinqing.server import serve_wsgi
    from services.directory.seed import DEMO_PASSWORD, DEMO_PEOPLE

    settings = Settings.from_env()
    if not settings.is_embedded:
        raise click.UsageError("QINQING_AMQP_URL is set: use `serve NAME` and `worker NAME`.")
    if not settings.public_url:
        settings = settings.with_overrides(public_url=f"http://{host}:{port}")
    embedded = EmbeddedSystem(settings)
    embedded.migrate()
    seeded = embedded.seed()
    embedded.release()
    click.echo(f"Qinqing is running at http://{host}:{port}/  (health: /healthz)")
    if seeded:
        click.echo("Demo data seeded for: " + ", ".join(seeded))
    click.echo(f"Demo sign-ins (password {DEMO_PASSWORD}):")
    for username, _name, _roles, _org, _ent, note in DEMO_PEOPLE:
        click.echo(f"  {username:<12} {note}")
    serve_wsgi(
        lambda: embedded.wsgi,
        host,
        port,
        workers=1,
        threads=threads,
        on_start=embedded.start,
        on_stop=embedded.stop,
    )


@main.command()
@click.argument("name", type=service_name)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=2, show_default=True)
@click.option("--threads", default=4, show_default=True)
def serve(name: str, host: str, port: int, workers: int, threads: int) -> None:
    """Serve one service's web app and API under gunicorn."""
    from qinqing.server import serve_wsgi
    from shared.messaging.jobs import setup_broker

    def app_factory():
        settings = Settings.from_env()
        # Jobs a request enqueues must reach the real broker, not the import-time stub.
        setup_broker(settings)
        return system.create_app(name, settings)

    serve_wsgi(app_factory, host, port, workers=workers, threads=threads)


@main.command()
@click.argument("name", type=service_name)
def worker(name: str) -> None:
    """Run one service's event consumer, outbox relay and dramatiq actors."""
    from qinqing.worker import run_worker

    run_worker(name, Settings.from_env())


@main.command()
@click.option("--service", type=service_name, multiple=True, help="Only these services.")
def migrate(service: tuple[str, ...]) -> None:
    """Apply every service's migrations."""
    settings = Settings.from_env()
    for name in service or SERVICES:
        system.bootstrap(name, settings).migrate()
        click.echo(f"{name}: migrated")


@main.command()
@click.option(
    "--wait",
    default=120,
    show_default=True,
    help="Seconds to wait for each service's read models to catch up.",
)
def seed(wait: int) -> None:
    """Seed the demo province, forms and pairings (once)."""
    settings = Settings.from_env()
    if settings.is_embedded:
        from qinqing.embedded import EmbeddedSystem

        embedded = EmbeddedSystem(settings)
        embedded.migrate()
        seeded = embedded.seed()
        embedded.stop()
        click.echo("seeded: " + (", ".join(seeded) or "nothing (already seeded)"))
        return
    for name in system.SEED_ORDER:
        runtime = system.bootstrap(name, settings)
        deadline = time.monotonic() + wait
        while True:
            try:
                done = system.seed(name, runtime)
                break
            except system.NotReady as error:
                if time.monotonic() > deadline:
                    raise click.ClickException(f"{name}: {error}") from error
                time.sleep(1)
        click.echo(f"{name}: {'seeded' if done else 'already seeded'}")


@main.command("dead-letters")
@click.argument("name", type=service_name)
@click.option("--replay", is_flag=True, help="Handle them again, once the cause is mended.")
@click.option("--limit", default=100, show_default=True, help="At most this many.")
def dead_letters(name: str, replay: bool, limit: int) -> None:
    """List the events NAME's consumer gave up on, with the reasons, or replay them.

    Distributed: the service's dead-letter queue in RabbitMQ; replaying moves the
    messages back to its queue. Embedded: its failed_events table; replaying hands them
    to its consumer here and now.
    """
    settings = Settings.from_env()
    if settings.is_embedded:
        consumer = system.bootstrap(name, settings).consumer
        if replay:
            handled, failed = consumer.replay_failed(limit)
            click.echo(f"{name}: {handled} handled, {failed} failed again")
            return
        letters = [(r.event_id, r.routing_key, r.reason) for r in consumer.failures(limit)]
    else:
        import pika.exceptions

        from shared.messaging.rabbit import RabbitBus

        bus = RabbitBus(settings.amqp_url)
        try:
            if replay:
                moved = bus.replay_dead_letters(name, limit)
                click.echo(f"{name}: {moved} moved back to {bus.queue_name(name)}")
                return
            letters = [(d.message_id, d.type, d.reason) for d in bus.dead_letters(name, limit)]
        except pika.exceptions.ChannelClosedByBroker as error:
            raise click.ClickException(
                f"{name} has no queue {bus.dead_queue_name(name)}: it consumes no events, "
                f"or its worker has never run ({error.reply_text})"
            ) from error
    for event_id, routing_key, reason in letters:
        click.echo(f"{event_id}  {routing_key}  {reason}")
    more = " (limit reached)" if len(letters) == limit else ""
    click.echo(f"{name}: {len(letters)} dead letters{more}")


@main.command("makemigration")
@click.argument("name", type=service_name)
@click.option("-m", "--message", required=True)
def makemigration(name: str, message: str) -> None:
    """Autogenerate a migration for NAME from its table definitions (on a scratch SQLite)."""
    import tempfile

    from shared.db import make_engine, make_migration

    with tempfile.TemporaryDirectory() as scratch:
        runtime = system.bootstrap(name, Settings(database_url=f"sqlite:///{scratch}"))
        make_migration(make_engine(runtime.settings, name), runtime.migrations_dir, message)
