"""Sampling one process with py-spy while it is under load, and summarising the samples.

py-spy is not a dependency of the project: ``pip install py-spy`` first. It samples the
process from outside (ptrace), so the app runs unchanged; ``--nonblocking`` keeps the
pauses out of its latency. Only samples of a thread holding the GIL are kept, so the
shares say where the process spends its CPU, not where it waits for the database.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

#: A frame of py-spy's raw output: ``function (path/to/file.py:123)``.
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>.*?)(?::\d+)?\)$")
ROOT = f"{Path(__file__).resolve().parents[1]}/"
_STDLIB = re.compile(r"^.*/lib/python3\.\d+/")
#: The project's own packages, for the "our code" summary.
PROJECT_PACKAGES = ("services", "shared", "qinqing")


def py_spy() -> str | None:
    """The py-spy executable beside this Python or on the PATH, if installed."""
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


def start_recording(pid: int, seconds: float, output: Path) -> subprocess.Popen:
    """Sample ``pid`` and its children for ``seconds`` into ``output`` (collapsed stacks).

    :raises RuntimeError: when py-spy is not installed.
    """
    executable = py_spy()
    if executable is None:
        raise RuntimeError("py-spy is not installed (pip install py-spy)")
    # Only samples holding the GIL: where the process spends CPU, not where it waits.
    command = [executable, "record", "--pid", str(pid), "--subprocesses", "--nonblocking", "--gil"]
    command += ["--duration", str(round(seconds)), "--rate", "100"]
    command += ["--format", "raw", "--output", str(output)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@dataclass
class Profile:
    """Samples per frame: ``own`` where the frame was running, ``within`` anywhere on the
    stack (counted once per sample)."""

    samples: int
    own: Counter
    within: Counter

    def top_own(self, limit: int) -> list[tuple[str, float]]:
        """The frames that ran most themselves, with their share of the samples."""
        return [(frame, n / self.samples) for frame, n in self.own.most_common(limit)]

    def top_project(self, limit: int) -> list[tuple[str, float]]:
        """The project's frames with the largest share of samples beneath them."""
        ours = [(f, n) for f, n in self.within.most_common() if _is_project(f)]
        return [(frame, n / self.samples) for frame, n in ours[:limit]]


def read_profile(path: Path) -> Profile:
    """Read py-spy's raw (collapsed stack) output."""
    samples, own, within = 0, Counter(), Counter()
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [_frame_name(frame) for frame in stack.split(";") if frame]
        if not frames or not count.isdigit():
            continue
        samples += int(count)
        own[frames[-1]] += int(count)
        for frame in set(frames):
            within[frame] += int(count)
    return Profile(max(samples, 1), own, within)


def _frame_name(frame: str) -> str:
    match = _FRAME.match(frame)
    if match is None:
        return frame
    return f"{match['function']} ({_short_path(match['file'])})"


def _short_path(path: str) -> str:
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1]
    if path.startswith(ROOT):
        return path.removeprefix(ROOT)
    return _STDLIB.sub("", path)


def _is_project(frame: str) -> bool:
    return any(f"({package}/" in frame for package in PROJECT_PACKAGES)
