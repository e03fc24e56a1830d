"""A small process supervisor for tests that run Qinqing as separate OS processes.

Each process runs in its own session (process group), so stopping or killing it reaches
the children it started too (gunicorn's workers). Its standard output and error go to a
log file; :meth:`Supervisor.log_tails` gives the end of every log, for a failure report.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

#: prctl option: the signal a process gets when its parent thread exits.
PR_SET_PDEATHSIG = 1


def _load_prctl():
    # Looked up here, in the parent: loading a library between fork and exec may deadlock.
    try:
        return ctypes.CDLL(None).prctl
    except (OSError, AttributeError):
        return None


_prctl = _load_prctl()


def _die_with_parent() -> None:
    """In the child before exec: receive SIGTERM when the test run that started it dies,
    so a killed test run leaves no servers behind (Linux only; elsewhere a no-op)."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class ProcessFailed(RuntimeError):
    """Raised when a supervised process exits, or is not ready in time."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the kernel's pick for port 0)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def port_accepts(host: str, port: int) -> bool:
    """Whether a TCP connection to ``host:port`` succeeds now."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def http_ok(url: str) -> bool:
    """Whether a GET of ``url`` answers with a 2xx status now."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return 200 <= response.status < 300
    except (OSError, http.client.HTTPException):
        return False


class Process:
    """One named command, started with its own environment and log file.

    :param name: a short name, unique in its supervisor (``forms-web``).
    :param argv: the command and its arguments.
    :param env: the complete environment of the process.
    :param log_path: where its output goes; a restart appends to it.
    """

    def __init__(self, name: str, argv: Sequence[str], env: Mapping[str, str], log_path: Path):
        self.name = name
        self.argv = list(argv)
        self.env = dict(env)
        self.log_path = log_path
        self.popen: subprocess.Popen | None = None

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def start(self) -> Process:
        """Start the command (again); its output is appended to the log."""
        if self.running:
            raise ProcessFailed(f"{self.name} is already running")
        with open(self.log_path, "ab") as log:
            log.write(f"--- start: {' '.join(self.argv)}\n".encode())
            log.flush()
            self.popen = subprocess.Popen(
                self.argv,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        return self

    def stop(self, timeout: float = 10.0) -> int | None:
        """Send SIGTERM to the process group, then SIGKILL after ``timeout`` seconds.

        :returns: the exit status, or None when it was not running.
        """
        if not self.running:
            return self.popen.returncode if self.popen else None
        self._signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return self.kill()

    def kill(self) -> int | None:
        """``kill -9`` the process group at once, as a crash would.

        :returns: the exit status, or None when it was never started.
        """
        if self.popen is None:
            return None
        if self.popen.poll() is None:
            self._signal(signal.SIGKILL)
        return self.popen.wait()

    def restart(self) -> Process:
        """Stop (gracefully) and start again."""
        self.stop()
        return self.start()

    def _signal(self, signum: int) -> None:
        # Only called while the leader is not yet reaped, so the group id is still ours;
        # the leader may have just exited, taking its children with it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signum)

    def wait_until(self, ready: Callable[[], bool], timeout: float, what: str) -> None:
        """Poll ``ready`` until it is true.

        :raises ProcessFailed: when the process exits first, or ``timeout`` seconds pass.
        """
        deadline = time.monotonic() + timeout
        while not ready():
            if not self.running:
                raise ProcessFailed(f"{self.name} exited ({self.popen.returncode}) before {what}")
            if time.monotonic() > deadline:
                raise ProcessFailed(f"{self.name}: no {what} within {timeout}s")
            time.sleep(0.2)

    def wait_for_port(self, port: int, host: str = "127.0.0.1", timeout: float = 30) -> None:
        """Wait until the process (or anything) accepts connections on ``host:port``."""
        self.wait_until(lambda: port_accepts(host, port), timeout, f"listener on {host}:{port}")

    def wait_for_http(self, url: str, timeout: float = 30) -> None:
        """Wait until a GET of ``url`` answers 2xx."""
        self.wait_until(lambda: http_ok(url), timeout, f"2xx from {url}")

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the log."""
        return "\n".join(self.log_text().splitlines()[-lines:])


class Supervisor:
    """Named processes sharing a log directory and a base environment.

    :param log_dir: where each process's ``<name>.log`` goes.
    :param env: the environment every process starts from (``os.environ`` when omitted).
    """

    def __init__(self, log_dir: Path, env: Mapping[str, str] | None = None):
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ if env is None else env)
        self.processes: dict[str, Process] = {}

    def start(
        self, name: str, argv: Sequence[str], env: Mapping[str, str] | None = None
    ) -> Process:
        """Start ``argv`` as process ``name`` with the base environment plus ``env``.

        :raises ProcessFailed: when a process of that name is already running.
        """
        if name in self.processes and self.processes[name].running:
            raise ProcessFailed(f"{name} is already running")
        process = Process(name, argv, {**self.env, **(env or {})}, self.log_dir / f"{name}.log")
        self.processes[name] = process
        return process.start()

    def __getitem__(self, name: str) -> Process:
        return self.processes[name]

    def stop_all(self, timeout: float = 10.0) -> None:
        """Stop every process, the most recently started first."""
        for process in reversed(list(self.processes.values())):
            process.stop(timeout)

    def log_tails(self, lines: int = 40) -> str:
        """The end of every process's log, each under a header with its name and status."""
        parts = []
        for process in self.processes.values():
            status = "running" if process.running else f"exited {process.popen.returncode}"
            parts.append(f"===== {process.name} ({status}): {process.log_path}\n")
            parts.append(process.tail(lines) + "\n")
        return "".join(parts)
