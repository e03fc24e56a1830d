"""The thin slice's event path under sustained load, next to two baselines in the same run.

Run with ``make bench`` or ``python -m bench.thin_slice [--rounds N] [--duration S]
[--concurrency N]``. Four phases, each driven by the same closed-loop load generator
(``bench.load``) at the same concurrency, each web app served by gunicorn as the
distributed layout serves the services:

1. ``bare``: a Flask endpoint that parses the JSON body and answers 201 (``bench.baselines``).
2. ``plain``: marshmallow validation and an ORM insert committed per request, on a fresh
   PostgreSQL database.
3. ``pipeline``: the distributed layout (every service's web app and worker as separate
   processes, migrated and seeded, on a fresh database and RabbitMQ virtual host);
   signed-in enterprise clients file the enterprise request form through forms' API.
   After the load it waits until every submission has its ticket and inbox item, and
   reads from the database how long each took.
4. ``intake``: the same layout with the consumers behind forms stopped (workflow's,
   notify's and reports' workers): what answers is the intake path alone, forms' web app
   storing each submission with its outbox row, and forms' relay publishing the events to
   RabbitMQ with confirms (they wait in workflow's queue). This is the phase the floor
   is about.

It prints a table with the ratios to the bare endpoint, the pipeline's rates and
latencies, and which processes used the CPU. Timings are reported, never asserted.

The bare endpoint, the plain stack and the intake are served side by side and measured in
``--rounds`` rounds (5) of windows back to back, the order turning each round, and the
verdict takes the median of the rounds' ratios: the machine's speed drifts over minutes,
and a ratio of two windows minutes apart measures the drift with it. The pipeline is
measured once, before the rounds. ``--rounds 1`` runs the phases one after another
instead, each with only its own servers up.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, make_url
from sqlalchemy.engine import Engine

from bench import cpu, intake, report
from bench.baselines import PATH
from bench.load import LoadGenerator, Target, WindowStats
from bench.profile import Profile, read_profile, start_recording
from shared.config import SERVICES
from shared.testing.layout import Layout, database, running_layout, virtual_host
from shared.testing.plugin import AMQP_URL, POSTGRES_ADMIN_URL
from shared.testing.processes import Supervisor, free_port

ROOT = Path(__file__).resolve().parents[1]
PHASES = ("bare", "plain", "pipeline", "intake")
#: The phases ``--rounds`` alternates; the pipeline, when asked for, is measured once before.
ROUND_PHASES = ("bare", "plain", "intake")
#: The phases measured on the distributed layout (one layout serves both).
LAYOUT_PHASES = ("pipeline", "intake")
#: The consumers stopped for the intake phase.
DOWNSTREAM = ("workflow", "notify", "reports")
LAYOUT_PROCESSES = tuple(f"{name}-{role}" for name in SERVICES for role in ("web", "worker"))
#: Seconds of a layout phase that py-spy samples (with ``--profile``).
PROFILE_SECONDS = 15


@dataclass(frozen=True)
class Options:
    duration: float
    warmup: float
    concurrency: int
    #: Requests per second offered by all connections together; None for closed loop.
    rate: float | None
    phases: tuple[str, ...]
    drain_timeout: float
    #: A layout process to sample with py-spy (``forms-web``), or None: during the intake
    #: phase, or the pipeline's when the intake is not run.
    profile: str | None
    keep_logs: bool
    #: Rounds of back-to-back windows of the bare, plain and intake phases (1: one window
    #: each, the servers of one phase up at a time, the layout's phases last).
    rounds: int = 1


@dataclass
class Phase:
    """One measured window: the requests in it and the cores each group of processes used."""

    name: str
    stats: WindowStats
    cpu: dict[str, float]


def combined(windows: list[Phase]) -> Phase:
    """Several windows of one phase as one: requests and seconds added up, latencies
    pooled, each group's cores averaged over the time."""
    seconds = sum(window.stats.seconds for window in windows)
    statuses = sum((window.stats.statuses for window in windows), Counter())
    latencies = sorted(latency for window in windows for latency in window.stats.latencies)
    errors = (window.stats.first_error for window in windows if window.stats.first_error)
    groups = {group for window in windows for group in window.cpu}
    cpu_used = {
        group: sum(window.cpu.get(group, 0.0) * window.stats.seconds for window in windows)
        / seconds
        for group in groups
    }
    expected = windows[0].stats.expected
    stats = WindowStats(seconds, statuses, latencies, expected, next(errors, None))
    return Phase(windows[0].name, stats, cpu_used)


