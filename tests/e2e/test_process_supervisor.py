"""The process supervisor the end-to-end tests stand on: it stops what it starts, whole,
and tells a process that died from one that is slow."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from shared.testing.processes import ProcessFailed, Supervisor, free_port
from tests.e2e.api_client import poll

PYTHON = sys.executable
IGNORES_SIGTERM = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "print('ready', flush=True); time.sleep(300)"
)


def printed(process, pattern: str) -> re.Match | None:
    """The first line the process printed that matches ``pattern`` (not its log header)."""
    return re.search(f"^{pattern}$", process.log_text().split("\n", 1)[1], re.MULTILINE)


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def supervisor(tmp_path):
    supervisor = Supervisor(tmp_path / "logs")
    yield supervisor
    supervisor.stop_all(timeout=1)


def test_stop_terminates_the_children_of_the_process_too(supervisor):
    process = supervisor.start("parent", ["sh", "-c", "sleep 300 & echo child $!; wait"])
    child = int(poll(lambda: printed(process, r"child (\d+)")).group(1))

    status = process.stop()

    assert status == -15
    assert poll(lambda: not alive(child), deadline=5)


def test_stop_kills_a_process_that_ignores_sigterm(supervisor):
    process = supervisor.start("stubborn", [PYTHON, "-c", IGNORES_SIGTERM])
    poll(lambda: printed(process, "ready"))

    assert process.stop(timeout=0.5) == -9
    assert not process.running


def test_kill_ends_the_process_at_once(supervisor):
    process = supervisor.start("sleeper", ["sleep", "300"])

    assert process.kill() == -9
    assert not process.running


def test_a_restarted_process_appends_to_its_log(supervisor):
    process = supervisor.start("echo", ["echo", "hello"])
    process.popen.wait(10)

    process.start().popen.wait(10)

    assert process.log_text().count("--- start: echo hello\nhello\n") == 2


def test_a_name_runs_once_at_a_time(supervisor):
    supervisor.start("sleeper", ["sleep", "300"])

    with pytest.raises(ProcessFailed, match="already running"):
        supervisor.start("sleeper", ["sleep", "300"])


def test_waiting_for_a_port_fails_as_soon_as_the_process_exits(supervisor):
    process = supervisor.start("quitter", ["sh", "-c", "exit 3"])

    with pytest.raises(ProcessFailed, match=r"quitter exited \(3\) before listener"):
        process.wait_for_port(free_port(), timeout=30)


def test_waiting_for_http_fails_after_its_timeout(supervisor):
    process = supervisor.start("silent", ["sleep", "300"])

    with pytest.raises(ProcessFailed, match="within 0.5s"):
        process.wait_for_http(f"http://127.0.0.1:{free_port()}/", timeout=0.5)


def test_waiting_for_http_returns_once_the_server_answers(supervisor):
    port = free_port()
    argv = [PYTHON, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    process = supervisor.start("web", argv, env={"PYTHONUNBUFFERED": "1"})

    process.wait_for_http(f"http://127.0.0.1:{port}/", timeout=30)

    assert process.running


def test_log_tails_name_every_process_with_its_status(supervisor):
    supervisor.start("echo", ["echo", "said once"]).popen.wait(10)
    supervisor.start("sleeper", ["sleep", "300"])

    tails = supervisor.log_tails()

    assert "===== echo (exited 0)" in tails and "said once" in tails
    assert "===== sleeper (running)" in tails
