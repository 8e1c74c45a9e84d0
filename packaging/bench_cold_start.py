"""Cold start of the frozen app against the installed one, side by side in one run.

Each start is `PROGRAM --benchmark-startup` (offscreen, embedded demo server included), timed from
spawning it to its `first_list_painted` line. The two programs take turns, each in its own fresh
home, so both meet the same load of the machine; each one's first start (which creates and seeds
the demo database) is reported apart from the everyday starts after it.

    bash packaging/build.sh && .venv/bin/python packaging/bench_cold_start.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.startup_timing import median_phases, timed_start  # noqa: E402

FROZEN = ROOT / "dist" / "switchboard" / "switchboard"
INSTALLED = Path(sys.executable).with_name("switchboard")


def start(program: Path, home: Path) -> tuple[float, dict[str, float]]:
    """Seconds from spawning the program to its first painted customer list, and its own phases."""
    env = {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    return timed_start([str(program), "--benchmark-startup"], env)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="everyday starts of each program (default 7)")
    args = parser.parse_args()
    for program in (FROZEN, INSTALLED):
        if not program.is_file():
            raise SystemExit(f"{program} is missing (bash packaging/build.sh; pip install -e .)")
    programs = {"frozen": FROZEN, "installed": INSTALLED}
    homes = {name: Path(tempfile.mkdtemp(prefix=f"switchboard-bench-{name}-")) for name in programs}
    walls: dict[str, list[float]] = {name: [] for name in programs}
    phases: dict[str, list[dict[str, float]]] = {name: [] for name in programs}
    for run in range(args.runs + 1):
        for name, program in programs.items():
            wall, marks = start(program, homes[name])
            steps = ", ".join(f"{phase} {seconds:.2f}" for phase, seconds in marks.items())
            label = "first start (creates the demo database)" if run == 0 else f"start {run}"
            print(f"  {name:9} {label}: {wall:.3f} s  ({steps})", flush=True)
            if run:
                walls[name].append(wall)
                phases[name].append(marks)
    print(f"\ncold start to the first painted customer list, {args.runs} everyday starts each, taking turns:")
    for name, program in programs.items():
        steps = median_phases(phases[name], digits=2)
        print(
            f"  {name:9} {program}: median {statistics.median(walls[name]):.3f} s, "
            f"best {min(walls[name]):.3f} s, worst {max(walls[name]):.3f} s  (median phases: {steps})"
        )
    ratio = statistics.median(walls["frozen"]) / statistics.median(walls["installed"])
    print(f"  frozen / installed: {ratio:.2f}")


if __name__ == "__main__":
    main()