@dataclass(frozen=True)
class Round:
    """One round of ``--rounds``: each phase's requests per second, in back-to-back windows."""

    rates: dict[str, float]

    def ratio(self, name: str) -> float | None:
        """``name``'s rate over the bare endpoint's in this round."""
        bare = self.rates.get("bare")
        return self.rates[name] / bare if bare and name in self.rates else None


@dataclass(frozen=True)
class Window:
    """The measured window in wall-clock time (for the database's timestamps), with what
    the phase's probe saw at its start and end."""

    start: datetime
    end: datetime
    probed: tuple[object, object]


@dataclass
class Pipeline:
    """What became of the pipeline phase's submissions."""

    during_load: intake.Counts
    after_drain: intake.Counts
    drain_seconds: float
    delays: intake.Delays


@dataclass
class Relay:
    """How forms' relay kept up in the intake phase: seconds from each submission's row to
    its event's publication, and the events still unpublished when the window ended."""

    to_published: list[float]
    unpublished: int


@dataclass
class LayoutResults:
    """What the layout phases measured, keyed like ``Options.phases``."""

    phases: dict[str, Phase]
    pipeline: Pipeline | None = None
    relay: Relay | None = None
    profile: Profile | None = None
    rounds: list[Round] | None = None


def measure(
    name: str,
    targets: list[Target],
    options: Options,
    classify: cpu.Classifier,
    probe: Callable[[], object] = lambda: None,
) -> tuple[Phase, Window]:
    """Load ``targets`` for the warm-up, then measure ``options.duration`` seconds."""
    generator = LoadGenerator(targets, options.concurrency, options.rate)
    generator.start()
    try:
        time.sleep(options.warmup)
        start, first, before = datetime.now(UTC), probe(), cpu.snapshot()
        window_start = time.perf_counter()
        time.sleep(options.duration)
        window_end = time.perf_counter()
        after, last, end = cpu.snapshot(), probe(), datetime.now(UTC)
    finally:
        generator.stop()
    stats = generator.window(window_start, window_end)
    phase = Phase(name, stats, cpu.cores_used(before, after, classify))
    return phase, Window(start, end, (first, last))


@contextlib.contextmanager
def baseline_server(kind: str, logs: Path, database_url: str | None = None) -> Iterator[dict]:
    """Serve one baseline; yields its port and its process's session id."""
    port = free_port()
    supervisor = Supervisor(logs / kind, {**os.environ, "PYTHONPATH": str(ROOT)})
    command = [sys.executable, "-m", "bench.baselines", kind, "--port", str(port)]
    command += ["--database-url", database_url] if database_url else []
    try:
        process = supervisor.start(kind, command)
        process.wait_for_port(port)
        yield {"port": port, "session": process.popen.pid}
    finally:
        supervisor.stop_all()


def baseline_targets(port: int) -> list[Target]:
    """The baselines get the same bodies as forms' API, without sign-in."""
    headers = {"Content-Type": "application/json", "Accept-Language": "en"}
    return [Target("127.0.0.1", port, PATH, headers, intake.request_bodies())]


def baseline_load(
    server: dict, database_url: str | None = None
) -> tuple[list[Target], cpu.Classifier]:
    """What loads a baseline server and how its CPU is grouped: its targets and classifier
    (the web app by its session, and the backends of its database, if any)."""
    database_name = make_url(database_url).database if database_url else None
    classify = cpu.classifier({server["session"]: "web app"}, database_name)
    return baseline_targets(server["port"]), classify


def layout_classifier(layout: Layout, database_name: str) -> cpu.Classifier:
    """The layout's running processes by name, and the backends of its database."""
    running = layout.supervisor.processes.values()
    sessions = {process.popen.pid: process.name for process in running if process.running}
    return cpu.classifier(sessions, database_name)


def run_bare(options: Options, logs: Path) -> Phase:
    """Measure the bare Flask endpoint."""
    with baseline_server("bare", logs) as server:
        targets, classify = baseline_load(server)
        return measure("bare", targets, options, classify)[0]


def run_plain(options: Options, logs: Path) -> Phase:
    """Measure the plain stack on a fresh database."""
    with (
        database(POSTGRES_ADMIN_URL, prefix="qinqing_bench") as url,
        baseline_server("plain", logs, url) as server,
    ):
        targets, classify = baseline_load(server, url)
        return measure("plain", targets, options, classify)[0]


