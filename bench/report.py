"""The thin-slice benchmark's printed report: throughput and ratios, the verdict against
the floor and the goal, the intake's relay, the pipeline behind it, and who used the CPU."""

from __future__ import annotations

import os
import statistics
from typing import TYPE_CHECKING

from bench.cpu import IDLE, REST
from bench.load import percentile
from shared.testing.layout import WEB_THREADS, WEB_WORKERS

if TYPE_CHECKING:
    from bench.profile import Profile
    from bench.thin_slice import LayoutResults, Options, Phase, Pipeline, Relay, Round

TITLES = {
    "bare": "bare Flask JSON endpoint",
    "plain": "plain stack (marshmallow + ORM commit)",
    "pipeline": "pipeline (whole layout under the load)",
    "intake": "intake (forms API, outbox row, relay)",
}
#: The issue's figure for the plain stack on a 2-core machine, which the intake must not
#: fall below; the plain stack measured in the same run is printed beside it.
ISSUE_FLOOR = 0.24
#: The later goal: half a bare endpoint.
GOAL = 0.5
LOAD_GENERATOR = "load generator (this process)"
#: The CPU group of the web process that answers each phase's requests.
WEB_PROCESS = {
    "bare": "web app",
    "plain": "web app",
    "pipeline": "forms-web",
    "intake": "forms-web",
}


def print_report(
    options: Options, phases: dict[str, Phase], layout: LayoutResults, load_average: float
) -> None:
    """Print every section that the phases run allow; ``load_average`` is the machine's
    (one minute) before the run, a hint of what else was running."""
    print()
    offered = f"offering {options.rate:g} requests/s" if options.rate else "closed loop"
    print(
        f"Qinqing thin-slice benchmark: {os.cpu_count()} CPUs, {options.concurrency} "
        f"connections ({offered}), {options.duration:g} s measured after "
        f"{options.warmup:g} s warm-up; gunicorn gthread, {WEB_WORKERS} worker x "
        f"{WEB_THREADS} threads per web app; load average before the run {load_average:.2f}"
    )
    print()
    _print_throughput(phases)
    if layout.rounds:
        _print_rounds(layout.rounds)
    _print_verdict(phases, layout.rounds)
    if layout.relay is not None:
        _print_relay(phases["intake"], layout.relay)
    if layout.pipeline is not None:
        _print_pipeline(phases["pipeline"], layout.pipeline)
    _print_cpu(phases)
    if layout.profile is not None:
        _print_profile(options.profile, layout.profile)


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


def _s(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f}"


def _print_throughput(phases: dict[str, Phase]) -> None:
    bare = phases.get("bare")
    print(f"{'phase':<40} {'req/s':>8} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8} {'x bare':>7}")
    for name, phase in phases.items():
        stats = phase.stats
        ratio = f"{stats.rate / bare.stats.rate:.2f}" if bare and bare.stats.rate else "-"
        p50, p99 = percentile(stats.latencies, 0.5), percentile(stats.latencies, 0.99)
        print(
            f"{TITLES[name]:<40} {stats.rate:8.1f} {stats.errors:7d} "
            f"{_ms(p50):>8} {_ms(p99):>8} {ratio:>7}"
        )
        if stats.errors:
            print(f"    statuses {dict(stats.statuses)}; first error: {stats.first_error}")
    print()


def _median_ratio(rounds: list[Round], name: str) -> float | None:
    """The median over the rounds of ``name``'s ratio to the bare endpoint."""
    ratios = [ratio for each in rounds if (ratio := each.ratio(name)) is not None]
    return statistics.median(ratios) if ratios else None


def _print_rounds(rounds: list[Round]) -> None:
    names = [name for name in ("bare", "plain", "intake") if name in rounds[0].rates]
    print("Rounds (req/s of back-to-back windows, and x bare within the round):")
    print(f"  {'round':<7}" + "".join(f"{name:>9}" for name in names) + "   plain x  intake x")
    for number, each in enumerate(rounds, 1):
        ratios = "".join(
            f"{ratio:>9.2f}" if (ratio := each.ratio(name)) is not None else f"{'-':>9}"
            for name in ("plain", "intake")
        )
        rates = "".join(f"{each.rates[name]:9.1f}" for name in names)
        print(f"  {number:<7}{rates} {ratios}")
    print()


def _print_verdict(phases: dict[str, Phase], rounds: list[Round] | None = None) -> None:
    """The intake against the floor and the goal: by the ratio of the two windows, or
    with ``rounds`` by the median of the rounds' ratios."""
    if not {"bare", "intake"} <= phases.keys() or not phases["bare"].stats.rate:
        return
    bare = phases["bare"].stats.rate
    ratio = phases["intake"].stats.rate / bare
    plain = phases["plain"].stats.rate / bare if "plain" in phases else None
    if rounds:
        ratio, plain = _median_ratio(rounds, "intake"), _median_ratio(rounds, "plain")
        print(f"Median of {len(rounds)} rounds: intake {ratio:.2f}x bare.")
    verdict = "met" if ratio >= ISSUE_FLOOR else "NOT met"
    short = "" if ratio >= ISSUE_FLOOR else f" ({(1 - ratio / ISSUE_FLOOR) * 100:.0f} % short)"
    print(
        f"Floor {ISSUE_FLOOR:.2f}x (the issue's figure for the plain stack) {verdict}: "
        f"intake {ratio:.2f}x{short}."
    )
    if plain:
        print(
            f"Beside the plain stack measured in this run ({plain:.2f}x): intake at "
            f"{ratio / plain * 100:.0f} % of it."
        )
    print(
        f"Goal {GOAL:.1f}x: intake is at {ratio / GOAL * 100:.0f} % of it."
        if ratio
        else f"Goal {GOAL:.1f}x: no submission was accepted."
    )
    print()


