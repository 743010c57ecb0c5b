#!/usr/bin/env python3
"""A synthetic stand-in for approve/deny access-request data (no internet needed).

Shaped like the Amazon Employee Access Challenge: each request row has RESOURCE,
MGR_ID, ROLE_ROLLUP_1, ROLE_ROLLUP_2, ROLE_DEPTNAME, ROLE_TITLE, ROLE_FAMILY_DESC,
ROLE_FAMILY, ROLE_CODE and an outcome (about 6% denied). Written as a bundle (SPEC
section 1, the minimal file set: every request is an actual access pair, a direct
grant of the resource to the requester's account) plus labels.csv
(identity_id, entitlement_id, denied).

    amazon_requests.py OUT [--mapping row|tuple] [--requests 33000] [--seed 1]
                       [--driver mixture|department|manager|title] [--location rollup2|rollup1|family]

Generative process (standard library only, deterministic per seed):
  * a hierarchy rollup1 > rollup2 > department (Zipf sizes, one dominant rollup1 as in
    the real data); role families > titles (role code = title) > family descriptions;
  * managers, each in a department, with a team of employees who mostly share it and
    draw titles from the department's own title mix;
  * resources with a Zipf popularity; each department, title and manager's team has
    a profile (a few resources, popular ones more likely);
  * each employee makes a few requests; a request's resource comes from a mixture:
    the department's profile 0.30, the title's 0.25, the team's 0.25, global
    popularity 0.12, uniformly random 0.08;
  * requests come in waves (--waves): teammates ask for the same resource together;
  * denial: logit = a + b * -log(q) + resource strictness + manager strictness
    + the manager's own verdict on that resource (--pair-noise) + noise,
    where q is how likely the resource is for the requester's context (--driver: the
    whole mixture, or only the department, manager or title part of it); a is set so
    that about 6% are denied.

Identity mappings a converter could use (the real data has no employee id):
  row    one identity per request row (each holds exactly one resource);
  tuple  one identity per distinct attribute tuple (MGR_ID and the role columns),
         holding every resource its rows requested; a pair is denied if any of its
         rows was.
Identities carry department = ROLE_DEPTNAME, title = ROLE_TITLE, manager_id = MGR_ID
(managers are identities of their own, without attributes), location = --location.
"""
import argparse
import bisect
import csv
import itertools
import math
import os
import random


def zipf_weights(n, s):
    return [1.0 / (k + 1) ** s for k in range(n)]


