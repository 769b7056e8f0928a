"""Two checkouts' webhooks side by side: ``python -m bench.compare REV`` (``make bench-compare``).

The cores here change speed from minute to minute, so figures from two separate runs do not
compare. This runs the webhook phases of the benchmark (the bare endpoint, then the hotline at
a fixed rate and saturated) for this checkout and for REV, checked out in a git worktree, one
after the other and in turn, ``--rounds`` times, swapping which goes first each round. The
harness, the stand-in and the bare endpoint are this checkout's; gunicorn, the RQ workers and
``setup`` run REV's code. Each run reports the hotline against its own bare endpoint.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.run import (
    DEFAULT_DB,
    DEFAULT_REDIS,
    RESULTS,
    ROOT,
    SMOKE,
    Bench,
    Profile,
    _interrupt,
    _ms,
    log,
    median,
    round_ratios,
)


def summary(figures: dict[str, Any]) -> dict[str, float]:
    bare, app = figures["bare_saturation"], figures["app_saturation"]
    fixed = figures["app_fixed_small"]
    return {
        "bare": bare["throughput"],
        "hotline": app["throughput"],
        "ratio": median(round_ratios(figures, "app_saturation")),
        "p50_ms": fixed["p50_ms"],
        "p99_ms": fixed["p99_ms"],
        "errors": app["errors"] + fixed["errors"],
    }


def table(rows: list[tuple[int, str, dict[str, float]]], profile: Profile) -> str:
    lines = [
        f"| round | code | bare | hotline | hotline / bare | p50 / p99 at {profile.fixed_rps:g} "
        "req/s | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for number, label, s in rows:
        lines.append(
            f"| {number} | {label} | {s['bare']:.0f} req/s | {s['hotline']:.0f} req/s | "
            f"{s['ratio']:.3f} | {_ms(s['p50_ms'])} / {_ms(s['p99_ms'])} | {s['errors']:.0f} |"
        )
    return "\n".join(lines) + "\n"


def worktree(rev: str, into: Path) -> Path:
    path = into / "other"
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--quiet", str(path), rev],
        cwd=ROOT,
        check=True,
    )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the other checkout: a commit, branch or tag")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--smoke", action="store_true", help="seconds; no timing worth reading")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--out", type=Path, default=RESULTS / "compare.md")
    args = parser.parse_args(argv)

    profile = SMOKE if args.smoke else Profile()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    log_dir = args.out.parent / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, _interrupt)
    rows: list[tuple[int, str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        other = worktree(args.rev, Path(tmp))
        try:
            checkouts = [("this checkout", ROOT), (args.rev, other)]
            for number in range(1, args.rounds + 1):
                for label, app_dir in checkouts if number % 2 else checkouts[::-1]:
                    log(f"round {number}: {label}")
                    bench = Bench(profile, args.database_url, args.redis_url, log_dir, app_dir)
                    try:
                        figures = bench.run_webhook()
                    finally:
                        bench.procs.stop_all()
                    rows.append((number, label, summary(figures.values)))
                    for run in ("app_fixed_small", "app_saturation"):
                        for error in figures[run]["first_errors"][:5]:
                            log(f"{label}, {run}: {error}")
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, check=False
            )
    report = table(rows, profile)
    args.out.write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
