#!/usr/bin/env python3
"""The state directory under attack, through the real binary (issue 19).

Every batch that printed "applied ... version V" must still be version V, whatever
kills, damage or truncation come after: SIGKILL during applies and compactions loses
nothing acknowledged; damage to acknowledged bytes, a cut log and missing files are
refused (exit 4, naming the file) and change nothing; `state init` never deletes a
state; a writer holds the directory from the moment it opens it; a retried batch is
acknowledged without change; `apply --out` that cannot be written applies nothing.

    ACCESSGRAPH_CLI=build/cli/accessgraph python3 tests/hostile/test_store_hostile.py
"""
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "datasets", "sample")
BINARY = os.environ.get("ACCESSGRAPH_CLI", os.path.join(ROOT, "build", "cli", "accessgraph"))
HEADER = "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n"
EXIT_STATE = 4
PLACES = [("Finance", "AP Clerk", "u-jamal"), ("Sales", "Account Executive", "u-diego")]


def run(*args, check=None):
    result = subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=120)
    if check is not None and result.returncode != check:
        raise AssertionError(f"{' '.join(args)}: exit {result.returncode}, expected {check}\n{result.stdout}{result.stderr}")
    return result


def batch_text(n):
    """Batch n: one transfer of u-henry, dated n days after 2027-01-01, its own id."""
    department, title, manager = PLACES[n % 2]
    day = time.strftime("%Y-%m-%d", time.gmtime(time.mktime((2027, 1, 1, 12, 0, 0, 0, 0, 0)) + n * 86400))
    return f"ev-{n}", day, HEADER + f"ev-{n},{day},transfer,u-henry,,,{department},{title},,{manager},\n"


def log_records(state):
    """(start offset, payload JSON) of each whole record of events.log."""
    with open(os.path.join(state, "events.log"), "rb") as f:
        data = f.read()
    records, offset = [], 0
    while offset + 12 <= len(data):
        length = int.from_bytes(data[offset + 4:offset + 8], "little")
        if offset + 12 + length > len(data):
            break
        records.append((offset, json.loads(data[offset + 12:offset + 12 + length])))
        offset += 12 + length
    return records


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def status(state):
    return json.loads(run("state", "status", "--state", state, "--json", check=0).stdout)


