#!/usr/bin/env python3
"""Score the recommendations of a risk.csv against a generated bundle's truth.csv.

    python3 datasets/score_recommendations.py BUNDLE RISK_CSV [--as-of 2026-11-01]

BUNDLE is a folder written by `accessgraph generate`; RISK_CSV is the risk.csv that
`accessgraph analyze BUNDLE --as-of 2026-11-01` wrote (the full file: every access
pair). Standard library only.

Prints the share of all access pairs recommended `approve`, the count of each
recommendation, and, for every anomaly type of truth.csv that names access, how many
of the (identity, entitlement) pairs it causes were recommended approve, review and
revoke. A truth row causes these pairs:

  excess_grant, mover_residue (entitlement)   the identity and the entitlement
  excess_membership, mover_residue (group)    the identity and every entitlement the group
                                              gives, through the groups it nests in
  expired_role_access                         ... every entitlement the role gives, with
                                              the roles it includes and their groups
  sod_violation_planted / _incidental         the identity and both sides of the rule
  leaver_with_live_account, nhi_no_owner,     every access pair of the identity
  nhi_owner_terminated
  dormant_account                             the identity's pairs that only dormant
                                              accounts give (another account in use
                                              gives the rest)

For the group, role and entitlement rows, a pair that is also expected (justified in
risk.csv: a role the identity holds grants it anyway) was not caused by the anomaly;
those are counted apart (`expected`) and may be approved. Besides truth.csv, every
identity whose termination_date is on or before --as-of but whose status is not
terminated counts as `expired_identity` (all its pairs). orphan_account and
missing_access name no held pair of an identity and are not listed.

Exit status 1 when any anomaly pair is recommended approve or when fewer than half of
all pairs are, 0 otherwise.
"""

import argparse
import csv
import sys
from collections import Counter, defaultdict

RECOMMENDATIONS = ("approve", "review", "revoke")


def read(path, optional=False):
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return list(csv.DictReader(handle))
    except FileNotFoundError:
        if optional:
            return []
        raise


