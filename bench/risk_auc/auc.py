#!/usr/bin/env python3
"""AUC of risk scores against approve/deny labels, and of each single peer key.

    auc.py BUNDLE LABELS [NAME=RISK_CSV ...] [--keys department,title manager_id ...]

LABELS: identity_id, entitlement_id, denied (0/1), as amazon_requests.py writes it. Each
RISK_CSV is a risk.csv of `accessgraph analyze BUNDLE` (higher score = riskier). For each
key (comma-separated identity columns, SPEC section 2 generalised: the other active
identities with the same non-empty values), the leave-one-out peer frequency of every
labelled pair is ranked rarest = riskiest; a pair whose identity has no peers on the key
gets the population frequency (as the engine does). The AUC is the chance that a
denied pair outranks a granted one, ties counting half. Standard library only.
"""
import argparse
import csv
from collections import Counter, defaultdict

DEFAULT_KEYS = ["department", "title", "manager_id", "location", "department,title", "department,manager_id",
                "title,manager_id"]


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def auc(scores, labels):
    """Mann-Whitney AUC; higher score = predicted denied; ties count half."""
    order = sorted(range(len(scores)), key=lambda k: scores[k])
    ranks = [0.0] * len(scores)
    k = 0
    while k < len(order):
        j = k
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[k]]:
            j += 1
        for t in range(k, j + 1):
            ranks[order[t]] = (k + j) / 2 + 1
        k = j + 1
    positives = sum(labels)
    negatives = len(labels) - positives
    rank_sum = sum(r for r, y in zip(ranks, labels) if y)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def load(bundle):
    """Active-or-not identities and their holdings through direct account grants (what
    amazon_requests.py writes; group grants are not followed)."""
    identities = {r["id"]: r for r in read(f"{bundle}/identities.csv")}
    owner = {r["id"]: r["identity_id"] for r in read(f"{bundle}/accounts.csv") if r["status"] == "enabled"}
    holdings = defaultdict(set)
    for r in read(f"{bundle}/account_grants.csv"):
        if r["account_id"] in owner and owner[r["account_id"]] in identities:
            holdings[owner[r["account_id"]]].add(r["entitlement_id"])
    return identities, holdings


def key_frequencies(identities, holdings, key, pairs):
    """Leave-one-out frequency of each labelled pair under `key` (None: no peers)."""
    columns = key.split(",") if key else []
    group_of = {}
    for i, row in identities.items():
        if row["status"] != "active":
            continue
        values = tuple(row[c] for c in columns)
        if all(values):
            group_of[i] = values
    members = Counter(group_of.values())
    holders = Counter()
    for i, group in group_of.items():
        for e in holdings.get(i, ()):
            holders[group, e] += 1
    out = []
    for i, e in pairs:
        group = group_of.get(i)
        peers = members[group] - 1 if group is not None else 0
        if peers <= 0:
            out.append(None)
            continue
        has = e in holdings.get(i, ())
        out.append((holders[group, e] - has) / peers)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bundle")
    parser.add_argument("labels")
    parser.add_argument("risk", nargs="*", help="NAME=PATH of a risk.csv")
    parser.add_argument("--keys", nargs="*", default=DEFAULT_KEYS)
    args = parser.parse_args()

    labelled = [(r["identity_id"], r["entitlement_id"], int(r["denied"])) for r in read(args.labels)]
    pairs = [(i, e) for i, e, _ in labelled]
    labels = [y for _, _, y in labelled]
    identities, holdings = load(args.bundle)
    print(f"{len(pairs)} labelled pairs, {sum(labels)} denied ({100 * sum(labels) / len(labels):.1f}%)")

    population = key_frequencies(identities, holdings, "", pairs)
    print(f"{'ranked by':36} {'AUC':>6} {'no peers':>9}")
    print(f"{'everyone (population frequency)':36} {auc([-p for p in population], labels):6.3f} {0:9.1%}")
    for key in args.keys:
        freq = key_frequencies(identities, holdings, key, pairs)
        undefined = sum(f is None for f in freq) / len(freq)
        # Rarest first; no peers: the population frequency, a hair less informative
        # than a real count of the same value.
        scores = [-(f if f is not None else p) for f, p in zip(freq, population)]
        print(f"{key:36} {auc(scores, labels):6.3f} {undefined:9.1%}")
    for spec in args.risk:
        name, _, path = spec.partition("=")
        score = {(r["identity_id"], r["entitlement_id"]): float(r["score"]) for r in read(path)}
        missing = sum(p not in score for p in pairs)
        if missing:
            raise SystemExit(f"{path}: {missing} labelled pairs have no score")
        print(f"{name:36} {auc([score[p] for p in pairs], labels):6.3f}")


if __name__ == "__main__":
    main()
