#!/usr/bin/env python3
"""Score an analysis of a generated bundle against the bundle's truth.csv.

    python3 datasets/score_truth.py BUNDLE FINDINGS_CSV

BUNDLE is a folder written by `accessgraph generate`; FINDINGS_CSV is the
findings.csv that `accessgraph analyze BUNDLE --as-of 2026-11-01` (default
dormant_days 90) wrote. Standard library only.

Two kinds of truth rows (see datasets/README.md):
  * exhaustive ones must equal the findings of the matching SPEC section 3 type
    exactly: every difference is a bug, on one side or the other;
  * planted ones must be found (recall): each planted group, role or entitlement must
    show up as the expected finding on at least one of the entitlements it gives.
Exit status 0 when every exhaustive type matches and every planted row is found.
"""

import csv
import sys
from collections import defaultdict

# truth anomaly (or anomalies) -> the SPEC section 3 finding type they must equal
EXHAUSTIVE = [
    (("orphan_account",), "orphan_account"),
    (("leaver_with_live_account",), "leaver_access"),
    (("dormant_account",), "dormant_account"),
    (("nhi_no_owner",), "nhi_no_owner"),
    (("nhi_owner_terminated",), "nhi_owner_terminated"),
    (("sod_violation_planted", "sod_violation_incidental"), "sod_violation"),
]


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    bundle, findings_path = sys.argv[1], sys.argv[2]
    truth = read(f"{bundle}/truth.csv")
    findings = read(findings_path)

    group_grants = defaultdict(list)
    for row in read(f"{bundle}/group_grants.csv"):
        group_grants[row["group_id"]].append(row["entitlement_id"])
    role_targets = defaultdict(list)
    for row in read(f"{bundle}/role_grants.csv"):
        role_targets[row["role_id"]].append((row["target_kind"], row["target_id"]))

    def pairs(rows, key, kinds):
        return {(r["subject_id"], r["related_id"]) for r in rows if r[key] in kinds}

    ok = True
    print(f"{'exhaustive type':28} {'truth':>7} {'found':>7} {'missed':>7} {'extra':>7}")
    for anomalies, finding_type in EXHAUSTIVE:
        expected = pairs(truth, "anomaly", anomalies)
        found = pairs(findings, "type", (finding_type,))
        missed, extra = expected - found, found - expected
        ok &= not missed and not extra
        print(f"{finding_type:28} {len(expected):7} {len(found):7} {len(missed):7} {len(extra):7}")
        for label, sample in (("missed", missed), ("extra", extra)):
            for subject, related in sorted(sample)[:3]:
                print(f"    {label}: {subject} {related}")

    # (identity, entitlement) -> finding, for the per-entitlement finding types.
    unjustified = {(r["subject_id"], r["related_id"]): r["detail"] for r in findings if r["type"] == "unjustified_access"}
    missing = {(r["subject_id"], r["related_id"]) for r in findings if r["type"] == "missing_access"}

    def entitlements_of(related):
        if related in group_grants:
            return group_grants[related]
        if related in role_targets:
            out = []
            for kind, target in role_targets[related]:
                out.extend(group_grants[target] if kind == "group" else [target])
            return out
        return [related]  # an entitlement id

    def seen_as(pool, identity, related, detail=None):
        for entitlement in entitlements_of(related):
            key = (identity, entitlement)
            if key in pool and (detail is None or pool[key] == detail):
                return True
        return False

    planted = [
        ("mover_residue", lambda r: seen_as(unjustified, r["subject_id"], r["related_id"], "mover_residue")),
        ("expired_role_access", lambda r: seen_as(unjustified, r["subject_id"], r["related_id"])),
        ("excess_grant", lambda r: seen_as(unjustified, r["subject_id"], r["related_id"])),
        ("excess_membership", lambda r: seen_as(unjustified, r["subject_id"], r["related_id"])),
        ("missing_access", lambda r: any((r["subject_id"], e) in missing for e in entitlements_of(r["related_id"]))),
    ]
    print(f"\n{'planted anomaly':28} {'rows':>7} {'found':>7}")
    for anomaly, found in planted:
        rows = [r for r in truth if r["anomaly"] == anomaly]
        hits = sum(1 for r in rows if found(r))
        ok &= hits == len(rows)
        print(f"{anomaly:28} {len(rows):7} {hits:7}")
        for r in [r for r in rows if not found(r)][:3]:
            print(f"    not found: {r['subject_id']} {r['related_id']}")
    print("\nOK" if ok else "\nMISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
