#!/usr/bin/env python3
"""Writes (identity, entitlement) pairs for bench/load/http_check.lua from a bundle:
half granted pairs (account_grants.csv through accounts.csv: answers true), half
random pairs (mostly false), shuffled with a fixed seed.

  bench/load/http_pairs.py datasets/generated/medium-seed1 100000 > /tmp/pairs.txt
"""
import csv
import random
import sys

bundle, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
rng = random.Random(1)
owner = {}
with open(f"{bundle}/accounts.csv", newline="") as f:
    for row in csv.DictReader(f):
        if row["identity_id"]:
            owner[row["id"]] = row["identity_id"]
granted = []
with open(f"{bundle}/account_grants.csv", newline="") as f:
    for row in csv.DictReader(f):
        if row["account_id"] in owner:
            granted.append((owner[row["account_id"]], row["entitlement_id"]))
with open(f"{bundle}/identities.csv", newline="") as f:
    identities = [row["id"] for row in csv.DictReader(f)]
with open(f"{bundle}/entitlements.csv", newline="") as f:
    entitlements = [row["id"] for row in csv.DictReader(f)]
pairs = rng.sample(granted, min(len(granted), count // 2))
pairs += [(rng.choice(identities), rng.choice(entitlements)) for _ in range(count - len(pairs))]
rng.shuffle(pairs)
sys.stdout.writelines(f"{identity} {entitlement}\n" for identity, entitlement in pairs)