class StateUnderAttack(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="accessgraph-hostile-store-")
        cls.batches = {}
        for n in range(100):
            event_id, day, text = batch_text(n)
            path = os.path.join(cls.work, f"batch-{n}.csv")
            with open(path, "w") as f:
                f.write(text)
            cls.batches[n] = (event_id, day, path)
        # An 80-batch state, copied by the tests that damage it.
        cls.eighty = os.path.join(cls.work, "eighty")
        run("state", "init", SAMPLE, "--state", cls.eighty, "--as-of", "2026-12-31", "-q", check=0)
        for n in range(80):
            cls.apply(cls.eighty, n, check=0)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    @classmethod
    def apply(cls, state, n, check=None, extra=()):
        _, day, path = cls.batches[n]
        return run("apply", "--state", state, "--events", path, "--as-of", day, "-q", *extra, check=check)

    def copy_of_eighty(self, name):
        target = os.path.join(self.work, name)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.eighty, target)
        return target

    def assert_refused(self, result, *names):
        self.assertEqual(result.returncode, EXIT_STATE, result.stdout + result.stderr)
        for name in names:
            self.assertIn(name, result.stderr)

    # --- crashes -------------------------------------------------------------

    def test_sigkill_during_applies_and_compactions_loses_no_acknowledged_batch(self):
        rng = random.Random(19)
        state = os.path.join(self.work, "killed")
        run("state", "init", SAMPLE, "--state", state, "--as-of", "2026-12-31", "-q", check=0)
        started = time.monotonic()
        self.apply(state, 0, check=0)
        duration = time.monotonic() - started
        acknowledged = {1: "ev-0"}  # version -> event id, from the "applied" lines
        kills = {"apply": 0, "compact": 0}
        for n in range(1, 50):
            if rng.random() < 0.25:  # a compaction, killed at a random moment
                process = subprocess.Popen([BINARY, "state", "compact", "--state", state, "-q"],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(rng.uniform(0, duration * 1.5))
                process.send_signal(signal.SIGKILL)
                kills["compact"] += process.wait() == -signal.SIGKILL
            event_id, day, path = self.batches[n]
            for attempt in range(3):  # killed: sent again, as a client would
                process = subprocess.Popen([BINARY, "apply", "--state", state, "--events", path, "--as-of", day, "-q"],
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                killed = attempt < 2 and rng.random() < 0.6
                if killed:
                    time.sleep(rng.uniform(0, duration * 1.3))
                    process.send_signal(signal.SIGKILL)
                out, err = process.communicate()
                kills["apply"] += process.returncode == -signal.SIGKILL
                match = re.search(r"applied (\d+) events: version (\d+)", out)
                if not killed:
                    self.assertEqual(process.returncode, 0, err)
                if match:
                    version = int(match.group(2))
                    if int(match.group(1)) == 1:
                        self.assertNotIn(version, acknowledged, "a version acknowledged twice")
                    else:  # a retry of a batch a killed apply had logged: the same version
                        self.assertEqual(status(state)["last_event_id"], event_id)
                    self.assertEqual(acknowledged.setdefault(version, event_id), event_id)
                    break
                # Killed: the state always opens, with every acknowledged batch.
                self.assertGreaterEqual(status(state)["version"], max(acknowledged))
        # Every acknowledged version holds its batch; every batch is there exactly once.
        records = log_records(state)
        ids = [re.search(r"\n(ev-\d+),", payload["events"]).group(1) for _, payload in records]
        for version, event_id in acknowledged.items():
            self.assertEqual(ids[version - 1], event_id, f"version {version}")
        self.assertEqual(len(ids), len(set(ids)), "a batch logged twice")
        self.assertEqual(ids, [f"ev-{n}" for n in range(50)])
        final = status(state)
        self.assertEqual(final["version"], 50)
        self.assertEqual(final["torn_tail_bytes"], 0)
        self.assertGreater(kills["apply"], 10)
        print(f"\n  {kills['apply']} applies and {kills['compact']} compactions killed; "
              f"{len(acknowledged)} batches acknowledged, none lost", file=sys.stderr)

    # --- damage --------------------------------------------------------------

    def test_a_bit_flip_in_the_last_acknowledged_record_is_refused_and_repair_is_explicit(self):
        state = self.copy_of_eighty("flipped")
        last_start, _ = log_records(state)[-1]
        log = os.path.join(state, "events.log")
        with open(log, "r+b") as f:
            f.seek(os.path.getsize(log) - 7)
            byte = f.read(1)
            f.seek(-1, os.SEEK_CUR)
            f.write(bytes([byte[0] ^ 0x04]))
        damaged = digest(log)
        for args in (("state", "status", "--state", state), ("access", "u-henry", "--state", state),
                     ("history", "u-henry", "--state", state)):
            self.assert_refused(run(*args), "events.log", f"damaged record at byte {last_start}", "--truncate-after 79")
        self.assert_refused(self.apply(state, 80), "events.log")
        self.assertEqual(digest(log), damaged, "nothing truncated")
        # Repair, explicitly: a copy of the original is kept, and said where.
        result = run("state", "repair", "--state", state, "--truncate-after", "80")
        self.assertEqual(result.returncode, 2, result.stderr)
        result = run("state", "repair", "--state", state, "--truncate-after", "79", check=0)
        copies = re.search(r"originals kept in (\S+)", result.stdout).group(1)
        self.assertEqual(digest(os.path.join(copies, "events.log")), damaged)
        self.assertEqual(status(state)["version"], 79)
        self.assertIn("applied 1 events: version 80", self.apply(state, 79, check=0).stdout)

    def test_a_cut_log_is_refused_at_every_offset_and_never_truncated_further(self):
        state = self.copy_of_eighty("cut")
        log = os.path.join(state, "events.log")
        with open(log, "rb") as f:
            original = f.read()
        rng = random.Random(7)
        for cut in sorted({24100 % len(original), len(original) - 1, 0, 12} | {rng.randrange(len(original)) for _ in range(8)}):
            with open(log, "wb") as f:
                f.write(original[:cut])
            self.assert_refused(run("state", "status", "--state", state), "events.log",
                                f"shorter than the {len(original)} bytes acknowledged (80 batches)")
            self.assert_refused(run("who-has", "ent-erp-create-invoice", "--state", state), "events.log")
            self.assert_refused(self.apply(state, 80), "events.log")
            self.assertEqual(os.path.getsize(log), cut)

    def test_missing_files_are_refused_and_init_deletes_nothing(self):
        for name in ("events.log", "snapshot.bin", "control"):
            state = self.copy_of_eighty("missing-" + name)
            os.remove(os.path.join(state, name))
            before = {f: digest(os.path.join(state, f)) for f in os.listdir(state) if f != "lock"}
            self.assert_refused(run("state", "status", "--state", state), name)
            self.assert_refused(run("access", "u-henry", "--state", state), name)
            self.assert_refused(self.apply(state, 80), name)
            result = run("state", "init", SAMPLE, "--state", state)
            self.assert_refused(result, "already holds a state")
            self.assertEqual({f: digest(os.path.join(state, f)) for f in os.listdir(state) if f != "lock"}, before)

    def test_a_damaged_snapshot_section_fails_status(self):
        state = self.copy_of_eighty("snapshot")
        run("state", "compact", "--state", state, "-q", check=0)
        path = os.path.join(state, "snapshot.bin")
        size = os.path.getsize(path)
        for position in (size // 3, size // 2, size - 10):
            with open(path, "r+b") as f:
                f.seek(position)
                byte = f.read(1)
                f.seek(position)
                f.write(bytes([byte[0] ^ 0x01]))
            self.assert_refused(run("state", "status", "--state", state), "snapshot.bin")
            with open(path, "r+b") as f:  # undo, for the next position
                f.seek(position)
                f.write(byte)
        self.assertEqual(status(state)["version"], 80)

    # --- one writer ------------------------------------------------------------

    def test_an_apply_is_refused_while_serve_holds_the_state_and_readers_share(self):
        state = self.copy_of_eighty("served")
        port_file = os.path.join(self.work, "port")
        server = subprocess.Popen([BINARY, "serve", "--state", state, "--listen", "127.0.0.1:0", "--port-file",
                                   port_file, "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while not os.path.exists(port_file):
                self.assertIsNone(server.poll(), "serve exited")
                self.assertLess(time.monotonic(), deadline, "serve did not start")
                time.sleep(0.05)
            result = self.apply(state, 80)
            self.assert_refused(result, "in use by another writer", f"pid {server.pid}", "serve")
            self.assertNotIn("applied", result.stdout)
            self.assert_refused(run("state", "compact", "--state", state), "in use by another writer")
            self.assertEqual(status(state)["version"], 80)  # readers share
            run("access", "u-henry", "--state", state, check=0)
        finally:
            server.send_signal(signal.SIGTERM)
            server.communicate(timeout=60)
        self.assertIn("version 81", self.apply(state, 80, check=0).stdout)

    # --- retries and outputs ---------------------------------------------------

    def test_a_retried_batch_is_acknowledged_without_change_and_a_reused_id_is_refused(self):
        state = self.copy_of_eighty("retried")
        self.assertIn("applied 1 events: version 81", self.apply(state, 80, check=0).stdout)
        size = os.path.getsize(os.path.join(state, "events.log"))
        for _ in range(2):
            self.assertIn("applied 0 events: version 81", self.apply(state, 80, check=0).stdout)
        self.assertEqual(os.path.getsize(os.path.join(state, "events.log")), size)
        _, day, path = self.batches[80]
        other = os.path.join(self.work, "other-content.csv")
        with open(path) as f, open(other, "w") as g:
            g.write(re.sub(r",,(u-\w+),$", r",Remote,\1,", f.read(), flags=re.M))  # the same id, a location added
        result = run("apply", "--state", state, "--events", other, "--as-of", day, "-q")
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        self.assertEqual(status(state)["version"], 81)

    def test_apply_out_that_cannot_be_written_applies_nothing(self):
        state = self.copy_of_eighty("outputs")
        # A file as --out is refused while the command line is parsed (exit 2, naming --out).
        not_a_folder = os.path.join(self.work, "a-file")
        with open(not_a_folder, "w") as f:
            f.write("x")
        result = self.apply(state, 80, extra=("--out", not_a_folder))
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertNotIn("applied", result.stdout)
        self.assertIn("--out", result.stderr)
        self.assertEqual(status(state)["version"], 80)
        # A folder that passes that check but cannot take the run: it holds a FIFO, which
        # cannot be carried into the new folder, so writing --out fails after the work.
        unwritable = os.path.join(self.work, "holds-a-fifo")
        os.makedirs(unwritable)
        os.mkfifo(os.path.join(unwritable, "pipe"))
        result = self.apply(state, 80, extra=("--out", unwritable))
        self.assertNotEqual(result.returncode, 0)
        self.assertNotIn("applied", result.stdout)
        self.assertIn("NOT applied", result.stderr)
        self.assertEqual(status(state)["version"], 80)
        self.assertEqual(os.listdir(unwritable), ["pipe"])
        out = os.path.join(self.work, "outputs-ok")
        self.assertIn("applied 1 events: version 81", self.apply(state, 80, check=0, extra=("--out", out)).stdout)
        self.assertTrue(os.path.exists(os.path.join(out, "plan.csv")))


if __name__ == "__main__":
    unittest.main(verbosity=2)
