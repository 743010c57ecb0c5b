#!/usr/bin/env python3
"""Crash test of the state directory (issue 6).

Applies a stream of HR event batches to a state directory, one `accessgraph apply
--state` process per batch, and kills (SIGKILL) most of them at a random moment. After
every kill the state must start, hold every acknowledged batch, and hold nothing but
acknowledged batches and the one batch in flight (killed after its fsync, before its
"applied" line reached us: a client would learn of it on restart). At the end of each
run the state must equal a clean replay, without kills, of exactly the batches it
holds. Finally a flipped byte in an acknowledged record, the last one included, must
stop the start with exit 4 naming the log and the record's offset (a last record the
control file does not cover yet -- killed between the two fsyncs -- is a torn tail).

    tests/crash/crash_test.py --accessgraph build/cli/accessgraph --runs 100
"""
import argparse
import csv
import filecmp
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "datasets", "sample")
HEADER = "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n"
PLACES = [("Finance", "AP Clerk"), ("Sales", "Account Executive"), ("Finance", "Financial Analyst"),
          ("Engineering", "Software Engineer")]


def employees():
    with open(os.path.join(SAMPLE, "identities.csv"), newline="") as f:
        return [r["id"] for r in csv.DictReader(f) if r["kind"] == "employee" and r["status"] == "active"]


def batches(rng, run, count):
    """Single-transfer batches on increasing dates: always valid, each changes access."""
    people = employees()
    out = []
    for k in range(count):
        department, title = rng.choice(PLACES)
        day = 1 + k % 28
        out.append((f"crash-{run}-{k}",
                    HEADER + f"crash-{run}-{k},2027-01-{day:02d},transfer,{rng.choice(people)},,,{department},{title},,,\n"))
    return out


