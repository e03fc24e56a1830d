"""A private RabbitMQ node for tests that stop the broker.

Tests must never stop the machine's shared broker (see PITFALLS): this one runs
``rabbitmq-server`` in the foreground as a child process, with its own node name, ports,
data directory and logs, so stopping and starting it again (on the same data and port)
touches nobody else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from shared.testing.processes import Process, free_port

#: Seconds a node may take to accept connections (about 6 here).
START_TIMEOUT = 60


def rabbitmq_installed() -> bool:
    """Whether ``rabbitmq-server`` and ``rabbitmqctl`` are on the PATH."""
    return bool(shutil.which("rabbitmq-server") and shutil.which("rabbitmqctl"))


class RabbitNode:
    """One RabbitMQ node under ``base_dir``, listening on 127.0.0.1 only.

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

    def start(self, timeout: float = START_TIMEOUT) -> RabbitNode:
        """Start the node (again, on the same data and port) and wait for its listener."""
        self.process.start()
        self.process.wait_for_port(self.port, timeout=timeout)
        return self

    def stop(self, timeout: float = 30) -> None:
        """Stop the node cleanly with ``rabbitmqctl stop``; terminate it if that fails."""
        if not self.process.running:
            return
        subprocess.run(
            ["rabbitmqctl", "-n", self.node, "stop"],
            env=self.process.env,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        self.process.stop(timeout)

    def kill(self) -> None:
        """``kill -9`` the node, as a crash would."""
        self.process.kill()

    def remove(self) -> None:
        """Kill the node if it still runs and delete its files."""
        if self.process.running:
            self.kill()
        shutil.rmtree(self.base_dir, ignore_errors=True)