class Bundle:
    """The parts of a bundle needed to say which entitlements a group, role or account gives."""

    def __init__(self, folder):
        self.group_grants = defaultdict(set)
        for row in read(f"{folder}/group_grants.csv"):
            self.group_grants[row["group_id"]].add(row["entitlement_id"])
        self.parents = defaultdict(set)  # group -> the groups it is a member of
        self.account_groups = defaultdict(set)
        for row in read(f"{folder}/group_members.csv"):
            if row["member_kind"] == "group":
                self.parents[row["member_id"]].add(row["group_id"])
            else:
                self.account_groups[row["member_id"]].add(row["group_id"])
        self.account_grants = defaultdict(set)
        for row in read(f"{folder}/account_grants.csv"):
            self.account_grants[row["account_id"]].add(row["entitlement_id"])
        self.role_targets = defaultdict(list)
        for row in read(f"{folder}/role_grants.csv"):
            self.role_targets[row["role_id"]].append((row["target_kind"], row["target_id"]))
        self.role_includes = defaultdict(set)
        for row in read(f"{folder}/role_includes.csv"):
            self.role_includes[row["role_id"]].add(row["included_role_id"])
        self.groups = {row["id"] for row in read(f"{folder}/groups.csv")}
        self.sod_rules = {row["id"]: (row["entitlement_a"], row["entitlement_b"])
                          for row in read(f"{folder}/sod_rules.csv", optional=True)}
        self.accounts = read(f"{folder}/accounts.csv")
        self.identities = read(f"{folder}/identities.csv")
        self._group_access = {}

    def group_access(self, group):
        """Every entitlement a member of `group` holds: its grants and those of every group it nests in."""
        if group not in self._group_access:
            seen, stack, out = {group}, [group], set()
            while stack:
                g = stack.pop()
                out |= self.group_grants.get(g, set())
                for parent in self.parents.get(g, ()):
                    if parent not in seen:
                        seen.add(parent)
                        stack.append(parent)
            self._group_access[group] = out
        return self._group_access[group]

    def role_access(self, role):
        seen, stack, out = {role}, [role], set()
        while stack:
            r = stack.pop()
            for kind, target in self.role_targets.get(r, ()):
                out |= self.group_access(target) if kind == "group" else {target}
            for included in self.role_includes.get(r, ()):
                if included not in seen:
                    seen.add(included)
                    stack.append(included)
        return out

    def account_access(self, account):
        out = set(self.account_grants.get(account, ()))
        for group in self.account_groups.get(account, ()):
            out |= self.group_access(group)
        return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bundle")
    parser.add_argument("risk_csv")
    parser.add_argument("--as-of", default="2026-11-01", help="the analysis date (default 2026-11-01)")
    parser.add_argument("--min-approve-share", type=float, default=0.5)
    args = parser.parse_args()

    bundle = Bundle(args.bundle)
    truth = read(f"{args.bundle}/truth.csv")

    # Before reading risk.csv (10M rows at medium), what to look for in it: the pairs
    # that group, role, entitlement, SoD and dormant rows name, and the identities
    # whose every pair counts.
    named = defaultdict(set)          # (identity, entitlement) -> anomaly types
    whole = defaultdict(set)          # identity -> anomaly types that take all its pairs
    may_be_expected = set()           # types whose justified pairs were not caused by them

    def name_access(anomaly, identity, entitlements, expected_apart=True):
        for entitlement in entitlements:
            named[(identity, entitlement)].add(anomaly)
        if expected_apart:
            may_be_expected.add(anomaly)

    dormant_accounts = defaultdict(set)  # identity -> its dormant accounts
    for row in truth:
        anomaly, subject, related = row["anomaly"], row["subject_id"], row["related_id"]
        if anomaly == "excess_grant":
            name_access(anomaly, subject, [related])
        elif anomaly in ("excess_membership", "mover_residue"):
            name_access(anomaly, subject, bundle.group_access(related) if related in bundle.groups else [related])
        elif anomaly == "expired_role_access":
            name_access(anomaly, subject, bundle.role_access(related))
        elif anomaly.startswith("sod_violation"):
            name_access(anomaly, subject, bundle.sod_rules.get(related, ()), expected_apart=False)
        elif anomaly == "leaver_with_live_account":
            whole[related].add(anomaly)
        elif anomaly in ("nhi_no_owner", "nhi_owner_terminated"):
            whole[subject].add(anomaly)
        elif anomaly == "dormant_account" and related:
            dormant_accounts[related].add(subject)

    # A dormant account causes the pairs that no enabled account in use also gives.
    accounts_of = defaultdict(list)
    for account in bundle.accounts:
        if account["status"] == "enabled" and account["identity_id"] in dormant_accounts:
            accounts_of[account["identity_id"]].append(account["id"])
    for identity, dormant in dormant_accounts.items():
        in_use = set()
        for account in accounts_of[identity]:
            if account not in dormant:
                in_use |= bundle.account_access(account)
        for account in dormant:
            name_access("dormant_account", identity, bundle.account_access(account) - in_use, expected_apart=False)

    for identity in bundle.identities:
        end = identity["termination_date"][:10]
        if end and end <= args.as_of and identity["status"] != "terminated":
            whole[identity["id"]].add("expired_identity")

    total = 0
    counts = Counter()
    by_type = defaultdict(Counter)  # anomaly -> recommendation -> pairs caused
    expected = Counter()            # anomaly -> justified pairs it touches, not counted
    expected_approved = Counter()   # ... of which approved
    any_anomaly = Counter()
    approved_samples = defaultdict(list)
    with open(args.risk_csv, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            total += 1
            rec = row["recommendation"]
            counts[rec] += 1
            identity = row["identity_id"]
            types = set(whole.get(identity, ()))
            key = (identity, row["entitlement_id"])
            if key in named:
                is_justified = ";justified" in ";" + row["factors"]
                for anomaly in named[key]:
                    if is_justified and anomaly in may_be_expected:
                        expected[anomaly] += 1
                        expected_approved[anomaly] += rec == "approve"
                    else:
                        types.add(anomaly)
            for anomaly in types:
                by_type[anomaly][rec] += 1
                if rec == "approve" and len(approved_samples[anomaly]) < 3:
                    approved_samples[anomaly].append(key)
            if types:
                any_anomaly[rec] += 1

    approve_share = counts["approve"] / total if total else 0.0
    print(f"pairs {total}")
    print(f"approve share {approve_share:.4f}")
    for name in RECOMMENDATIONS:
        share = counts[name] / total if total else 0.0
        print(f"  {name:8} {counts[name]:10} {share:8.2%}")
    print(f"\n{'anomaly (pairs it causes)':28} {'pairs':>8} {'approve':>8} {'review':>8} {'revoke':>8} {'expected':>9} {'(approved)':>10}")
    approved_anomalies = any_anomaly["approve"]
    for anomaly in sorted(set(by_type) | set(expected)):
        by = by_type[anomaly]
        print(f"{anomaly:28} {sum(by.values()):8} {by['approve']:8} {by['review']:8} {by['revoke']:8} "
              f"{expected[anomaly]:9} {expected_approved[anomaly]:10}")
        for identity, entitlement in approved_samples[anomaly]:
            print(f"    approved: {identity} {entitlement}")
    print(f"{'any anomaly':28} {sum(any_anomaly.values()):8} {any_anomaly['approve']:8} {any_anomaly['review']:8} "
          f"{any_anomaly['revoke']:8}")

    ok = approved_anomalies == 0 and approve_share >= args.min_approve_share
    if approved_anomalies:
        print(f"\nFAIL: {approved_anomalies} anomaly pairs recommended approve")
    if approve_share < args.min_approve_share:
        print(f"\nFAIL: approve share {approve_share:.4f} below {args.min_approve_share}")
    print("\nOK" if ok else "")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