class Runner:
    def __init__(self, binary, work):
        self.binary, self.work = binary, work

    def cli(self, *args, check=True):
        result = subprocess.run([self.binary, *args], capture_output=True, text=True)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({result.returncode}): {result.stderr}")
        return result

    def status(self, state):
        return json.loads(self.cli("state", "status", "--state", state, "--json").stdout)

    def write_batch(self, event_id, text):
        path = os.path.join(self.work, event_id + ".csv")
        with open(path, "w") as f:
            f.write(text)
        return path

    def apply(self, state, path, kill_after):
        """Runs one apply; kills it after `kill_after` seconds (None: never). Returns acknowledged."""
        process = subprocess.Popen([self.binary, "apply", "--state", state, "--events", path, "--as-of", "2027-02-01",
                                    "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if kill_after is not None:
            time.sleep(kill_after)
            process.send_signal(signal.SIGKILL)
        out, err = process.communicate()
        acknowledged = "applied" in out
        if kill_after is None and (process.returncode != 0 or not acknowledged):
            raise AssertionError(f"apply failed ({process.returncode}): {err}")
        return acknowledged


def same_tree(a, b):
    comparison = filecmp.dircmp(a, b)
    if comparison.left_only or comparison.right_only:
        return False
    return all(filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False) for f in comparison.common_files)


def flip_checks(runner, state, rng):
    """A flipped byte in any acknowledged record, the last one included, stops the start
    with exit 4 naming the log and the record's offset; nothing is truncated."""
    log = os.path.join(state, "events.log")
    with open(log, "rb") as f:
        data = f.read()
    records = []  # (start, end) of each record: magic, length, crc, payload
    offset = 0
    while offset < len(data):
        length = int.from_bytes(data[offset + 4:offset + 8], "little")
        records.append((offset, offset + 12 + length))
        offset += 12 + length
    if len(records) < 2:
        return
    # A kill after the log's fsync but before the control commit leaves the last record
    # whole but not acknowledged: damage there is a torn tail, correctly.
    acknowledged = len(records) - runner.status(state)["recovered_batches"]
    for target in (rng.randrange(0, len(records) - 1), len(records) - 1):
        start, end = records[target]
        position = rng.randrange(start, end)
        damaged = bytearray(data)
        damaged[position] ^= 1 << rng.randrange(8)
        copy = state + "-flipped"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(state, copy)
        with open(os.path.join(copy, "events.log"), "wb") as f:
            f.write(damaged)
        result = runner.cli("state", "status", "--state", copy, "--json", check=False)
        if target >= acknowledged:
            assert result.returncode == 0 and json.loads(result.stdout)["torn_tail_bytes"] > 0, \
                f"flipped byte in the unacknowledged last record not reported: {result.stderr}"
            shutil.rmtree(copy)
            continue
        assert result.returncode == 4 and "events.log" in result.stderr and f"byte {start}" in result.stderr, \
            f"flipped byte {position} in record {target + 1} was not reported: {result.stdout} {result.stderr}"
        with open(os.path.join(copy, "events.log"), "rb") as f:
            assert f.read() == bytes(damaged), "the damaged log was changed"
        shutil.rmtree(copy)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accessgraph", required=True)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--batches", type=int, default=8, help="batches per run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    outcomes = {"completed": 0, "killed, not applied": 0, "killed, applied but not acknowledged": 0,
                "killed, acknowledged": 0}
    with tempfile.TemporaryDirectory(prefix="accessgraph-crash-") as work:
        runner = Runner(args.accessgraph, work)
        # How long one apply takes here, to spread the kills over its whole run.
        probe = os.path.join(work, "probe")
        runner.cli("state", "init", SAMPLE, "--state", probe, "-q")
        started = time.monotonic()
        for event_id, text in batches(rng, "probe", 3):
            runner.apply(probe, runner.write_batch(event_id, text), None)
        duration = (time.monotonic() - started) / 3

        for run in range(args.runs):
            state = os.path.join(work, f"state-{run}")
            runner.cli("state", "init", SAMPLE, "--state", state, "-q")
            landed = []  # batches the state holds, in order
            for event_id, text in batches(rng, run, args.batches):
                path = runner.write_batch(event_id, text)
                kill_after = rng.uniform(0, duration * 1.3) if rng.random() < 0.75 else None
                acknowledged = runner.apply(state, path, kill_after)
                status = runner.status(state)  # the state always starts
                held = status["last_event_id"] == event_id
                if acknowledged:
                    assert held, f"run {run}: acknowledged {event_id} is missing (last is {status['last_event_id']})"
                else:
                    previous = landed[-1] if landed else ""
                    assert held or status["last_event_id"] == previous, \
                        f"run {run}: unexpected last event {status['last_event_id']}"
                if held:
                    landed.append(event_id)
                assert status["events_applied"] == len(landed), f"run {run}: {status} but {len(landed)} landed"
                key = ("completed" if kill_after is None else
                       "killed, acknowledged" if acknowledged else
                       "killed, applied but not acknowledged" if held else "killed, not applied")
                outcomes[key] += 1

            clean = os.path.join(work, f"clean-{run}")
            runner.cli("state", "init", SAMPLE, "--state", clean, "-q")
            for event_id in landed:
                runner.apply(clean, os.path.join(work, event_id + ".csv"), None)
            exported, expected = os.path.join(work, f"export-{run}"), os.path.join(work, f"expected-{run}")
            runner.cli("state", "export", "--state", state, "--out", exported, "-q")
            runner.cli("state", "export", "--state", clean, "--out", expected, "-q")
            assert same_tree(exported, expected), f"run {run}: state differs from a clean replay of {landed}"
            flip_checks(runner, state, rng)
            for folder in (state, clean, exported, expected):
                shutil.rmtree(folder)
            print(f"run {run + 1}/{args.runs}: {len(landed)} of {args.batches} batches held, equal to a clean replay",
                  flush=True)
    print(json.dumps({"runs": args.runs, "apply_seconds": round(duration, 4), "outcomes": outcomes}, indent=2))


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
