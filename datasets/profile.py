#!/usr/bin/env python3
"""Profile an accessgraph bundle: print the distributions datasets/README.md quotes.

Reads a bundle folder (SPEC section 1) and reports identities per kind and status,
accounts per person, peer group sizes, group nesting depth, cycles, roles, assignments,
usage staleness, planted anomalies (truth.csv) and - the expensive part - actual
entitlements per identity computed as SPEC section 2 defines actual access: direct
account grants plus the grants of every group an enabled account is a member of,
directly or through nested groups (cycles allowed).

Standard library only.

    python3 datasets/profile.py BUNDLE [--as-of 2026-11-01] [--sample K] [--json]

--sample K computes actual access for every K-th identity only (for the 1M bundle).
"""

import argparse
import csv
import datetime
import json
import os
import sys
from collections import Counter, defaultdict

REFERENCE_DATE = "2026-11-01"  # "today" inside generated bundles
NON_HUMAN = {"service", "bot", "api_key"}


def read_rows(folder, name, columns):
    """Yields tuples of the named columns of one CSV file (columns found by header)."""
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        positions = [header.index(column) for column in columns]
        for row in reader:
            yield tuple(row[p] for p in positions)


def quantile(sorted_values, q):
    """Nearest-rank quantile of an already sorted list (q in [0, 1])."""
    if not sorted_values:
        return 0
    rank = max(1, -(-int(q * len(sorted_values) * 1000) // 1000))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summary(values):
    values = sorted(values)
    if not values:
        return {"count": 0}
    return {
        "count": len(values),
        "min": values[0],
        "median": quantile(values, 0.5),
        "p90": quantile(values, 0.9),
        "p99": quantile(values, 0.99),
        "max": values[-1],
        "mean": round(sum(values) / len(values), 1),
    }


def bucketed(values, edges):
    """Counts of values per [edge_i, edge_i+1) bucket, the last bucket open-ended."""
    bounds = list(zip(edges, edges[1:] + [None]))

    def label(low, high):
        if high is None:
            return f"{low}+"
        return f"{low}" if high == low + 1 else f"{low}-{high - 1}"

    counts = {label(low, high): 0 for low, high in bounds}
    for value in values:
        for low, high in bounds:
            if high is None or value < high:
                counts[label(low, high)] += 1
                break
    return counts


def percent(part, whole):
    return round(100.0 * part / whole, 2) if whole else 0.0


def strongly_connected(nodes, successors):
    """Tarjan's SCCs, iteratively. Returns components in reverse topological order:
    a component comes after every component reachable from it."""
    index = {}
    low = {}
    on_stack = set()
    stack = []
    components = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(successors.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            advanced = False
            for succ in edges:
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(successors.get(succ, ()))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def profile(folder, as_of, sample):
    report = {"bundle": os.path.abspath(folder), "as_of": as_of}
    dormant_cutoff = (datetime.date.fromisoformat(as_of) - datetime.timedelta(days=90)).isoformat()

    # Files.
    files = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".csv"):
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                lines = sum(1 for _ in handle)
            files[name] = {"bytes": os.path.getsize(path), "lines": lines}
    report["files"] = files
    report["total_bytes"] = sum(f["bytes"] for f in files.values())

    # Identities.
    identities = {}
    for ident, kind, status, dept, title, owner in read_rows(
            folder, "identities.csv", ["id", "kind", "status", "department", "title", "owner_id"]):
        identities[ident] = (kind, status, dept, title, owner)
    total = len(identities)
    kinds = Counter(v[0] for v in identities.values())
    statuses = Counter(v[1] for v in identities.values())
    humans = [i for i, v in identities.items() if v[0] not in NON_HUMAN]
    nhi = [i for i, v in identities.items() if v[0] in NON_HUMAN]
    live_nhi = [i for i in nhi if identities[i][1] != "terminated"]
    report["identities"] = {
        "total": total,
        "by_kind": {k: {"count": c, "percent": percent(c, total)} for k, c in kinds.most_common()},
        "by_status": {k: {"count": c, "percent": percent(c, total)} for k, c in statuses.most_common()},
        "non_human_percent": percent(len(nhi), total),
        "contractor_percent": percent(kinds["contractor"], total),
        "humans_terminated_percent": percent(sum(1 for i in humans if identities[i][1] == "terminated"), len(humans)),
        "humans_on_leave_percent": percent(sum(1 for i in humans if identities[i][1] == "leave"), len(humans)),
        "nhi_not_terminated_without_owner": sum(1 for i in live_nhi if not identities[i][4]),
        "nhi_not_terminated_owner_terminated": sum(
            1 for i in live_nhi if identities[i][4] and identities.get(identities[i][4], ("", ""))[1] == "terminated"),
    }

    # Peer groups: active identities sharing a non-empty department and title.
    peers = Counter((v[2], v[3]) for v in identities.values() if v[1] == "active" and v[2] and v[3])
    departments = Counter(v[2] for v in identities.values() if v[2])
    peer_sizes = list(peers.values())
    report["departments"] = {"count": len(departments), "size": summary(list(departments.values()))}
    report["peer_groups"] = {
        "count": len(peers),
        "size": summary(peer_sizes),
        "size_buckets": bucketed(peer_sizes, [1, 2, 5, 10, 50, 100, 500, 1000, 5000]),
        "largest": [{"department": d, "title": t, "size": n} for (d, t), n in peers.most_common(5)],
    }

    # Accounts.
    accounts = {}
    per_identity = Counter()
    per_system = Counter()
    enabled = privileged = unlinked = orphan = dormant = 0
    for acct, system, ident, status, created, last_used, priv in read_rows(
            folder, "accounts.csv", ["id", "system_id", "identity_id", "status", "created", "last_used", "privileged"]):
        is_enabled = status == "enabled"
        accounts[acct] = (ident, is_enabled)
        per_system[system] += 1
        enabled += is_enabled
        privileged += priv == "true"
        if not ident:
            unlinked += 1
        elif ident not in identities:
            orphan += 1
        else:
            per_identity[ident] += 1
        used = last_used[:10]
        if is_enabled and ((used and used < dormant_cutoff) or (not used and created and created[:10] < dormant_cutoff)):
            dormant += 1
    human_counts = [per_identity[i] for i in humans]
    report["accounts"] = {
        "total": len(accounts),
        "per_system": dict(per_system.most_common()),
        "enabled_percent": percent(enabled, len(accounts)),
        "disabled": len(accounts) - enabled,
        "privileged": privileged,
        "unlinked": unlinked,
        "orphan": orphan,
        "dormant_enabled": dormant,
        "per_human": summary(human_counts),
        "per_human_histogram": dict(sorted(Counter(human_counts).items())),
        "per_non_human_histogram": dict(sorted(Counter(per_identity[i] for i in nhi).items())),
        "leavers_with_enabled_account": len({accounts[a][0] for a in accounts
                                             if accounts[a][1] and identities.get(accounts[a][0], ("", ""))[1] == "terminated"}),
    }

    # Groups: nesting (child -> parents), grants, SCCs, depth, closures.
    groups = [g for (g,) in read_rows(folder, "groups.csv", ["id"])]
    parents = defaultdict(list)
    account_groups = defaultdict(list)
    self_loops = 0
    for group, member_kind, member in read_rows(folder, "group_members.csv", ["group_id", "member_kind", "member_id"]):
        if member_kind == "group":
            parents[member].append(group)
            self_loops += member == group
        else:
            account_groups[member].append(group)
    entitlement_ids = {}
    group_grants = defaultdict(list)
    for group, ent in read_rows(folder, "group_grants.csv", ["group_id", "entitlement_id"]):
        group_grants[group].append(entitlement_ids.setdefault(ent, len(entitlement_ids)))
    account_grants = defaultdict(list)
    for acct, ent in read_rows(folder, "account_grants.csv", ["account_id", "entitlement_id"]):
        account_grants[acct].append(entitlement_ids.setdefault(ent, len(entitlement_ids)))

    components = strongly_connected(groups, parents)
    component_of = {}
    for number, component in enumerate(components):
        for group in component:
            component_of[group] = number
    closure = [None] * len(components)
    depth = [0] * len(components)
    for number, component in enumerate(components):  # parents' components come first
        reached = set()
        up = -1
        for group in component:
            reached.update(group_grants.get(group, ()))
            for parent in parents.get(group, ()):
                other = component_of[parent]
                if other != number:
                    reached |= closure[other]
                    up = max(up, depth[other])
        closure[number] = frozenset(reached)
        depth[number] = up + 1
    cycles = [c for c in components if len(c) > 1]
    group_depths = [depth[component_of[g]] for g in groups]
    membership_levels = [1 + depth[component_of[g]] for gs in account_groups.values() for g in gs]
    report["groups"] = {
        "total": len(groups),
        "nested_edges": sum(len(p) for p in parents.values()),
        "cycles": len(cycles),
        "largest_cycle": max((len(c) for c in cycles), default=0),
        "self_memberships": self_loops,
        "levels_above_group": dict(sorted(Counter(group_depths).items())),
        "membership_nesting_levels": {
            "summary": summary(membership_levels),
            "histogram": dict(sorted(Counter(membership_levels).items())),
        },
        "closure_entitlements": summary([len(closure[component_of[g]]) for g in groups]),
    }

    # Actual access per identity (SPEC section 2).
    enabled_accounts = defaultdict(list)
    for acct, (ident, is_enabled) in accounts.items():
        if is_enabled and ident in identities:
            enabled_accounts[ident].append(acct)
    counts_all = []
    counts_active_humans = []
    for position, ident in enumerate(identities):
        if sample > 1 and position % sample:
            continue
        sets = []
        direct = []
        for acct in enabled_accounts.get(ident, ()):
            direct.extend(account_grants.get(acct, ()))
            sets.extend(closure[component_of[g]] for g in account_groups.get(acct, ()))
        held = set(direct).union(*sets) if sets else set(direct)
        counts_all.append(len(held))
        kind, status = identities[ident][0], identities[ident][1]
        if kind not in NON_HUMAN and status == "active":
            counts_active_humans.append(len(held))
    edges = [0, 1, 50, 100, 200, 500, 1000]
    report["actual_entitlements_per_identity"] = {
        "sampled_every": sample,
        "all_identities": summary(counts_all),
        "active_humans": summary(counts_active_humans),
        "active_humans_histogram": bucketed(counts_active_humans, edges),
        "identities_with_1000_plus": sum(1 for c in counts_all if c >= 1000),
    }
    report["entitlements"] = {"total": sum(1 for _ in read_rows(folder, "entitlements.csv", ["id"])),
                              "by_sensitivity": dict(sorted(Counter(
                                  s for (s,) in read_rows(folder, "entitlements.csv", ["sensitivity"])).items()))}

    # Roles, assignments, history.
    role_kinds = Counter(k for (k,) in read_rows(folder, "roles.csv", ["kind"]))
    includes = defaultdict(list)
    include_rows = 0
    for role, included in read_rows(folder, "role_includes.csv", ["role_id", "included_role_id"]):
        includes[role].append(included)
        include_rows += 1
    role_ids = [r for (r,) in read_rows(folder, "roles.csv", ["id"])]
    role_cycles = [c for c in strongly_connected(role_ids, includes) if len(c) > 1]
    grant_targets = Counter(k for (k,) in read_rows(folder, "role_grants.csv", ["target_kind"]))
    rule_shapes = Counter()
    for kind, dept, title, location in read_rows(folder, "birthright.csv", ["kind", "department", "title", "location"]):
        rule_shapes["+".join(name for name, cell in
                             (("kind", kind), ("department", dept), ("title", title), ("location", location)) if cell)] += 1
    sources = Counter()
    expired = future = 0
    for source, granted, expires in read_rows(folder, "role_assignments.csv", ["source", "granted_at", "expires_at"]):
        sources[source] += 1
        expired += bool(expires) and expires[:10] <= as_of
        future += bool(granted) and granted[:10] > as_of
    history = list(read_rows(folder, "role_history.csv", ["identity_id", "revoked_at"]))
    report["roles"] = {
        "total": len(role_ids),
        "by_kind": dict(role_kinds),
        "includes": include_rows,
        "include_cycles": len(role_cycles),
        "grants_by_target": dict(grant_targets),
        "birthright_rules": dict(rule_shapes.most_common()),
        "assignments_by_source": dict(sources.most_common()),
        "assignments_expired": expired,
        "assignments_future": future,
        "history_rows": len(history),
        "identities_with_history": len({i for i, _ in history}),
    }

    # Usage.
    usage_rows = stale = 0
    for (last_used,) in read_rows(folder, "usage.csv", ["last_used"]):
        usage_rows += 1
        stale += last_used[:10] < dormant_cutoff
    report["usage"] = {"rows": usage_rows, "older_than_90_days_percent": percent(stale, usage_rows)}
    report["sod_rules"] = sum(1 for _ in read_rows(folder, "sod_rules.csv", ["id"]))
    report["hr_events"] = dict(Counter(t for (t,) in read_rows(folder, "hr_events.csv", ["type"])).most_common())
    report["truth"] = dict(Counter(a for (a,) in read_rows(folder, "truth.csv", ["anomaly"])).most_common())
    return report


def print_report(report, out):
    def emit(key, value, indent=0):
        pad = "  " * indent
        if isinstance(value, dict):
            out.write(f"{pad}{key}:\n")
            for k, v in value.items():
                emit(k, v, indent + 1)
        elif isinstance(value, list):
            out.write(f"{pad}{key}:\n")
            for item in value:
                out.write(f"{pad}  - {json.dumps(item, ensure_ascii=False)}\n")
        else:
            out.write(f"{pad}{key}: {value}\n")

    for key, value in report.items():
        emit(key, value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle")
    parser.add_argument("--as-of", default=REFERENCE_DATE)
    parser.add_argument("--sample", type=int, default=1, help="actual access of every K-th identity only")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args()
    report = profile(args.bundle, args.as_of, max(1, args.sample))
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_report(report, sys.stdout)


if __name__ == "__main__":
    main()