def _print_relay(phase: Phase, relay: Relay) -> None:
    print("Intake alone (workflow's, notify's and reports' workers stopped):")
    p50, p99 = percentile(relay.to_published, 0.5), percentile(relay.to_published, 0.99)
    print(
        f"  seconds from the submission's row to its event published by forms' relay: "
        f"p50 {_s(p50)}  p99 {_s(p99)}"
    )
    print(f"  events still unpublished when the window ended: {relay.unpublished}")
    cores = phase.cpu.get("forms-web", 0.0)
    if phase.stats.rate and cores:
        cost = cores / phase.stats.rate
        print(f"  forms-web: {cost * 1000:.2f} ms CPU per submission, {1 / cost:.0f}/s per core")
    print()


def _print_pipeline(phase: Phase, pipeline: Pipeline) -> None:
    seconds, during = phase.stats.seconds, pipeline.during_load
    done = pipeline.after_drain
    print("Pipeline (submission -> ticket in workflow -> inbox item in notify):")
    print(f"  submissions accepted/s (201)       {phase.stats.rate:8.1f}")
    print(f"  tickets routed/s during the load   {during.tickets / seconds:8.1f}")
    print(f"  inbox items/s during the load      {during.inbox_items / seconds:8.1f}")
    state = "drained" if done.drained else "NOT drained"
    print(
        f"  after the load: {state} in {pipeline.drain_seconds:.1f} s "
        f"({done.submissions} submissions, {done.tickets} tickets, "
        f"{done.inbox_items} inbox items in the whole run)"
    )
    delays = pipeline.delays
    print(
        f"  seconds from the submission's row, for the {len(delays.to_inbox)} filed while measured:"
    )
    for label, values in (
        ("event published by forms' relay", delays.to_published),
        ("ticket opened by workflow", delays.to_ticket),
        ("inbox item created by notify", delays.to_inbox),
    ):
        p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
        last = values[-1] if values else None
        print(f"    {label:<34} p50 {_s(p50):>6}  p99 {_s(p99):>6}  max {_s(last):>6}")
    _print_unit_costs(phase, during.tickets / seconds)
    print()


def _print_unit_costs(phase: Phase, tickets_per_second: float) -> None:
    """CPU of each process per piece of its own work, and what one core would carry."""
    work = {"forms-web": ("submission", phase.stats.rate)}
    for worker in ("workflow-worker", "notify-worker", "reports-worker"):
        work[worker] = ("ticket", tickets_per_second)
    print("  CPU per piece of work (ms), and what a whole core would carry (/s):")
    for process, (unit, rate) in work.items():
        cores = phase.cpu.get(process, 0.0)
        if rate and cores:
            cost = cores / rate
            print(f"    {process:<18} {cost * 1000:6.1f} ms per {unit:<10} {1 / cost:7.0f}/s")


def _print_cpu(phases: dict[str, Phase]) -> None:
    names = list(phases)
    groups = sorted({group for phase in phases.values() for group in phase.cpu} - {REST, IDLE})
    print(f"Cores busy during each measured window (of {os.cpu_count()}):")
    print(f"  {'':<40}" + "".join(f"{name:>9}" for name in names))
    for group in [*groups, REST, IDLE]:
        print(f"  {group:<40}" + "".join(f"{phases[n].cpu.get(group, 0.0):9.2f}" for n in names))
    for label, cell in (
        ("machine CPU us per accepted request", _machine_us),
        ("web process CPU us per accepted request", _web_us),
        ("load generator CPU us per request", _client_us),
    ):
        print(f"  {label:<40}" + "".join(f"{cell(phases[name]):>9}" for name in names))
    print()


def _machine_us(phase: Phase) -> str:
    busy = sum(cores for group, cores in phase.cpu.items() if group != IDLE)
    return f"{busy / phase.stats.rate * 1e6:.0f}" if phase.stats.rate else "-"


def _web_us(phase: Phase) -> str:
    cores = phase.cpu.get(WEB_PROCESS.get(phase.name, ""), 0.0)
    return f"{cores / phase.stats.rate * 1e6:.0f}" if phase.stats.rate else "-"


def _client_us(phase: Phase) -> str:
    requests = sum(phase.stats.statuses.values()) / phase.stats.seconds
    return f"{phase.cpu.get(LOAD_GENERATOR, 0.0) / requests * 1e6:.0f}" if requests else "-"


def _print_profile(name: str, profile: Profile, limit: int = 12) -> None:
    print(f"py-spy of {name} ({profile.samples} samples):")
    print("  most samples running in the frame itself:")
    for frame, share in profile.top_own(limit):
        print(f"    {share * 100:5.1f} %  {frame}")
    print("  the project's frames with the most samples beneath them:")
    for frame, share in profile.top_project(limit):
        print(f"    {share * 100:5.1f} %  {frame}")
    print()
