"""Who used the machine's CPU during a measurement, from Linux's ``/proc``.

A snapshot reads every process's user and system time; the difference of two snapshots,
grouped by a classifier (process session, PostgreSQL database, …), says how many cores
each part of the system kept busy, and ``/proc/stat`` says how busy the whole machine was.
Processes that exit between two snapshots are not counted (the servers measured live
throughout).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
#: The group of whatever no classifier claims, and of the machine's idle time.
REST = "rest of the machine"
IDLE = "idle"


@dataclass(frozen=True)
class ProcessCpu:
    """One process's identity and the CPU seconds it has used so far."""

    pid: int
    session: int
    name: str
    seconds: float


#: Names a process's group, or None to leave it to the rest of the machine.
Classifier = Callable[[ProcessCpu], str | None]


@dataclass(frozen=True)
class Snapshot:
    """CPU seconds by process, and the machine's busy and elapsed CPU seconds."""

    at: float
    processes: dict[int, ProcessCpu]
    machine_busy: float
    machine_total: float


def read_process(stat_path: Path) -> ProcessCpu | None:
    """Parse one ``/proc/PID/stat``; None when the process is gone."""
    try:
        text = stat_path.read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    # After the name: state, ppid, pgrp, session, ... utime (12th), stime (13th).
    seconds = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return ProcessCpu(int(stat_path.parent.name), int(fields[3]), name, seconds)


def read_machine() -> tuple[float, float]:
    """The machine's busy and total CPU seconds since boot, over all cores."""
    values = [int(value) for value in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    total = sum(values[:8])  # guest time is already counted in user time
    return (total - idle) / CLOCK_TICKS, total / CLOCK_TICKS


def snapshot() -> Snapshot:
    """Read every process and the machine now."""
    processes = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (process := read_process(entry / "stat")):
            processes[process.pid] = process
    busy, total = read_machine()
    return Snapshot(time.monotonic(), processes, busy, total)


def cores_used(before: Snapshot, after: Snapshot, classify: Classifier) -> dict[str, float]:
    """Cores each group kept busy between two snapshots (CPU seconds per second).

    :returns: a group name -> cores mapping, with ``REST`` for processes nobody claimed
        (and those that exited) and ``IDLE`` for the idle cores.
    """
    wall = after.at - before.at
    used: dict[str, float] = {}
    for pid, process in after.processes.items():
        group = classify(process)
        previous = before.processes.get(pid)
        delta = process.seconds - (previous.seconds if previous else 0.0)
        if group is not None and delta > 0:
            used[group] = used.get(group, 0.0) + delta / wall
    busy = (after.machine_busy - before.machine_busy) / wall
    total = (after.machine_total - before.machine_total) / wall
    used[REST] = max(busy - sum(used.values()), 0.0)
    used[IDLE] = max(total - busy, 0.0)
    return used


def command_line(pid: int) -> str:
    """A process's command line with spaces between arguments; empty when it is gone."""
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def classifier(sessions: dict[int, str], database: str | None) -> Classifier:
    """Group processes by the session they run in (``sessions``: session id -> group),
    PostgreSQL's backends serving ``database``, RabbitMQ, and this process.

    PostgreSQL's shared processes (WAL writer, checkpointer) and backends of other
    databases stay with the rest of the machine.
    """
    me = os.getpid()

    def classify(process: ProcessCpu) -> str | None:
        if process.pid == me:
            return "load generator (this process)"
        if process.session in sessions:
            return sessions[process.session]
        if process.name == "beam.smp":
            return "rabbitmq (whole broker)"
        if database and process.name == "postgres" and f" {database} " in command_line(process.pid):
            return "postgresql (backends of this database)"
        return None

    return classify
