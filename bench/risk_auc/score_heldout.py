#!/usr/bin/env python3
"""AUC of risk.csv's score on held-out decisions, as a judge would compute it.

Usage: score_heldout.py RISK_CSV HELDOUT_CSV
HELDOUT_CSV: identity_id,entitlement_id,revoked (1 or 0), e.g. from amazon_like.py.
Ties in score count half (Mann-Whitney)."""
import csv
import sys


def auc(scores, labels):
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    pos = sum(labels)
    neg = len(labels) - pos
    rank_sum, i = 0.0, 0
    while i < len(order):
        j = i
        while j < len(order) and scores[order[j]] == scores[order[i]]:
            j += 1
        mean_rank = (i + j + 1) / 2
        rank_sum += mean_rank * sum(labels[order[k]] for k in range(i, j))
        i = j
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def main():
    risk = {}
    with open(sys.argv[1], newline="") as f:
        for row in csv.DictReader(f):
            risk[(row["identity_id"], row["entitlement_id"])] = float(row["score"])
    scores, labels, oracle, missing = [], [], [], 0
    with open(sys.argv[2], newline="") as f:
        for row in csv.DictReader(f):
            key = (row["identity_id"], row["entitlement_id"])
            if key not in risk:
                missing += 1
                continue
            scores.append(risk[key])
            labels.append(int(row["revoked"]))
            if "true_logit" in row:
                oracle.append(float(row["true_logit"]))
    print(f"held-out pairs: {len(scores)} ({sum(labels)} revoked), not in risk.csv: {missing}")
    print(f"AUC: {auc(scores, labels):.4f}")
    if oracle and len(oracle) == len(scores):
        print(f"oracle AUC (the generator's true log-odds): {auc(oracle, labels):.4f}")


if __name__ == "__main__":
    main()
