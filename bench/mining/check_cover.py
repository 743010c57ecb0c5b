#!/usr/bin/env python3
"""Checks a `roles mine-matrix --exact` result pair by pair against its matrix file.

Usage: check_cover.py MATRIX_FILE OUT_DIR [PUBLISHED_MINIMUM]
Reads the matrix as `roles mine-matrix` does (pairs, or a user and its permissions a
line; the .rbac layout's lines starting with u_; separators space, tab, comma,
semicolon; '#' lines skipped), gives each user the permissions of its roles from
OUT_DIR/user_roles.csv and OUT_DIR/role_columns.csv, and prints the pairs missing and
the pairs extra (both 0 for an exact cover), the role count, the lower bound, the
mining seconds and, given the published minimum, the gap to it. Exits 1 when the
cover is not exact."""
import csv, json, re, sys
from collections import defaultdict

matrix_path, out = sys.argv[1], sys.argv[2]
published = int(sys.argv[3]) if len(sys.argv) > 3 else None

lines = []
for raw in open(matrix_path):
    tokens = re.split(r"[ \t,;\r\n]+", raw.strip())
    tokens = [t for t in tokens if t]
    if not tokens or tokens[0].startswith("#"):
        continue
    if len(tokens[0]) > 1 and tokens[0].endswith(":"):
        tokens[0] = tokens[0][:-1]
    lines.append(tokens)
rbac = any(len(t) > 1 and t[0].startswith("u_") and t[1].startswith("p_") for t in lines)
held = defaultdict(set)
for tokens in lines:
    if rbac and not tokens[0].startswith("u_"):
        continue
    held[tokens[0]].update(tokens[1:])

role_columns = defaultdict(set)
for row in csv.DictReader(open(f"{out}/role_columns.csv")):
    role_columns[row["role_id"]].add(row["permission"])
given = defaultdict(set)
for row in csv.DictReader(open(f"{out}/user_roles.csv")):
    given[row["user"]] |= role_columns[row["role_id"]]

missing = sum(len(held[u] - given[u]) for u in held)
extra = sum(len(given[u] - held.get(u, set())) for u in given)
report = json.load(open(f"{out}/mining_report.json"))
roles = len(role_columns)
pairs = sum(len(p) for p in held.values())
print(f"users {len(held)}, pairs {pairs}; missing pairs {missing}, extra pairs {extra}; roles {roles} "
      f"(report {report['role_count']}), lower bound {report['method'].get('lower_bound', '-')}, "
      f"proven {report['method'].get('proven_optimal', '-')}, mining {report['seconds']:.3f} s")
if published:
    print(f"published minimum {published}: {roles - published:+d} roles ({100.0 * (roles - published) / published:+.1f}%)")
sys.exit(0 if missing == 0 and extra == 0 and roles == report["role_count"] else 1)
