#!/usr/bin/env python3
"""Recommendations calibrated on generated data (issue 14, item 5), through the binary.

Generates the small bundle (seed 1), analyzes it at the generator's reference date
with the shipped policy, and scores risk.csv with datasets/score_recommendations.py:
at least half of all access pairs are recommended approve, and no pair that a planted
anomaly of truth.csv causes is.

    ACCESSGRAPH_CLI=build/cli/accessgraph python3 tests/datasets/test_recommendations.py
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("ACCESSGRAPH_CLI", os.path.join(ROOT, "build", "cli", "accessgraph"))
CHECKER = os.path.join(ROOT, "datasets", "score_recommendations.py")

# Every truth type that names held access must show up with pairs, or the check
# below would pass for want of anything to check.
TYPES = ["dormant_account", "excess_grant", "excess_membership", "expired_role_access", "leaver_with_live_account",
         "mover_residue", "nhi_no_owner", "nhi_owner_terminated", "sod_violation_incidental", "sod_violation_planted"]


def run(*args):
    result = subprocess.run(list(args), capture_output=True, text=True, timeout=600)
    return result.returncode, result.stdout + result.stderr


class GeneratedRecommendations(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="accessgraph-recommendations-")
        bundle, out = os.path.join(cls.tmp.name, "small"), os.path.join(cls.tmp.name, "out")
        code, text = run(BINARY, "generate", "--size", "small", "--seed", "1", "--out", bundle)
        assert code == 0, text
        code, text = run(BINARY, "analyze", bundle, "--out", out, "--as-of", "2026-11-01")
        assert code == 0, text
        cls.code, cls.report = run(sys.executable, CHECKER, bundle, os.path.join(out, "risk.csv"))
        cls.rows = {}
        for line in cls.report.splitlines():
            fields = line.split()
            if len(fields) >= 5 and fields[1].isdigit():
                cls.rows[fields[0]] = [int(f) for f in fields[1:5]]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_checker_passes(self):
        self.assertEqual(self.code, 0, self.report)

    def test_half_of_all_pairs_are_approved(self):
        share = float(re.search(r"^approve share ([0-9.]+)$", self.report, re.M).group(1))
        self.assertGreaterEqual(share, 0.5, self.report)
        approve, review, revoke = (int(re.search(rf"^  {name} +(\d+)", self.report, re.M).group(1))
                                   for name in ("approve", "review", "revoke"))
        total = int(re.search(r"^pairs (\d+)$", self.report, re.M).group(1))
        self.assertEqual(approve + review + revoke, total)
        self.assertGreater(review, 0)
        self.assertGreater(revoke, 0)

    def test_no_anomaly_pair_is_approved(self):
        for anomaly in TYPES:
            with self.subTest(anomaly=anomaly):
                self.assertIn(anomaly, self.rows, self.report)
                pairs, approve, review, revoke = self.rows[anomaly]
                self.assertGreater(pairs, 0)
                self.assertEqual(approve, 0)
                self.assertEqual(pairs, approve + review + revoke)
        any_line = re.search(r"^any anomaly +(\d+) +(\d+)", self.report, re.M)
        self.assertIsNotNone(any_line, self.report)
        self.assertGreater(int(any_line.group(1)), 0)
        self.assertEqual(int(any_line.group(2)), 0)

    def test_leavers_are_revoked(self):
        pairs, approve, review, revoke = self.rows["leaver_with_live_account"]
        self.assertEqual(revoke, pairs)


if __name__ == "__main__":
    unittest.main(verbosity=2)