class Sampler:
    """Weighted choice over fixed items, O(log n) per draw."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]
        self.prob = {}
        for item, w in zip(self.items, weights):
            self.prob[item] = self.prob.get(item, 0.0) + w / self.total

    def draw(self, rng):
        return self.items[bisect.bisect_left(self.cum, rng.random() * self.total)]

    def p(self, item):
        return self.prob.get(item, 0.0)


def profile(rng, popularity, size, s=1.0):
    """A few resources, popular ones more likely to be picked, Zipf weights within."""
    picked = []
    seen = set()
    while len(picked) < size:
        r = popularity.draw(rng) if rng.random() < 0.4 else rng.randrange(len(popularity.items))
        if r not in seen:
            seen.add(r)
            picked.append(r)
    return Sampler(picked, zipf_weights(size, s))


MIX = {"department": 0.30, "title": 0.25, "manager": 0.25, "global": 0.12, "random": 0.08}


def generate(args):
    rng = random.Random(args.seed)
    n_resources = 7500
    popularity = Sampler(range(n_resources), zipf_weights(n_resources, 1.05))
    rng.shuffle(popularity.items)  # popularity unrelated to the id
    popularity = Sampler(popularity.items, zipf_weights(n_resources, 1.05))

    # Hierarchy: rollup1 > rollup2 > department.
    rollup1 = Sampler(range(12), [60] + [3] * 11)
    rollup2_of_dept, rollup1_of_r2 = {}, {}
    for r2 in range(80):
        rollup1_of_r2[r2] = rollup1.draw(rng)
    departments = Sampler(range(350), zipf_weights(350, 0.9))
    for d in range(350):
        rollup2_of_dept[d] = rng.randrange(80)
    # Families > titles > family descriptions.
    family_of_title = {t: rng.randrange(60) for t in range(300)}
    titles = Sampler(range(300), zipf_weights(300, 1.0))
    dept_titles = {d: Sampler(rng.sample(range(300), 12), zipf_weights(12, 1.2)) for d in range(350)}
    desc_of_title = {t: [t * 8 + k for k in range(1 + rng.randrange(8))] for t in range(300)}

    # Profiles.
    dept_profile = {d: profile(rng, popularity, 25) for d in range(350)}
    title_profile = {t: profile(rng, popularity, 20) for t in range(300)}

    # Managers and their teams.
    n_managers = 3500
    manager_dept = {m: departments.draw(rng) for m in range(n_managers)}
    team_profile = {}
    for m in range(n_managers):
        # A team's resources: mostly its department's, some of its own.
        own = profile(rng, popularity, 4)
        base = dept_profile[manager_dept[m]]
        items = [base.draw(rng) for _ in range(4)] + own.items
        team_profile[m] = Sampler(items, zipf_weights(len(items), 0.8))
    manager_strict = {m: rng.gauss(0, 0.8) for m in range(n_managers)}
    resource_strict = {r: (rng.gauss(0, 1.2) if rng.random() < 0.4 else 0.0) for r in range(n_resources)}
    managers_by_size = Sampler(range(n_managers), zipf_weights(n_managers, 0.6))

    def employee(m):
        d = manager_dept[m] if rng.random() < 0.9 else departments.draw(rng)
        t = dept_titles[d].draw(rng) if rng.random() < 0.85 else titles.draw(rng)
        return {
            "MGR_ID": m, "ROLE_ROLLUP_1": rollup1_of_r2[rollup2_of_dept[d]], "ROLE_ROLLUP_2": rollup2_of_dept[d],
            "ROLE_DEPTNAME": d, "ROLE_TITLE": t, "ROLE_FAMILY_DESC": rng.choice(desc_of_title[t]),
            "ROLE_FAMILY": family_of_title[t], "ROLE_CODE": t,
        }

    # A (manager, resource) pair may have a verdict of its own: this manager does not
    # sign off that resource, or always does. Drawn when first needed.
    pair_strict = {}

    def unusualness(attributes, r):
        m, d, t = attributes["MGR_ID"], attributes["ROLE_DEPTNAME"], attributes["ROLE_TITLE"]
        parts = {"department": dept_profile[d], "title": title_profile[t], "manager": team_profile[m],
                 "global": popularity}
        if args.driver == "mixture":
            q = sum(MIX[k] * parts[k].p(r) for k in parts) + MIX["random"] / n_resources
        else:
            q = 0.7 * parts[args.driver].p(r) + 0.3 * popularity.p(r) + 0.01 / n_resources
        if (m, r) not in pair_strict:
            pair_strict[m, r] = rng.gauss(0, args.pair_noise) if rng.random() < 0.5 else 0.0
        strict = resource_strict[r] + manager_strict[m] + pair_strict[m, r] + rng.gauss(0, 1.0)
        return args.signal * -math.log(q) + strict

    rows = []  # (attributes, resource, unusualness)
    while len(rows) < args.requests:
        m = managers_by_size.draw(rng)
        attributes = employee(m)
        parts = {"department": dept_profile[attributes["ROLE_DEPTNAME"]],
                 "title": title_profile[attributes["ROLE_TITLE"]], "manager": team_profile[m], "global": popularity}
        for _ in range(1 + min(6, int(rng.expovariate(1 / 1.7)))):
            source = rng.choices(list(MIX), weights=list(MIX.values()))[0]
            r = rng.randrange(n_resources) if source == "random" else parts[source].draw(rng)
            rows.append((attributes, r, unusualness(attributes, r)))
            # Requests come in waves: teammates ask for the same resource (and meet the
            # same manager's verdict on it).
            if rng.random() < args.waves:
                for _ in range(1 + int(rng.expovariate(1 / 2.0))):
                    mate = employee(m)
                    rows.append((mate, r, unusualness(mate, r)))

    # Denial: logistic in the unusualness, with `a` bisected to the target rate.
    b = 1.0
    lo, hi = -40.0, 10.0
    for _ in range(60):
        a = (lo + hi) / 2
        rate = sum(1 / (1 + math.exp(-(a + b * u))) for _, _, u in rows) / len(rows)
        lo, hi = (a, hi) if rate < args.denied else (lo, a)
    out = []
    for attributes, r, u in rows:
        denied = rng.random() < 1 / (1 + math.exp(-(a + b * u)))
        out.append((attributes, r, denied))
    return out


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_bundle(args, rows):
    os.makedirs(args.out, exist_ok=True)
    location_column = {"rollup2": "ROLE_ROLLUP_2", "rollup1": "ROLE_ROLLUP_1", "family": "ROLE_FAMILY"}[args.location]
    identities, pairs = {}, {}  # id -> attributes; (identity, resource) -> denied
    for n, (attributes, r, denied) in enumerate(rows):
        if args.mapping == "row":
            identity = f"req-{n + 1:06d}"
        else:
            key = "-".join(str(attributes[c]) for c in sorted(attributes))
            identity = identities.get(("tuple", key))
            if identity is None:
                identity = f"emp-{len(identities) + 1:06d}"
                identities[("tuple", key)] = identity
        identities[identity] = attributes
        pair = (identity, f"res-{r:05d}")
        pairs[pair] = pairs.get(pair, False) or denied
    people = [(i, a) for i, a in identities.items() if isinstance(i, str)]
    managers = sorted({a["MGR_ID"] for _, a in people})
    identity_rows = [(f"mgr-{m:05d}", f"Manager {m}", "employee", "active", "", "", "", "", "", "", "")
                     for m in managers]
    for identity, a in people:
        identity_rows.append((identity, identity, "employee", "active", f"dept-{a['ROLE_DEPTNAME']}",
                              f"title-{a['ROLE_TITLE']}", f"loc-{a[location_column]}", f"mgr-{a['MGR_ID']:05d}",
                              "", "", ""))
    write_csv(f"{args.out}/identities.csv",
              ["id", "display_name", "kind", "status", "department", "title", "location", "manager_id", "owner_id",
               "hire_date", "termination_date"], identity_rows)
    write_csv(f"{args.out}/systems.csv", ["id", "name", "kind", "owner_id"], [("sys-requests", "Requests", "other", "")])
    write_csv(f"{args.out}/accounts.csv",
              ["id", "system_id", "identity_id", "username", "status", "created", "last_used", "privileged"],
              [(f"acct-{i}", "sys-requests", i, i, "enabled", "", "", "false") for i, _ in people])
    resources = sorted({e for _, e in pairs})
    write_csv(f"{args.out}/entitlements.csv",
              ["id", "system_id", "name", "resource", "action", "sensitivity", "owner_id"],
              [(e, "sys-requests", e, e, "access", "", "") for e in resources])
    write_csv(f"{args.out}/account_grants.csv", ["account_id", "entitlement_id", "granted_at"],
              [(f"acct-{i}", e, "") for i, e in pairs])
    for name, header in [("groups", ["id", "system_id", "name", "owner_id"]),
                         ("group_members", ["group_id", "member_kind", "member_id"]),
                         ("group_grants", ["group_id", "entitlement_id"]),
                         ("roles", ["id", "name", "kind", "owner_id"]),
                         ("role_includes", ["role_id", "included_role_id"]),
                         ("role_grants", ["role_id", "target_kind", "target_id"]),
                         ("role_assignments", ["identity_id", "role_id", "source", "granted_at", "expires_at"])]:
        write_csv(f"{args.out}/{name}.csv", header, [])
    labels_path = args.labels or f"{args.out}/labels.csv"
    write_csv(labels_path, ["identity_id", "entitlement_id", "denied"],
              [(i, e, int(d)) for (i, e), d in pairs.items()])
    denied = sum(pairs.values())
    print(f"{args.out}: {len(people)} identities, {len(managers)} managers, {len(resources)} resources, "
          f"{len(pairs)} pairs, {denied} denied ({100 * denied / len(pairs):.1f}%)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--mapping", choices=["row", "tuple"], default="row")
    parser.add_argument("--requests", type=int, default=33000)
    parser.add_argument("--denied", type=float, default=0.06)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--signal", type=float, default=0.45,
                        help="weight of the unusualness -log(q) against the noise in the denial logit")
    parser.add_argument("--driver", choices=["mixture", "department", "manager", "title"], default="mixture")
    parser.add_argument("--waves", type=float, default=0.25,
                        help="chance that a request comes with requests of teammates for the same resource")
    parser.add_argument("--pair-noise", type=float, default=1.5,
                        help="spread of a manager's own verdict on a resource (half the pairs have one)")
    parser.add_argument("--location", choices=["rollup2", "rollup1", "family"], default="rollup2")
    parser.add_argument("--labels", help="where to write the labels (default OUT/labels.csv)")
    args = parser.parse_args()
    write_bundle(args, generate(args))


if __name__ == "__main__":
    main()
