#!/usr/bin/env python3
"""Synthetic access matrices for `accessgraph roles mine-matrix`, one "user permission"
pair a line (the format of the role-mining literature).

Shapes:
  random      uniform pairs: no structure at all (the worst case for the reductions)
  structured  hidden roles plus stray pairs ("random-ish" enterprise access)
  planted     HP-like: roles with nesting, one private permission and one witness user
              each, many users sharing role combinations (so many duplicate rows).
              Its minimum role count is known: exactly --roles, because the witness
              pairs (witness of r, private permission of r) are pairwise incompatible.

Output goes to --out (keep it out of git). The planted minimum is printed on stdout and
written next to the file as FILE.minimum.
"""
import argparse
import random


def write(path, pairs):
    with open(path, "w") as out:
        for user, permission in sorted(pairs):
            out.write(f"{user} {permission}\n")


def random_shape(rng, users, permissions, pairs):
    chosen = set()
    while len(chosen) < pairs:
        chosen.add((rng.randrange(users), rng.randrange(permissions)))
    return chosen


def role_sizes(rng, roles, permissions, mean):
    # Heavy-tailed sizes (a few roles with hundreds of permissions, most small).
    return [max(1, min(permissions // 4, int(rng.lognormvariate(0, 1.1) * mean))) for _ in range(roles)]


def structured_shape(rng, users, permissions, pairs, roles):
    sizes = role_sizes(rng, roles, permissions, 6)
    role_perms = [rng.sample(range(permissions), k) for k in sizes]
    chosen = set()
    user = 0
    while len(chosen) < pairs:
        u = user % users
        for r in rng.sample(range(roles), rng.randint(1, 3)):
            chosen.update((u, p) for p in role_perms[r])
        if rng.random() < 0.5:
            chosen.add((u, rng.randrange(permissions)))
        user += 1
    return chosen


def planted_shape(rng, users, permissions, pairs, roles, role_size):
    """roles role sets; role r owns private permission r; shared permissions after."""
    shared = list(range(roles, permissions))
    sizes = role_sizes(rng, roles, len(shared), role_size)
    own = [[r] + rng.sample(shared, sizes[r]) for r in range(roles)]
    # Nesting: a quarter of the roles include an earlier role (a hierarchy).
    parent = [rng.randrange(r) if r > 0 and rng.random() < 0.25 else None for r in range(roles)]

    def closure(r):
        perms = set(own[r])
        while parent[r] is not None:
            r = parent[r]
            perms.update(own[r])
        return perms

    role_perms = [closure(r) for r in range(roles)]
    chosen = set()
    for r in range(roles):  # one witness per role, holding it alone
        chosen.update((r, p) for p in role_perms[r])
    # Other users share a limited set of role combinations, as job families do.
    combos = [rng.sample(range(roles), rng.randint(1, 4)) for _ in range(max(1, users // 6))]
    u = roles
    while u < users:
        for r in rng.choice(combos):
            chosen.update((u, p) for p in role_perms[r])
        u += 1
        if len(chosen) >= pairs:
            break
    return chosen


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shape", choices=["random", "structured", "planted"])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--permissions", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=200_000)
    parser.add_argument("--roles", type=int, default=400)
    parser.add_argument("--role-size", type=float, default=12, help="planted: typical shared permissions per role")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if args.shape == "random":
        pairs = random_shape(rng, args.users, args.permissions, args.pairs)
    elif args.shape == "structured":
        pairs = structured_shape(rng, args.users, args.permissions, args.pairs, args.roles)
    else:
        pairs = planted_shape(rng, args.users, args.permissions, args.pairs, args.roles, args.role_size)
        with open(args.out + ".minimum", "w") as out:
            out.write(f"{args.roles}\n")
    write(args.out, pairs)
    users = len({u for u, _ in pairs})
    permissions = len({p for _, p in pairs})
    print(f"{args.out}: {users} users x {permissions} permissions, {len(pairs)} pairs"
          + (f", planted minimum {args.roles} roles" if args.shape == "planted" else ""))


if __name__ == "__main__":
    main()
