"""Issue 19, items 3, 4 and 7, against the real binary: batch outputs that hold one whole
run or the previous one (also after SIGKILL), numbers and generated ids checked at the
edge (also those an admin sends to the server), queue file names that are never hidden
nor option-like, human-facing CSVs that a spreadsheet cannot run as formulas, and what-if
files with a column named twice.

No timing is asserted; timeouts only turn a hang into a failure.
"""
import csv
import hashlib
import io
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
import unittest

import flatbuffers
from accessgraph_client._wire import ErrorCode, Request, RequestBody, ResponseBody, RiskQueueRequest
from accessgraph_client._wire.Error import Error
from accessgraph_client._wire.Response import Response
from accessgraph_client import Client, ServerError

CLI = os.environ["ACCESSGRAPH_CLI"]
SAMPLE = os.path.join(os.environ["ACCESSGRAPH_SOURCE_DIR"], "datasets", "sample")
AS_OF = "2026-11-01"
HANG = 120


def cli(*args, timeout=HANG):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def ok(test, result):
    test.assertEqual(result.returncode, 0, result.stderr)
    return result


def tree(folder):
    """{relative path: sha256} of every file below `folder`, and every folder as None."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            found[os.path.relpath(os.path.join(root, name), folder)] = None
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                found[os.path.relpath(os.path.join(root, name), folder)] = hashlib.sha256(f.read()).hexdigest()
    return found


def siblings(out):
    """Entries beside `out` that a run of accessgraph left (its staging folders)."""
    parent, name = os.path.split(out)
    return [entry for entry in os.listdir(parent) if entry.startswith("." + name + ".accessgraph-tmp-")]


def renamed_bundle(folder, renames):
    """The sample with some ids renamed in every file (fields equal to the id only)."""
    bundle = os.path.join(folder, "bundle")
    os.makedirs(bundle)
    for name in os.listdir(SAMPLE):
        source = os.path.join(SAMPLE, name)
        if not name.endswith(".csv"):
            continue
        with open(source, newline="") as f:
            rows = list(csv.reader(f))
        with open(os.path.join(bundle, name), "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            for row in rows:
                writer.writerow([renames.get(cell, cell) for cell in row])
    return bundle


class AtomicOutputs(unittest.TestCase):
    """--out holds one whole run or the previous one; the user's other files stay."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="accessgraph-hostile-outputs-")
        self.out = os.path.join(self.dir.name, "out")

    def tearDown(self):
        self.dir.cleanup()

    def test_a_second_analyze_replaces_the_run_and_keeps_other_files(self):
        ok(self, cli("analyze", SAMPLE, "--out", self.out, "--as-of", AS_OF, "-q"))
        first = tree(self.out)
        self.assertEqual(sorted(first), ["effective_access.csv", "findings.csv", "risk.csv", "summary.json"])
        with open(os.path.join(self.out, "NOTES.txt"), "w") as f:
            f.write("mine\n")
        os.makedirs(os.path.join(self.out, "mine", "deeper"))
        with open(os.path.join(self.out, "mine", "deeper", "kept.csv"), "w") as f:
            f.write("a,b\n")
        # A leftover of a run killed by an older version, written in place.
        with open(os.path.join(self.out, ".risk.csv.tmp"), "w") as f:
            f.write("partial")
        ok(self, cli("analyze", SAMPLE, "--out", self.out, "--as-of", AS_OF, "--skip-risk", "-q"))
        second = tree(self.out)
        # risk.csv was the previous run's: this run wrote none, so there is none.
        self.assertEqual(sorted(second), ["NOTES.txt", "effective_access.csv", "findings.csv", "mine",
                                          "mine/deeper", "mine/deeper/kept.csv", "summary.json"])
        self.assertEqual(second["effective_access.csv"], first["effective_access.csv"])
        with open(os.path.join(self.out, "NOTES.txt")) as f:
            self.assertEqual(f.read(), "mine\n")
        self.assertEqual(siblings(self.out), [])

    def test_a_failed_run_leaves_the_previous_one(self):
        ok(self, cli("analyze", SAMPLE, "--out", self.out, "--as-of", AS_OF, "-q"))
        before = tree(self.out)
        broken = os.path.join(self.dir.name, "broken")
        shutil.copytree(SAMPLE, broken)
        with open(os.path.join(broken, "accounts.csv"), "a") as f:
            f.write("acct-x,sys-nowhere,u-alice,enabled,,\n")
        result = cli("analyze", broken, "--out", self.out, "--as-of", AS_OF, "-q")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(tree(self.out), before)
        self.assertEqual(siblings(self.out), [])

    def killed_during(self, args, out, moment):
        """Runs accessgraph with `args`, SIGKILLs it once `moment(staging)` holds; the signal."""
        process = subprocess.Popen([CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + HANG
        try:
            while time.time() < deadline and process.poll() is None:
                staging = [os.path.join(os.path.dirname(out), s) for s in siblings(out)]
                if staging and moment(staging[0]):
                    process.send_signal(signal.SIGKILL)
                    break
                time.sleep(0.002)
        finally:
            if process.poll() is None and time.time() >= deadline:
                process.kill()
            process.wait(timeout=HANG)
        return process.returncode

    def test_sigkill_during_analyze_leaves_the_previous_run_whole(self):
        big = os.path.join(self.dir.name, "big")
        ok(self, cli("generate", "--identities", "20000", "--seed", "7", "--out", big, "-q"))
        ok(self, cli("analyze", SAMPLE, "--out", self.out, "--as-of", AS_OF, "-q"))
        before = tree(self.out)
        args = ["analyze", big, "--out", self.out, "--as-of", AS_OF, "-q"]
        moments = [lambda staging: True,  # as soon as the run has a staging folder
                   lambda staging: os.path.exists(os.path.join(staging, "effective_access.csv")),
                   lambda staging: os.path.exists(os.path.join(staging, "findings.csv"))]
        killed = 0
        for moment in moments:
            status = self.killed_during(args, self.out, moment)
            if status == -signal.SIGKILL:
                killed += 1
                # The previous run, whole: no new file beside old ones, no temporary file.
                self.assertEqual(tree(self.out), before)
        self.assertGreater(killed, 0, "the run ended before it could be killed")
        # The next run removes what the killed ones left beside --out, and replaces the run.
        ok(self, cli("analyze", big, "--out", self.out, "--as-of", AS_OF, "-q"))
        self.assertEqual(siblings(self.out), [])
        after = tree(self.out)
        self.assertEqual(sorted(after), sorted(before))
        self.assertNotEqual(after["effective_access.csv"], before["effective_access.csv"])

    def test_recert_apply_and_export_replace_their_runs(self):
        events = os.path.join(SAMPLE, "hr_events.csv")
        # apply: a run with pending events, then one without; its pending_events.csv is the new one.
        ok(self, cli("apply", SAMPLE, "--events", events, "--out", self.out, "--as-of", "2026-11-03", "-q"))
        with open(os.path.join(self.out, "keep.me"), "w") as f:
            f.write("x")
        ok(self, cli("apply", SAMPLE, "--events", events, "--out", self.out, "--as-of", "2026-12-31", "-q"))
        fresh = os.path.join(self.dir.name, "fresh")
        ok(self, cli("apply", SAMPLE, "--events", events, "--out", fresh, "--as-of", "2026-12-31", "-q"))
        expected = tree(fresh)
        expected["keep.me"] = tree(self.out)["keep.me"]
        self.assertEqual(tree(self.out), expected)

        # recert: queues of the previous campaign that the new one does not have are gone.
        campaign = os.path.join(self.dir.name, "campaign")
        ok(self, cli("recert", SAMPLE, "--out", campaign, "--as-of", AS_OF, "-q"))
        ok(self, cli("recert", SAMPLE, "--out", campaign, "--as-of", AS_OF, "--min-score", "99", "-q"))
        fresh = os.path.join(self.dir.name, "fresh-campaign")
        ok(self, cli("recert", SAMPLE, "--out", fresh, "--as-of", AS_OF, "--min-score", "99", "-q"))
        self.assertEqual(sorted(tree(campaign)), sorted(tree(fresh)))

        # state export: a bundle file the state does not have is not left in the bundle.
        state = os.path.join(self.dir.name, "state")
        ok(self, cli("state", "init", SAMPLE, "--state", state, "--as-of", AS_OF, "-q"))
        bundle = os.path.join(self.dir.name, "exported")
        os.makedirs(bundle)
        with open(os.path.join(bundle, "decisions.csv"), "w") as f:
            f.write("identity_id,entitlement_id,decision,decided_at,reviewer_id\n")
        with open(os.path.join(bundle, "README"), "w") as f:
            f.write("mine")
        ok(self, cli("state", "export", "--state", state, "--out", bundle, "-q"))
        names = set(os.listdir(bundle))
        self.assertNotIn("decisions.csv", names)
        self.assertIn("README", names)
        self.assertIn("identities.csv", names)
        ok(self, cli("stats", bundle, "--as-of", AS_OF))
        # apply --state --out: the run's files replace the previous run's.
        applied = os.path.join(self.dir.name, "applied")
        os.makedirs(applied)
        with open(os.path.join(applied, "pending_events.csv"), "w") as f:
            f.write("stale\n")
        ok(self, cli("apply", "--state", state, "--events", events, "--out", applied, "--as-of", "2026-12-31", "-q"))
        with open(os.path.join(applied, "pending_events.csv")) as f:
            self.assertNotEqual(f.read(), "stale\n")

        # roles mine: a second run into the same folder keeps the user's file.
        mined = os.path.join(self.dir.name, "mined")
        ok(self, cli("roles", "mine", SAMPLE, "--out", mined, "--as-of", AS_OF, "-q"))
        with open(os.path.join(mined, "NOTES"), "w") as f:
            f.write("mine")
        ok(self, cli("roles", "mine", SAMPLE, "--out", mined, "--as-of", AS_OF, "-q"))
        self.assertIn("NOTES", os.listdir(mined))
        self.assertIn("mining_report.json", os.listdir(mined))
        for out in (self.out, campaign, bundle, applied, mined):
            self.assertEqual(siblings(out), [])

    def test_out_given_as_a_link_replaces_the_folder_not_the_link(self):
        real = os.path.join(self.dir.name, "real")
        os.makedirs(real)
        link = os.path.join(self.dir.name, "link")
        os.symlink(real, link)
        ok(self, cli("analyze", SAMPLE, "--out", link, "--as-of", AS_OF, "-q"))
        self.assertTrue(os.path.islink(link))
        self.assertIn("findings.csv", os.listdir(real))


class NumbersAndIdsAtTheEdge(unittest.TestCase):
    """Every number in range (exit 2 naming the flag, before any work); generated ids fit."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="accessgraph-hostile-numbers-")
        self.out = os.path.join(self.dir.name, "out")

    def tearDown(self):
        self.dir.cleanup()

    def refused(self, flag, *args):
        result = cli(*args)
        self.assertEqual(result.returncode, 2, "%s: %s" % (args, result.stderr))
        self.assertIn(flag, result.stderr, args)
        self.assertFalse(os.path.exists(self.out), args)
        return result

    def test_thresholds_and_counts(self):
        analyze = ["analyze", SAMPLE, "--out", self.out, "--as-of", AS_OF]
        self.refused("--outlier-threshold", *analyze, "--outlier-threshold", "1.5")
        self.refused("--outlier-threshold", *analyze, "--outlier-threshold", "-0.1")
        self.refused("--risk-min-score", *analyze, "--risk-min-score", "nan")
        self.refused("--risk-min-score", *analyze, "--risk-min-score", "-1")
        self.refused("--risk-top", *analyze, "--risk-top", "-1")
        self.refused("--dormant-days", *analyze, "--dormant-days", "36501")
        recert = ["recert", SAMPLE, "--out", self.out, "--as-of", AS_OF]
        self.refused("--max-items-per-reviewer", *recert, "--max-items-per-reviewer", "-1")
        self.refused("--max-items-per-reviewer", *recert, "--max-items-per-reviewer", "99999999999")
        self.refused("--min-score", *recert, "--min-score", "100.5")
        self.refused("--min-score", *recert, "--min-score", "nan")
        self.refused("--seed", "generate", "--identities", "10", "--seed", "-1", "--out", self.out)
        self.refused("--identities", "generate", "--identities", "-1", "--out", self.out)
        self.refused("--retention-days", "apply", SAMPLE, "--out", self.out, "--retention-days", "-1")
        result = self.refused("--outlier-threshold", *analyze, "--outlier-threshold", "7")
        self.assertIn("1", result.stderr)  # the range is named

    def hire(self, identity, event_id="ev-long"):
        events = os.path.join(self.dir.name, "events.csv")
        with open(events, "w") as f:
            f.write("event_id,effective_date,type,identity_id,display_name,kind,department,title,location,"
                    "manager_id,owner_id\n")
            f.write("%s,2026-11-02,hire,%s,Long Name,employee,Finance,AP Clerk,New York,u-jamal,\n"
                    % (event_id, identity))
        return events

    def test_a_generated_account_id_over_256_bytes_is_refused_before_anything_is_written(self):
        # 256 bytes is a valid identity id; ID@sys-ad is not a valid account id.
        identity = "h" * 256
        events = self.hire(identity)
        result = cli("apply", SAMPLE, "--events", events, "--out", self.out, "--as-of", "2026-11-05")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("ev-long", result.stderr)
        self.assertIn("256 bytes", result.stderr)
        self.assertFalse(os.path.exists(self.out))
        self.assertEqual([e for e in os.listdir(self.dir.name) if e.startswith(".")], [])

        state = os.path.join(self.dir.name, "state")
        ok(self, cli("state", "init", SAMPLE, "--state", state, "--as-of", AS_OF, "-q"))
        result = cli("apply", "--state", state, "--events", events, "--as-of", "2026-11-05")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("ev-long", result.stderr)
        status = json.loads(ok(self, cli("state", "status", "--state", state, "--json")).stdout)
        self.assertEqual(status["version"], 0)
        export = os.path.join(self.dir.name, "export")
        ok(self, cli("state", "export", "--state", state, "--out", export, "-q"))
        ok(self, cli("analyze", export, "--out", os.path.join(self.dir.name, "analysis"), "--as-of", AS_OF, "-q"))

    def test_an_account_over_256_bytes_for_a_role_that_starts_later_is_refused(self):
        bundle = os.path.join(self.dir.name, "bundle")
        shutil.copytree(SAMPLE, bundle)
        identity = "q" * 255  # valid; its account on sys-ad is not
        with open(os.path.join(bundle, "identities.csv"), "a") as f:
            f.write("%s,Long,employee,active,Finance,AP Clerk,New York,u-jamal,,2020-01-01,\n" % identity)
        with open(os.path.join(bundle, "role_assignments.csv"), "a") as f:
            f.write("%s,role-all-staff,request,2026-11-10,\n" % identity)
        result = cli("apply", bundle, "--events", os.path.join(SAMPLE, "hr_events.csv"), "--out", self.out,
                     "--as-of", "2026-11-20")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("assignment_started:role-all-staff", result.stderr)
        self.assertIn("256 bytes", result.stderr)
        self.assertFalse(os.path.exists(self.out))

    def test_a_negative_retention_from_an_admin_is_refused_by_the_server(self):
        tokens = os.path.join(self.dir.name, "tokens")
        admin = "hostile-suite-admin-0123456789"
        with open(tokens, "w") as f:
            f.write("%s admin\n" % admin)
        os.chmod(tokens, 0o600)
        state = os.path.join(self.dir.name, "state")
        ok(self, cli("state", "init", SAMPLE, "--state", state, "--as-of", AS_OF, "-q"))
        port_file = os.path.join(self.dir.name, "port")
        server = subprocess.Popen([CLI, "serve", "--state", state, "--listen", "127.0.0.1:0", "--tokens", tokens,
                                   "--port-file", port_file, "-q"], stdout=subprocess.DEVNULL)
        try:
            deadline = time.time() + HANG
            while not os.path.exists(port_file):
                self.assertIsNone(server.poll(), "the server did not start")
                self.assertLess(time.time(), deadline)
                time.sleep(0.01)
            with open(port_file) as f:
                port = int(f.read())
            with open(os.path.join(SAMPLE, "hr_events.csv")) as f:
                events = f.read()
            with Client("127.0.0.1", port, token=admin, timeout=HANG) as client:
                for retention in (-1, -2147483648, 2147483647):
                    with self.assertRaises(ServerError) as refused:
                        client.apply_events(events, retention_days=retention)
                    self.assertIn("retention", str(refused.exception))
            for score in (-1.0, 100.5, float("nan"), float("inf")):
                code, message = risk_queue_answer(port, admin, score)
                self.assertEqual(code, "InvalidInput", score)
                self.assertIn("min_score", message)
            self.assertEqual(risk_queue_answer(port, admin, 50.0), (None, ""))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=HANG)
        status = json.loads(ok(self, cli("state", "status", "--state", state, "--json")).stdout)
        self.assertEqual(status["version"], 0)


def risk_queue_answer(port, token, min_score):
    """(error code name or None, message) of a RiskQueueRequest for u-jamal at `min_score`."""
    builder = flatbuffers.Builder(256)
    reviewer = builder.CreateString("u-jamal")
    RiskQueueRequest.RiskQueueRequestStart(builder)
    RiskQueueRequest.RiskQueueRequestAddReviewer(builder, reviewer)
    RiskQueueRequest.RiskQueueRequestAddMinScore(builder, min_score)
    body = RiskQueueRequest.RiskQueueRequestEnd(builder)
    secret = builder.CreateString(token)
    Request.RequestStart(builder)
    Request.RequestAddId(builder, 1)
    Request.RequestAddProtocol(builder, 1)
    Request.RequestAddToken(builder, secret)
    Request.RequestAddBodyType(builder, RequestBody.RequestBody.RiskQueueRequest)
    Request.RequestAddBody(builder, body)
    builder.FinishSizePrefixed(Request.RequestEnd(builder))
    with socket.create_connection(("127.0.0.1", port), timeout=HANG) as sock:
        sock.sendall(bytes(builder.Output()))
        data = b""
        while len(data) < 4 or len(data) < 4 + struct.unpack("<I", data[:4])[0]:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    response = Response.GetRootAs(data[4:], 0)
    if response.BodyType() != ResponseBody.ResponseBody.Error:
        return None, ""
    error = Error()
    error.Init(response.Body().Bytes, response.Body().Pos)
    names = {value: name for name, value in vars(ErrorCode.ErrorCode).items() if not name.startswith("_")}
    return names[error.Code()], error.Message().decode("utf-8", "replace")


class HumanFacingFiles(unittest.TestCase):
    """Queues: file names never hidden nor option-like; no value a spreadsheet would run."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="accessgraph-hostile-human-")

    def tearDown(self):
        self.dir.cleanup()

    def test_reviewer_ids_and_formulas(self):
        # Managers (so reviewers) named ".", ".." and "-2+3"; identities whose ids look like formulas.
        renames = {"u-olivia": "-2+3", "u-marcus": "..", "u-jamal": ".", "u-alice": "=1+2", "u-ivan": "@SUM(A1)"}
        bundle = renamed_bundle(self.dir.name, renames)
        out = os.path.join(self.dir.name, "campaign")
        ok(self, cli("recert", bundle, "--out", out, "--as-of", AS_OF, "-q"))
        files = os.listdir(os.path.join(out, "queues"))
        for name in files:
            self.assertFalse(name.startswith(".") or name.startswith("-"), name)
        with open(os.path.join(out, "campaign.json")) as f:
            queues = {queue["reviewer_id"]: queue["file"] for queue in json.load(f)["queues"]}
        for reviewer in ("-2+3", "..", "."):
            self.assertIn(reviewer, queues)
            self.assertIn(os.path.basename(queues[reviewer]), files)
        self.assertEqual(len(set(queues.values())), len(queues))

        # Every queue cell that starts like a formula carries a quote in front.
        cells = []
        for name in files:
            with open(os.path.join(out, "queues", name), newline="") as f:
                for row in list(csv.reader(f))[1:]:
                    cells += row
        self.assertIn("'=1+2", cells)
        self.assertIn("'@SUM(A1)", cells)
        for cell in cells:
            self.assertFalse(cell[:1] in ("=", "+", "-", "@", "\t", "\r"), cell)

        # The machine CSVs of SPEC section 5 keep the ids as they are.
        analysis = os.path.join(self.dir.name, "analysis")
        ok(self, cli("analyze", bundle, "--out", analysis, "--as-of", AS_OF, "-q"))
        with open(os.path.join(analysis, "effective_access.csv"), newline="") as f:
            identities = {row[0] for row in csv.reader(f)}
        self.assertIn("=1+2", identities)
        self.assertNotIn("'=1+2", identities)

    def test_a_reorg_file_with_a_column_named_twice(self):
        for header in ("identity_id,department,department", "identity_id,note,note", "identity_id,identity_id"):
            reorg = os.path.join(self.dir.name, "reorg.csv")
            with open(reorg, "w") as f:
                f.write(header + "\n")
                f.write(",".join(["u-alice"] + ["Sales"] * (header.count(",")) ) + "\n")
            result = cli("whatif", SAMPLE, "--reorg", reorg, "--as-of", AS_OF)
            self.assertEqual(result.returncode, 2, "%s: %s" % (header, result.stderr))
            self.assertIn("reorg.csv", result.stderr)
            self.assertIn("twice", result.stderr)
            self.assertIn(header.split(",")[-1], result.stderr)


if __name__ == "__main__":
    unittest.main()
