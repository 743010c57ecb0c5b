#!/usr/bin/env python3
"""AUC of a risk.csv at ranking a generated bundle's planted excess access first.

    planted_auc.py BUNDLE RISK_CSV [--among all|unjustified] [--planted excess_grant ...]

BUNDLE is a folder of `accessgraph generate` (its truth.csv names the planted pairs:
excess_grant rows are identity, entitlement); RISK_CSV a risk.csv of `accessgraph
analyze BUNDLE`. Positives: the planted pairs; negatives: every other pair of risk.csv
(--among all) or only the other unjustified ones (--among unjustified, read from the
factors column). Ties count half. Scores are hundredths, so the AUC is counted per
score value, streaming: no pair is kept but the planted ones. Standard library only.

docs/risk.md quotes: peers alone (a risk.csv written with a policy that keeps only
the peer term), planted vs other unjustified; and the full score, planted vs all.
"""
import argparse
import csv
import sys
from collections import Counter


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bundle")
    parser.add_argument("risk")
    parser.add_argument("--among", choices=["all", "unjustified"], default="all")
    parser.add_argument("--planted", nargs="*", default=["excess_grant"])
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)

    planted = set()
    with open(f"{args.bundle}/truth.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["anomaly"] in args.planted and row["subject_kind"] == "identity":
                planted.add((row["subject_id"], row["related_id"]))
    positives, negatives = Counter(), Counter()
    with open(args.risk, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            score = round(float(row["score"]) * 100)
            if (row["identity_id"], row["entitlement_id"]) in planted:
                positives[score] += 1
            elif args.among == "all" or ";unjustified=" in ";" + row["factors"]:
                negatives[score] += 1
    n_pos, n_neg = sum(positives.values()), sum(negatives.values())
    below = 0  # negatives scoring strictly lower than the current value
    wins = 0.0
    for score in sorted(set(positives) | set(negatives)):
        wins += positives[score] * (below + negatives[score] / 2)
        below += negatives[score]
    print(f"{args.risk}: {n_pos} of {len(planted)} planted pairs against {n_neg} {args.among} others: "
          f"AUC {wins / (n_pos * n_neg):.4f}")


if __name__ == "__main__":
    main()
