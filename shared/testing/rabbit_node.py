"""A private RabbitMQ node for tests that stop the broker.

Tests must never stop the machine's shared broker (see PITFALLS): this one runs
``rabbitmq-server`` in the foreground as a child process, with its own node name, ports,
data directory and logs, so stopping and starting it again (on the same data and port)
touches nobody else.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from shared.testing.processes import Process, ProcessFailed, free_port, port_accepts

#: Seconds a node may take to accept connections (3 to 6 here).
START_TIMEOUT = 60


def rabbitmq_installed() -> bool:
    """Whether ``rabbitmq-server`` and ``rabbitmqctl`` are on the PATH and this user may run
    them (Debian's wrappers run only as root, which they turn into the ``rabbitmq`` user)."""
    found = shutil.which("rabbitmq-server") and shutil.which("rabbitmqctl")
    return bool(found) and os.geteuid() == 0


class RabbitNode:
    """One RabbitMQ node with a name and ports of its own, listening on 127.0.0.1 only.

    The server drops to the ``rabbitmq`` user, which cannot enter pytest's private
    temporary directories, so the node keeps its files in a world-writable directory of
    its own under the system's temporary directory; :meth:`remove` deletes it.

    :param log_dir: where the output of ``rabbitmq-server`` goes (its own directory when
        omitted).
    """

    def __init__(self, log_dir: Path | None = None):
        self.base_dir = Path(tempfile.mkdtemp(prefix="qinqing-rabbit-"))
        self.port = free_port()
        self.node = f"qinqing-test-{uuid.uuid4().hex[:8]}@localhost"
        self._write_config()
        log_path = Path(log_dir or self.base_dir) / "rabbitmq-node.log"
        self.process = Process("rabbitmq", ["rabbitmq-server"], self._env(), log_path)

    @property
    def amqp_url(self) -> str:
        """The URL of the default virtual host, as the guest user."""
        return f"amqp://guest:guest@127.0.0.1:{self.port}/%2F"

    def _write_config(self) -> None:
        for part in ("mnesia", "log"):
            (self.base_dir / part).mkdir(parents=True, exist_ok=True)
        (self.base_dir / "plugins").touch()
        (self.base_dir / "rabbitmq.conf").write_text(
            f"listeners.tcp.1 = 127.0.0.1:{self.port}\nloopback_users = none\n"
        )
        for path in [self.base_dir, *self.base_dir.rglob("*")]:
            path.chmod(0o777)

    def _env(self) -> dict[str, str]:
        d = self.base_dir
        return {
            **os.environ,
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_CONFIG_FILE": str(d / "rabbitmq.conf"),
            "RABBITMQ_DIST_PORT": str(free_port()),
            "RABBITMQ_MNESIA_BASE": str(d / "mnesia"),
            "RABBITMQ_FEATURE_FLAGS_FILE": str(d / "ff"),
            "RABBITMQ_LOG_BASE": str(d / "log"),
            "RABBITMQ_PID_FILE": str(d / "pid"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(d / "plugins"),
            # The server runs in the rabbitmq user's home; a crash dump belongs here instead.
            "ERL_CRASH_DUMP": str(d / "erl_crash.dump"),
        }

    @property
    def vm_pid(self) -> int | None:
        """The Erlang VM's process id, from the pid file the node writes as it boots."""
        try:
            return int((self.base_dir / "pid").read_text().strip())
        except (OSError, ValueError):
            return None

    @property
    def running(self) -> bool:
        """Whether the node's Erlang VM is alive (a recycled pid does not count)."""
        pid = self.vm_pid
        return pid is not None and _environment_has(pid, f"RABBITMQ_NODENAME={self.node}")

    def start(self, timeout: float = START_TIMEOUT) -> RabbitNode:
        """Start the node (again, on the same data and port) and wait for its listener.

        :raises ProcessFailed: when something still listens on the node's port, or the
            node does not accept connections within ``timeout`` seconds.
        """
        if port_accepts("127.0.0.1", self.port):
            raise ProcessFailed(f"port {self.port} is still taken; is the old node alive?")
        (self.base_dir / "pid").unlink(missing_ok=True)
        self.process.start()
        self.process.wait_for_port(self.port, timeout=timeout)
        return self

    def stop(self, timeout: float = 30) -> None:
        """Stop the node cleanly with ``rabbitmqctl stop``, which waits for the VM to end."""
        if self.running:
            subprocess.run(
                ["rabbitmqctl", "-n", self.node, "stop", str(self.base_dir / "pid")],
                env=self.process.env,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        self._end_vm(grace=timeout)
        self.process.stop(timeout)

    def kill(self) -> None:
        """``kill -9`` the node's Erlang VM, as a crash would."""
        self._end_vm(grace=0)
        self.process.kill()

    def _end_vm(self, grace: float) -> None:
        """Give the VM ``grace`` seconds to end, then kill it, and wait until it is gone.

        ``rabbitmq-server`` runs the VM through ``su``, in a session of its own: a signal
        to the process group this object started does not reach it, so it goes by pid.
        """
        _wait_while(lambda: self.running, grace)
        pid = self.vm_pid
        if self.running and pid is not None:
            os.kill(pid, signal.SIGKILL)
        # The VM's main thread shows as ended before its other threads have closed the
        # listener; the node is down once nothing accepts on its port.
        if not _wait_while(lambda: self.running or port_accepts("127.0.0.1", self.port), 30):
            raise ProcessFailed(f"{self.node} still holds port {self.port}")

    def remove(self) -> None:
        """Kill the node if it still runs and delete its files."""
        self.kill()
        shutil.rmtree(self.base_dir, ignore_errors=True)


def _wait_while(condition, seconds: float) -> bool:
    """Poll ``condition`` until it is false (True) or ``seconds`` pass (False)."""
    deadline = time.monotonic() + seconds
    while condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def _environment_has(pid: int, entry: str) -> bool:
    """Whether process ``pid`` lives and was started with ``entry`` in its environment (a
    process that has ended, even one not yet reaped, shows an empty environment)."""
    try:
        environment = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False
    return entry.encode() in environment.split(b"\0")
