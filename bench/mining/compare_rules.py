#!/usr/bin/env python3
"""Compares `accessgraph roles propose` output with a generated bundle's own birthright.csv.

Usage: compare_rules.py GENERATED_BUNDLE PROPOSE_OUT [MIN_SUPPORT]
For each generator rule matching at least MIN_SUPPORT (default 10) identities that are
not terminated: is there a proposal with the same kind/department/title/location cells,
and does it name the same role? Also counts proposals whose conditions the generator
lacks."""
import csv, sys, collections
gen = list(csv.DictReader(open(sys.argv[1] + "/birthright.csv")))
prop = list(csv.DictReader(open(sys.argv[2] + "/birthright.csv")))
minsup = int(sys.argv[3]) if len(sys.argv) > 3 else 10
K = ("kind", "department", "title", "location")
key = lambda r: tuple(r[k] for k in K)
patterns = {tuple(bool(r[k]) for k in K) for r in gen}
size = collections.Counter()
for i in csv.DictReader(open(sys.argv[1] + "/identities.csv")):
    if i["status"] == "terminated": continue
    for p in patterns:
        size[tuple(i[k] if on else "" for k, on in zip(K, p))] += 1
pk = {key(r): r for r in prop}
gk = {key(r): r for r in gen}
eligible = [r for r in gen if size[key(r)] >= minsup]
found = [r for r in eligible if key(r) in pk]
same_role = [r for r in found if pk[key(r)]["role_id"] == r["role_id"]]
extra = [r for r in prop if key(r) not in gk]
print(f"generator rules {len(gen)}, with >= {minsup} matching identities {len(eligible)}; proposals {len(prop)}")
print(f"recovered conditions {len(found)}/{len(eligible)}; naming the generator's role {len(same_role)}; proposals with conditions the generator lacks {len(extra)}")
for r in extra[:5]: print("  extra:", key(r), r["support"], r["confidence"])
for r in [r for r in eligible if key(r) not in pk][:5]: print("  missing:", key(r), size[key(r)])
for r in [r for r in found if pk[key(r)]["role_id"] != r["role_id"]][:5]: print("  other role:", key(r), r["role_id"], pk[key(r)]["role_id"])
