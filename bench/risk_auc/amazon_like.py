#!/usr/bin/env python3
"""A synthetic stand-in for approve/deny access-request data like the Amazon Employee
Access Challenge (about 33k requests, 6% denied; columns RESOURCE, MGR_ID,
ROLE_ROLLUP_1, ROLE_ROLLUP_2, ROLE_DEPTNAME, ROLE_TITLE, ROLE_FAMILY_DESC,
ROLE_FAMILY, ROLE_CODE), written as an accessgraph bundle in which every request is
an actual access pair (a direct account grant), with a share of the outcomes given
as decisions.csv and the rest kept aside in heldout.csv for scoring.

The organisation is a hierarchy: rollup 1 > rollup 2 > department; role families >
titles; managers within departments. Resources have a Zipf popularity and a home:
the departments (and role families) that use them. Whether a request is denied
depends on the resource's strictness, on whether the requester's department and
role family are at home with it, on the manager's leniency and on random
resource x department and resource x manager effects, tuned to about 6% denied.

Usage:
  amazon_like.py OUT [--requests 33000] [--seed 7] [--given 0.7]
                     [--identity-per profile|request]

OUT gets the bundle (identities.csv ... decisions.csv) and OUT/../<name>.heldout.csv
(identity_id,entitlement_id,revoked) for the pairs whose decision was withheld.
--identity-per profile: one identity per distinct person (attributes and manager);
request: one identity per request row (the Amazon data has no person id).
"""
import argparse
import csv
import math
import os
import random