def run_layout(options: Options, logs: Path) -> LayoutResults:
    """Bring up the distributed layout and measure the pipeline, then the intake alone."""
    with (
        database(POSTGRES_ADMIN_URL, prefix="qinqing_bench") as url,
        virtual_host(AMQP_URL, prefix="qinqing-bench") as vhost_url,
        running_layout(logs / "layout", url, vhost_url) as layout,
    ):
        engine = create_engine(url)
        try:
            return _load_layout(options, logs, layout, engine, make_url(url).database)
        finally:
            engine.dispose()


def _load_layout(
    options: Options, logs: Path, layout: Layout, engine: Engine, database_name: str
) -> LayoutResults:
    targets = intake.intake_targets(layout.urls, options.concurrency)
    results = LayoutResults({})
    downstream = {f"{name}-worker" for name in DOWNSTREAM}
    alone = "intake" in options.phases and options.profile not in downstream
    profiled = "intake" if alone else "pipeline"

    def measure_layout(name: str, probe: Callable[[], object]) -> Window:
        classify = layout_classifier(layout, database_name)
        profile_it = options if name == profiled else replace(options, profile=None)
        with _profiling(profile_it, layout.supervisor, logs) as profile:
            results.phases[name], window = measure(name, targets, options, classify, probe)
        results.profile = profile.get("profile", results.profile)
        return window

    if "pipeline" in options.phases:
        print(f"... pipeline: {_measured(options)}", flush=True)
        before = intake.count(engine)
        window = measure_layout("pipeline", lambda: intake.count(engine))
        drain_seconds, added = intake.wait_for_drain(engine, before, options.drain_timeout)
        delays = intake.delays(engine, window.start, window.end)
        first, last = window.probed
        results.pipeline = Pipeline(last.since(first), added, drain_seconds, delays)
    if "intake" in options.phases:
        print(f"... intake: {_measured(options)}", flush=True)
        for name in DOWNSTREAM:
            layout.worker(name).stop()
        window = measure_layout("intake", lambda: intake.unpublished(engine))
        results.relay = Relay(
            intake.publish_delays(engine, window.start, window.end), window.probed[1]
        )
    return results


def run_rounds(options: Options, logs: Path) -> LayoutResults:
    """Serve the chosen round phases side by side and measure them in ``options.rounds``
    rounds of back-to-back windows; the pipeline, if chosen, once before the rounds."""
    chosen = [name for name in ROUND_PHASES if name in options.phases]
    with contextlib.ExitStack() as stack:
        enter = stack.enter_context
        servers: dict[str, tuple[list[Target], cpu.Classifier]] = {}
        if "bare" in chosen:
            servers["bare"] = baseline_load(enter(baseline_server("bare", logs)))
        if "plain" in chosen:
            plain_url = enter(database(POSTGRES_ADMIN_URL, prefix="qinqing_bench"))
            plain = enter(baseline_server("plain", logs, plain_url))
            servers["plain"] = baseline_load(plain, plain_url)
        results = LayoutResults({}, rounds=[])
        engine = None
        if {"pipeline", "intake"} & set(options.phases):
            url = enter(database(POSTGRES_ADMIN_URL, prefix="qinqing_bench"))
            vhost_url = enter(virtual_host(AMQP_URL, prefix="qinqing-bench"))
            layout = enter(running_layout(logs / "layout", url, vhost_url))
            engine = create_engine(url)
            stack.callback(engine.dispose)
            if "pipeline" in options.phases:
                pipeline_only = replace(options, phases=("pipeline",))
                results = _load_layout(pipeline_only, logs, layout, engine, make_url(url).database)
                results.rounds = []
            for name in DOWNSTREAM:
                layout.worker(name).stop()
            classify = layout_classifier(layout, make_url(url).database)
            servers["intake"] = (intake.intake_targets(layout.urls, options.concurrency), classify)
        windows: dict[str, list[Phase]] = {name: [] for name in chosen}
        to_published: list[float] = []
        unpublished = 0
        for number in range(options.rounds):
            order = chosen[number % len(chosen) :] + chosen[: number % len(chosen)]
            print(f"... round {number + 1} of {options.rounds}: {', '.join(order)}", flush=True)
            for name in order:
                targets, classify = servers[name]
                probe = (lambda: intake.unpublished(engine)) if name == "intake" else lambda: None
                phase, window = measure(name, targets, options, classify, probe)
                windows[name].append(phase)
                if name == "intake":
                    to_published += intake.publish_delays(engine, window.start, window.end)
                    unpublished = window.probed[1]
            results.rounds.append(Round({name: windows[name][-1].stats.rate for name in order}))
    results.phases.update({name: combined(windows[name]) for name in chosen})
    if "intake" in chosen:
        results.relay = Relay(sorted(to_published), unpublished)
    return results


