"""schemathesis against the real server with a large budget: every operation, every phase, every check.

tests/server/test_schemathesis.py is the small run inside the test suite (20 examples an operation,
two checks). This is the long one, a command that prints its figures:

    python tests/benchmarks/fuzz_api.py [--max-examples 100] [--max-time SECONDS] [--workers 2]
        [--checks all] [--phases examples,coverage,fuzzing,stateful] [--seed N]

It starts `switchboard-server --demo` on a fresh SQLite file (its rate limit raised, so the fuzzer
meets no 429), signs in as the demo admin and runs `schemathesis run` against `/openapi.json` with
the admin's token, in a temporary folder (schemathesis keeps a cache where it runs). Not exercised:
`/v1/events` (an endless stream) and `/v1/dev/reset` (it would sign the token out). schemathesis
prints its own report; then come the figures: operations tested, test cases generated, failures
(each with its operation and check), and where the JSON report and the server's log are. The exit
code is schemathesis's: non-zero when it found a failure.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.live_server import LiveServer  # noqa: E402

EXCLUDED = r"^/v1/(events|dev/reset)$"


def schemathesis(url: str, token: str, args: argparse.Namespace, reports: Path) -> int:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{url}/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--exclude-path-regex",
        EXCLUDED,
        "--checks",
        args.checks,
        "--phases",
        args.phases,
        "--max-examples",
        str(args.max_examples),
        "--workers",
        str(args.workers),
        "--request-timeout",
        "30",
        "--report",
        "json",
        "--report-dir",
        str(reports),
        *(["--max-time", str(args.max_time)] if args.max_time else []),
        *(["--seed", str(args.seed)] if args.seed is not None else []),
    ]
    return subprocess.run(command, cwd=reports, check=False).returncode


def figures(report: dict[str, Any]) -> list[str]:
    operations, cases = report["operations"], report["test_cases"]
    lines = [
        f"operations tested: {operations['tested']} of {operations['selected']} selected"
        f" ({operations['total']} in the document; {operations['errored']} errored)",
        f"test cases generated: {cases['generated']}, with failures: {cases['with_failures']},"
        f" unique failures: {cases['unique_failures']}, errored: {cases['errored']}",
        f"seed: {report['seed']}, running time: {report['running_time']:.0f} s",
    ]
    for failure in report["failures"]:
        lines.append(
            f"failure {failure['code']} {failure['title']} ({failure['severity']}), {failure['count']}x:"
        )
        lines.extend(f"  {operation}" for operation in failure["operations"])
    for error in report["errors"]:
        lines.append(f"error: {json.dumps(error, ensure_ascii=False)[:400]}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--max-examples", type=int, default=100, help="test cases per operation and phase")
    parser.add_argument(
        "--max-time", type=int, help="seconds: fuzzing and stateful phases repeat until spent"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--checks", default="all")
    parser.add_argument("--phases", default="examples,coverage,fuzzing,stateful")
    parser.add_argument("--seed", type=int)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="switchboard-fuzz-"))
    server = LiveServer(folder / "server.db", extra_args=("--rate-limit", "1000000"))
    server.start(timeout=120)
    try:
        code = schemathesis(server.url, server.token("admin"), args, folder)
    finally:
        server.stop()
    reports = sorted(folder.glob("json-*.json"))
    print("\n=== figures ===")
    if reports:
        print("\n".join(figures(json.loads(reports[-1].read_text()))))
        print(f"JSON report: {reports[-1]}")
    print(f"server log: {server.log}")
    return code


if __name__ == "__main__":
    sys.exit(main())
