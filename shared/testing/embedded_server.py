"""The embedded system (``qinqing run``) as a subprocess on a free port.

Browser tests and the README screenshots drive the same thing a person gets from
``qinqing run``: every service in one process on SQLite files, seeded with the demo
province on first start. The process runs in its own session (process group) in a
working directory of its own; its output goes to ``qinqing.log`` there.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from shared.testing.processes import free_port, http_ok

HOST = "127.0.0.1"
#: Seconds the first start (migrations, seeding, gunicorn) may take before /healthz answers.
READY_TIMEOUT = 90.0
#: Seconds a graceful stop may take before the process group is killed.
STOP_TIMEOUT = 10.0


class EmbeddedServerFailed(RuntimeError):
    """Raised when the embedded run exits or is not healthy in time; carries its output."""


def qinqing_command() -> str:
    """The ``qinqing`` script installed next to the running Python (the virtualenv's)."""
    return str(Path(sys.executable).with_name("qinqing"))


def embedded_environment(work_dir: Path) -> dict[str, str]:
    """The caller's environment without any ``QINQING_*`` setting, plus the embedded run's:
    SQLite files and the var directory under ``work_dir``, and a fixed secret key.

    Dropping the caller's settings keeps, say, a ``QINQING_AMQP_URL`` from turning the
    embedded run into a distributed one.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("QINQING_")}
    var_dir = work_dir / "var"
    env["QINQING_DATABASE_URL"] = f"sqlite:///{var_dir}"
    env["QINQING_VAR_DIR"] = str(var_dir)
    env["QINQING_SECRET_KEY"] = "test"
    return env


class EmbeddedServer:
    """``qinqing run`` in ``work_dir`` on a free port of ``host``.

    :param work_dir: an empty directory: the working directory, the data and the log.
    :param host: the address to listen on.
    """

    def __init__(self, work_dir: Path, host: str = HOST):
        self.work_dir = Path(work_dir)
        self.port = free_port(host)
        self.base_url = f"http://{host}:{self.port}"
        self.log_path = self.work_dir / "qinqing.log"
        self.popen: subprocess.Popen | None = None

    def start(self, timeout: float = READY_TIMEOUT) -> EmbeddedServer:
        """Start the process and wait until ``GET /healthz`` answers 200.

        :raises EmbeddedServerFailed: when it exits first or ``timeout`` seconds pass;
            the message ends with the process's output.
        """
        argv = [qinqing_command(), "run", "--host", HOST, "--port", str(self.port)]
        with open(self.log_path, "ab") as log:
            self.popen = subprocess.Popen(
                argv,
                cwd=self.work_dir,
                env=embedded_environment(self.work_dir),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_until_healthy(timeout)
        return self

    def _wait_until_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not http_ok(f"{self.base_url}/healthz"):
            if self.popen.poll() is not None:
                self._fail(f"qinqing run exited ({self.popen.returncode}) before it was healthy")
            if time.monotonic() > deadline:
                self.stop()
                self._fail(f"qinqing run was not healthy within {timeout:.0f} s")
            time.sleep(0.25)

    def _fail(self, reason: str) -> None:
        raise EmbeddedServerFailed(f"{reason}; its output:\n{self.output()}")

    def output(self, lines: int = 80) -> str:
        """The last ``lines`` lines the process wrote."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM to the process group, SIGKILL after ``timeout`` seconds; no-op when gone."""
        if self.popen is None or self.popen.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.popen.wait()

    def _signal(self, signum: int) -> None:
        # The group may be gone already: the leader exited and took its workers with it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signum)

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