@contextlib.contextmanager
def _profiling(options: Options, supervisor: Supervisor, logs: Path) -> Iterator[dict]:
    """With ``--profile NAME``: sample that process (and its children) with py-spy, from
    the end of the warm-up; the summary is under ``"profile"`` afterwards."""
    result: dict = {}
    if not options.profile:
        yield result
        return
    pid = supervisor[options.profile].popen.pid
    output = logs / f"{options.profile}.pyspy.txt"
    seconds = min(PROFILE_SECONDS, options.duration)
    recorders = []
    timer = threading.Timer(
        options.warmup, lambda: recorders.append(start_recording(pid, seconds, output))
    )
    timer.start()
    try:
        yield result
    finally:
        timer.cancel()
        for recorder in recorders:
            recorder.communicate(timeout=seconds + 30)
    if output.exists():
        result["profile"] = read_profile(output)


def _measured(options: Options) -> str:
    return f"{options.warmup:g} s warm-up, {options.duration:g} s measured"


def run(options: Options, logs: Path) -> None:
    """Run the chosen phases and print the report."""
    phases: dict[str, Phase] = {}
    load_average = os.getloadavg()[0]
    if options.rounds > 1:
        results = run_rounds(options, logs)
        ordered = {name: results.phases[name] for name in PHASES if name in results.phases}
        report.print_report(options, ordered, results, load_average)
        return
    for name in options.phases:
        if name not in LAYOUT_PHASES:
            print(f"... {name}: {_measured(options)}", flush=True)
            phases[name] = (run_bare if name == "bare" else run_plain)(options, logs)
    results = LayoutResults({})
    if set(options.phases) & set(LAYOUT_PHASES):
        results = run_layout(options, logs)
    phases.update(results.phases)
    ordered = {name: phases[name] for name in PHASES if name in phases}
    report.print_report(options, ordered, results, load_average)


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench.thin_slice",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--duration", type=float, default=10, help="measured seconds per window of a phase"
    )
    parser.add_argument("--warmup", type=float, default=2, help="unmeasured seconds first")
    parser.add_argument("--concurrency", type=int, default=8, help="connections (clients)")
    parser.add_argument(
        "--rate", type=float, help="requests/s offered in all (default: as many as answered)"
    )
    parser.add_argument(
        "--phases", default=",".join(PHASES), help="comma-separated, of: " + ", ".join(PHASES)
    )
    parser.add_argument("--drain-timeout", type=float, default=120, help="seconds")
    parser.add_argument(
        "--profile",
        metavar="PROCESS",
        help="sample one layout process with py-spy during the intake (or the pipeline "
        "when the intake is not run): forms-web, workflow-worker, ... (pip install py-spy)",
    )
    parser.add_argument("--keep-logs", action="store_true", help="keep the processes' logs")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="measure bare, plain and intake side by side in this many rounds of "
        "back-to-back windows of --duration seconds, and judge by the median ratio",
    )
    args = parser.parse_args(argv)
    phases = tuple(name.strip() for name in args.phases.split(",") if name.strip())
    if not phases or set(phases) - set(PHASES):
        parser.error(f"--phases takes names among {', '.join(PHASES)}")
    if args.profile and args.profile not in LAYOUT_PROCESSES:
        parser.error(f"--profile takes one of {', '.join(LAYOUT_PROCESSES)}")
    if min(args.duration, args.concurrency, args.rate or 1) <= 0 or args.rate == 0:
        parser.error("--duration, --concurrency and --rate must be positive")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.rounds > 1 and args.profile:
        parser.error("--profile samples one window: use it without --rounds")
    if args.warmup < 0:
        parser.error("--warmup must not be negative")
    return Options(
        args.duration,
        args.warmup,
        args.concurrency,
        args.rate,
        phases,
        args.drain_timeout,
        args.profile,
        args.keep_logs,
        args.rounds,
    )


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark; the processes' logs are kept when it fails or when asked."""
    options = parse_options(argv)
    logs = Path(tempfile.mkdtemp(prefix="qinqing-bench-"))
    try:
        run(options, logs)
    except BaseException:
        print(f"Benchmark failed; the processes' logs are in {logs}", file=sys.stderr)
        raise
    if options.keep_logs:
        print(f"The processes' logs are in {logs}")
    else:
        shutil.rmtree(logs, ignore_errors=True)


if __name__ == "__main__":
    main()