def zipf_weights(n, s):
    return [1.0 / (k + 1) ** s for k in range(n)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--requests", type=int, default=33000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--given", type=float, default=0.7, help="share of decisions written to decisions.csv")
    ap.add_argument("--identity-per", choices=["profile", "request"], default="profile")
    ap.add_argument("--deny-rate", type=float, default=0.06)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    scale = max(1.0, args.requests / 33000)

    # --- organisation ---
    n_rollup1, n_rollup2 = 8, 80
    n_dept = int(400 * math.sqrt(scale))
    n_family = 60
    n_title = int(300 * math.sqrt(scale))
    n_people = int(9000 * scale)
    n_resources = int(7500 * math.sqrt(scale))
    n_managers = int(4200 * math.sqrt(scale))

    rollup2_of_dept = [rng.randrange(n_rollup2) for _ in range(n_dept)]
    rollup1_of_rollup2 = [rng.randrange(n_rollup1) for _ in range(n_rollup2)]
    family_of_title = [rng.randrange(n_family) for _ in range(n_title)]
    dept_of_manager = [rng.randrange(n_dept) for _ in range(n_managers)]
    managers_of_dept = [[] for _ in range(n_dept)]
    for m, d in enumerate(dept_of_manager):
        managers_of_dept[d].append(m)
    # Departments have typical titles.
    titles_of_dept = [[rng.randrange(n_title) for _ in range(rng.randint(2, 8))] for _ in range(n_dept)]
    leniency = [rng.gauss(0, 0.8) for _ in range(n_managers)]  # manager effect on denial log-odds

    dept_weights = zipf_weights(n_dept, 0.9)
    people = []  # (dept, title, manager)
    for _ in range(n_people):
        d = rng.choices(range(n_dept), dept_weights)[0]
        t = rng.choice(titles_of_dept[d]) if rng.random() < 0.9 else rng.randrange(n_title)
        ms = managers_of_dept[d]
        m = rng.choice(ms) if ms and rng.random() < 0.95 else rng.randrange(n_managers)
        people.append((d, t, m))

    # --- resources: popularity, home departments and families, strictness ---
    popularity = zipf_weights(n_resources, 1.05)
    rng.shuffle(popularity)
    home_depts, home_families, strictness = [], [], []
    for r in range(n_resources):
        k = 1 + int(rng.expovariate(0.6))
        r2 = rng.randrange(n_rollup2)
        depts = [d for d in range(n_dept) if rollup2_of_dept[d] == r2]
        chosen = set(rng.sample(depts, min(k, len(depts)))) if depts else set()
        chosen |= {rng.randrange(n_dept) for _ in range(rng.randint(0, 2))}
        home_depts.append(chosen)
        home_families.append({rng.randrange(n_family) for _ in range(rng.randint(1, 3))})
        strictness.append(rng.gauss(0, 1.0))
    # Resources each department uses: its home resources, by popularity.
    resources_of_dept = [[] for _ in range(n_dept)]
    for r in range(n_resources):
        for d in home_depts[r]:
            resources_of_dept[d].append(r)
    dept_resource_weights = [[popularity[r] for r in rs] for rs in resources_of_dept]
    all_resources = list(range(n_resources))

    pair_effect = {}

    def effect(key, sd):
        if key not in pair_effect:
            pair_effect[key] = rng.gauss(0, sd)
        return pair_effect[key]

    # --- requests ---
    rows = []
    seen = set()
    person_weights = [rng.paretovariate(2.0) for _ in range(n_people)]
    while len(rows) < args.requests:
        p = rng.choices(range(n_people), person_weights)[0]
        d, t, m = people[p]
        if resources_of_dept[d] and rng.random() < 0.75:
            r = rng.choices(resources_of_dept[d], dept_resource_weights[d])[0]
        else:
            r = rng.choices(all_resources, popularity)[0]
        if (p, r) in seen:
            continue
        seen.add((p, r))
        f = family_of_title[t]
        z = (1.2 * strictness[r] + 2.2 * (d not in home_depts[r]) + 1.2 * (f not in home_families[r])
             - leniency[m] + effect(("rd", r, d), 1.0) + effect(("rm", r, m), 1.2) + effect(("rt", r, t), 0.6))
        rows.append((p, r, z))
    # Calibrate the intercept to the wanted denial rate.
    lo, hi = -20.0, 20.0
    for _ in range(60):
        mid = (lo + hi) / 2
        rate = sum(1 / (1 + math.exp(-(z + mid))) for _, _, z in rows) / len(rows)
        lo, hi = (mid, hi) if rate < args.deny_rate else (lo, mid)
    base = (lo + hi) / 2
    requests = [(p, r, rng.random() < 1 / (1 + math.exp(-(z + base)))) for p, r, z in rows]
    true_logit = [z + base for _, _, z in rows]

    # --- the bundle ---
    out = args.out
    os.makedirs(out, exist_ok=True)

    def write(name, header, data):
        with open(os.path.join(out, name), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(data)

    identity_rows, account_rows, grants, decided = [], [], [], []
    manager_ids = sorted({people[p][2] for p, _, _ in requests})
    for m in manager_ids:
        identity_rows.append([f"mgr-{m}", f"Manager {m}", "employee", "active", "", "", "", "", "", "", ""])
    identity_of_person = {}
    pairs = []
    for n, (p, r, denied) in enumerate(requests):
        d, t, m = people[p]
        key = p if args.identity_per == "profile" else ("row", n)
        if key not in identity_of_person:
            ident = f"u-{len(identity_of_person)}"
            identity_of_person[key] = ident
            identity_rows.append([ident, f"User {len(identity_of_person)}", "employee", "active", f"dept-{d}",
                                  f"title-{t}", f"rollup2-{rollup2_of_dept[d]}", f"mgr-{m}", "", "", ""])
            account_rows.append([f"acct-{ident}", "sys-app", ident, ident, "enabled", "", "", "false"])
        ident = identity_of_person[key]
        grants.append([f"acct-{ident}", f"res-{r}", ""])
        pairs.append((ident, f"res-{r}", denied, true_logit[n]))
    write("identities.csv", ["id", "display_name", "kind", "status", "department", "title", "location", "manager_id",
                             "owner_id", "hire_date", "termination_date"], identity_rows)
    write("systems.csv", ["id", "name", "kind", "owner_id"], [["sys-app", "Applications", "other", ""]])
    write("accounts.csv", ["id", "system_id", "identity_id", "username", "status", "created", "last_used",
                           "privileged"], account_rows)
    write("groups.csv", ["id", "system_id", "name", "owner_id"], [])
    write("entitlements.csv", ["id", "system_id", "name", "resource", "action", "sensitivity", "owner_id"],
          [[f"res-{r}", "sys-app", f"Resource {r}", f"res-{r}", "use", "", ""] for r in range(n_resources)])
    write("roles.csv", ["id", "name", "kind", "owner_id"], [])
    write("group_members.csv", ["group_id", "member_kind", "member_id"], [])
    write("group_grants.csv", ["group_id", "entitlement_id"], [])
    write("account_grants.csv", ["account_id", "entitlement_id", "granted_at"], grants)
    write("role_includes.csv", ["role_id", "included_role_id"], [])
    write("role_grants.csv", ["role_id", "target_kind", "target_id"], [])
    write("role_assignments.csv", ["identity_id", "role_id", "source", "granted_at", "expires_at"], [])
    split = random.Random(args.seed + 1)
    given, held = [], []
    for ident, res, denied, z in pairs:
        (given if split.random() < args.given else held).append((ident, res, denied, z))
    write("decisions.csv", ["identity_id", "entitlement_id", "decision", "decided_at", "reviewer_id"],
          [[i, r, "revoke" if dn else "certify", "2026-01-15", ""] for i, r, dn, _ in given])
    heldout = os.path.normpath(out) + ".heldout.csv"
    with open(heldout, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        # true_logit: the generator's own log-odds of a denial, for the oracle AUC only.
        w.writerow(["identity_id", "entitlement_id", "revoked", "true_logit"])
        w.writerows([[i, r, int(dn), f"{z:.4f}"] for i, r, dn, z in held])
    denied = sum(1 for _, _, dn, _ in pairs if dn)
    print(f"{out}: {len(identity_rows)} identities, {len(pairs)} requests, {denied} denied "
          f"({100 * denied / len(pairs):.1f}%), {len(given)} decisions given, {len(held)} held out in {heldout}")


if __name__ == "__main__":
    main()
