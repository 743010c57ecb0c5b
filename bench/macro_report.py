#!/usr/bin/env python3
"""Formats the runs of bench/run_macro.sh: one table row on stdout, all runs in JSON.

Each RUN argument is TIME_FILE:SUMMARY_JSON, TIME_FILE holding GNU time's
'%e %U %S %M' (wall s, user s, system s, peak RSS KB). The reported run is the
median by wall time, which a single noisy neighbour on a shared machine moves least.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
from pathlib import Path


def read_run(spec):
    time_file, summary_file = spec.split(":", 1)
    wall, user, system, peak_kb = Path(time_file).read_text().split()[-4:]
    summary = json.loads(Path(summary_file).read_text())
    return {
        "wall_s": float(wall),
        "cpu_s": round(float(user) + float(system), 3),
        "peak_rss_mb": round(int(peak_kb) / 1024, 1),
        # Every phase the engine reports, in its order (the list grows with the engine).
        "phases_s": summary["timings_seconds"],
        "summary": summary,
    }


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def git_commit(root):
    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD")
    return commit + ("+dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--bundle", required=True)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--analyze-args", default="")
    parser.add_argument("--out", required=True)
    parser.add_argument("runs", nargs="+")
    args = parser.parse_args()

    runs = [read_run(spec) for spec in args.runs]
    median = sorted(runs, key=lambda r: r["wall_s"])[len(runs) // 2]
    summary = median["summary"]
    for run in runs:
        del run["summary"]
    bundle_bytes = sum(f.stat().st_size for f in Path(args.bundle).glob("*.csv"))
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "dataset": args.label,
        "bundle": args.bundle,
        "bundle_mb": round(bundle_bytes / 1e6, 2),
        "as_of": summary["as_of"],
        "machine": {"cpus": os.cpu_count(), "cpu": cpu_model(),
                    "threads": args.threads or os.cpu_count()},
        "analyze_args": args.analyze_args,
        "commit": git_commit(Path(__file__).resolve().parents[1]),
        "nodes": summary["nodes"],
        "edges": summary["edges"],
        "effective_access": summary["effective_access"],
        "median": {k: median[k] for k in ("wall_s", "cpu_s", "peak_rss_mb", "phases_s")},
        "runs": runs,
    }
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")

    print(f"{args.label}: {summary['nodes']['identities']} identities, {summary['effective_access']['rows']} access "
          f"pairs, bundle {report['bundle_mb']} MB (median of {len(runs)} runs)")
    print(f"  {'wall':<26}{median['wall_s']:>9.2f} s")
    print(f"  {'cpu (user+sys)':<26}{median['cpu_s']:>9.2f} s")
    print(f"  {'peak rss':<26}{median['peak_rss_mb']:>9.0f} MB")
    for phase, seconds in median["phases_s"].items():
        print(f"  {phase:<26}{seconds:>9.3f} s")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
