"""One timed cold start of the desktop app: `--benchmark-startup` (see app.desktop.application's
StartupTimings), from spawning the program to its `first_list_painted` line. Used by bench_desktop.py
and packaging/bench_cold_start.py; importing it starts nothing (no Qt, no environment changes)."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence


def timed_start(
    command: Sequence[str], env: Mapping[str, str] | None = None, cwd: str | os.PathLike[str] | None = None
) -> tuple[float, dict[str, float]]:
    """Seconds from spawning `command` (which ends with --benchmark-startup) to its first painted
    customer list, and the phases it printed (seconds since its main() began)."""
    started = time.perf_counter()
    app = subprocess.Popen(
        list(command), env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert app.stdout is not None
    marks: dict[str, float] = {}
    wall = None
    for line in app.stdout:
        if line.startswith("startup "):
            _, phase, seconds = line.split()
            marks[phase] = float(seconds)
            if phase == "first_list_painted":
                wall = time.perf_counter() - started
    app.wait(60)
    if wall is None:
        raise SystemExit(f"{command[0]} never painted its customer list (exit {app.returncode})")
    return wall, marks


def median_phases(runs: Sequence[Mapping[str, float]], digits: int = 3) -> str:
    """The median second of each phase the app printed, over `runs`: "window_shown 0.570, ..."."""
    return ", ".join(
        f"{phase} {statistics.median(marks[phase] for marks in runs):.{digits}f}" for phase in runs[0]
    )
