#!/usr/bin/env python3
"""Adversarial bundles for the closures (issue 19 item 6), and a runner that times them.

Every level of every shape grants one entitlement of its own, so no two closure sets are
equal and materialising one set per group or role would store a quadratic number of
elements (a 200k chain: 2*10^10).

  bench/deep_chains.py generate --shape chains --n 200000 --out DIR
  bench/deep_chains.py measure  --shape chains --n 200000 [--cli build/cli/accessgraph]
                                [--commands analyze,check,explain,access,who-has,state-init,
                                            state-apply,access-at,history]

Shapes (N = --n):
  role-chain    r0 includes r1 includes ... r(N-1); ri grants e-i
  group-chain   g0 is a member of g1, of g2, ... g(N-1); gi grants e-i
  chains        both, in one bundle (the issue's 10 MB bundle): ri grants e-i and group gi
  diamonds      N/2 levels of two groups and two roles; each node of level k is nested in
                (includes) both nodes of level k+1
  shared-tail   8 chains of N/16 each, all ending in one shared tail of N/2 (groups and roles)
  cycle         one nesting cycle of N groups and one include cycle of N roles, with a
                chain of N/10 hanging below each
  wide          one root group granting N/10 entitlements with N member groups below it,
                each granting one more, and the same for roles

Holders (--holders H, default 4): identity u-k has one enabled account, a member of the
group at position k*N/H and assigned the role at the same position (position 0 is the
deepest: it holds and expects every entitlement of the chain).

measure: generates into datasets/generated/deep-<shape>-<N> (unless present), runs each
command under /usr/bin/time -v (state-apply, access-at and history read the state that
state-init wrote; state-apply transfers u-000001 the next day, whose account is then
provisioned with its held role's whole closure; access-at asks about the day before), and prints wall seconds and peak RSS per command (JSON
with --json). A command killed or over --timeout is reported as such, not retried.
--mem-limit-mb caps each command's address space, so that a quadratic run fails with
a memory error instead of taking a shared machine's memory.
"""
import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile

AS_OF = "2026-11-01"
NEXT_DAY = "2026-11-02"
HEADERS = {
    "identities.csv": "id,display_name,kind,status,department,title,location,manager_id,owner_id,hire_date,termination_date",
    "systems.csv": "id,name,kind,owner_id",
    "accounts.csv": "id,system_id,identity_id,username,status,created,last_used,privileged",
    "groups.csv": "id,system_id,name,owner_id",
    "entitlements.csv": "id,system_id,name,resource,action,sensitivity,owner_id",
    "roles.csv": "id,name,kind,owner_id",
    "group_members.csv": "group_id,member_kind,member_id",
    "group_grants.csv": "group_id,entitlement_id",
    "account_grants.csv": "account_id,entitlement_id,granted_at",
    "role_includes.csv": "role_id,included_role_id",
    "role_grants.csv": "role_id,target_kind,target_id",
    "role_assignments.csv": "identity_id,role_id,source,granted_at,expires_at",
}


class Bundle:
    """Rows per file; ids are zero-padded so that byte order is creation order."""

    def __init__(self):
        self.rows = {name: [] for name in HEADERS}
        self.rows["systems.csv"].append("sys,System,directory,")
        self.entitlements = 0

    def entitlement(self):
        e = f"e-{self.entitlements:08d}"
        self.entitlements += 1
        self.rows["entitlements.csv"].append(f"{e},sys,{e},res-{e},use,1,")
        return e

    def group(self, g, grants=1):
        self.rows["groups.csv"].append(f"{g},sys,{g},")
        for _ in range(grants):
            self.rows["group_grants.csv"].append(f"{g},{self.entitlement()}")

    def role(self, r, grants=1, group=None):
        self.rows["roles.csv"].append(f"{r},{r},business,")
        for _ in range(grants):
            self.rows["role_grants.csv"].append(f"{r},entitlement,{self.entitlement()}")
        if group:
            self.rows["role_grants.csv"].append(f"{r},group,{group}")

    def nest(self, member, parent):  # member is nested in parent: holds what parent grants
        self.rows["group_members.csv"].append(f"{parent},group,{member}")

    def include(self, role, included):
        self.rows["role_includes.csv"].append(f"{role},{included}")

    def holder(self, k, group, role):
        u, a = f"u-{k:06d}", f"a-{k:06d}"
        self.rows["identities.csv"].append(f"{u},{u},employee,active,,,,,,,")
        self.rows["accounts.csv"].append(f"{a},sys,{u},{a},enabled,,,false")
        if group:
            self.rows["group_members.csv"].append(f"{group},account,{a}")
        if role:
            self.rows["role_assignments.csv"].append(f"{u},{role},request,,")

    def write(self, out):
        tmp = tempfile.mkdtemp(prefix=".deep-", dir=os.path.dirname(os.path.abspath(out)) or ".")
        for name, header in HEADERS.items():
            with open(os.path.join(tmp, name), "w") as f:
                f.write(header + "\n")
                f.write("\n".join(self.rows[name]))
                if self.rows[name]:
                    f.write("\n")
        shutil.rmtree(out, ignore_errors=True)
        os.rename(tmp, out)


def chain(b, n, groups=True, roles=True, link=False, prefix=""):
    """Position 0 is the deepest. Returns the group and role names by position."""
    gs = [f"g{prefix}-{i:08d}" for i in range(n)] if groups else []
    rs = [f"r{prefix}-{i:08d}" for i in range(n)] if roles else []
    for i in range(n):
        if groups:
            b.group(gs[i])
            if i + 1 < n:
                b.nest(gs[i], gs[i + 1])
        if roles:
            b.role(rs[i], group=gs[i] if link else None)
            if i + 1 < n:
                b.include(rs[i], rs[i + 1])
    return gs, rs


def add_holders(b, gs, rs, holders):
    n = max(len(gs), len(rs))
    for k in range(holders):
        p = k * n // holders
        b.holder(k, gs[p] if gs else None, rs[p] if rs else None)


def generate(shape, n, holders, out):
    b = Bundle()
    if shape in ("role-chain", "group-chain", "chains"):
        gs, rs = chain(b, n, groups=shape != "role-chain", roles=shape != "group-chain", link=shape == "chains")
        add_holders(b, gs, rs, holders)
    elif shape == "diamonds":
        levels = n // 2
        gs = [[f"g-{k:08d}-{s}" for s in "ab"] for k in range(levels)]
        rs = [[f"r-{k:08d}-{s}" for s in "ab"] for k in range(levels)]
        for k in range(levels):
            for s in range(2):
                b.group(gs[k][s])
                b.role(rs[k][s])
                if k + 1 < levels:
                    for t in range(2):
                        b.nest(gs[k][s], gs[k + 1][t])
                        b.include(rs[k][s], rs[k + 1][t])
        add_holders(b, [g[0] for g in gs], [r[0] for r in rs], holders)
    elif shape == "shared-tail":
        tail_g, tail_r = chain(b, n // 2, prefix="tail")
        for c in range(8):
            gs, rs = chain(b, n // 16, prefix=f"c{c}")
            b.nest(gs[-1], tail_g[0])
            b.include(rs[-1], tail_r[0])
            if c < holders:
                b.holder(c, gs[0], rs[0])
    elif shape == "cycle":
        cyc_g, cyc_r = chain(b, n, prefix="cyc")
        b.nest(cyc_g[-1], cyc_g[0])
        b.include(cyc_r[-1], cyc_r[0])
        gs, rs = chain(b, n // 10, prefix="below")
        b.nest(gs[-1], cyc_g[0])
        b.include(rs[-1], cyc_r[0])
        add_holders(b, gs, rs, holders)
    elif shape == "wide":
        b.group("g-root", grants=n // 10)
        b.role("r-root", grants=n // 10)
        gs, rs = [], []
        for i in range(n):
            gs.append(f"g-{i:08d}")
            rs.append(f"r-{i:08d}")
            b.group(gs[-1])
            b.nest(gs[-1], "g-root")
            b.role(rs[-1])
            b.include(rs[-1], "r-root")
        add_holders(b, gs, rs, holders)
    else:
        raise SystemExit(f"deep_chains.py: unknown shape {shape}")
    b.write(out)
    return b


def first_row(path, column):
    with open(path) as f:
        header = f.readline().rstrip("\n").split(",")
        row = f.readline().rstrip("\n").split(",")
    return row[header.index(column)]


def timed(cmd, timeout, mem_limit_mb):
    """(wall seconds, peak RSS MiB, exit status or 'timeout'/'killed')."""
    def limit():  # address space: the quadratic runs fail there instead of taking the shared machine's memory
        if mem_limit_mb:
            resource.setrlimit(resource.RLIMIT_AS, (mem_limit_mb << 20, mem_limit_mb << 20))
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        try:
            proc = subprocess.run(["/usr/bin/time", "-v", "-o", t.name] + cmd, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, timeout=timeout, preexec_fn=limit)
        except subprocess.TimeoutExpired:
            return None, None, "timeout"
        report = t.read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", report)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    seconds = None
    if wall:
        parts = [float(p) for p in wall.group(1).split(":")]
        seconds = sum(p * 60 ** (len(parts) - 1 - i) for i, p in enumerate(parts))
    status = proc.returncode
    if "Command terminated by signal" in report:
        status = "killed"
    return seconds, int(rss.group(1)) / 1024 if rss else None, status


def measure(args):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cli = args.cli or os.path.join(root, "build", "cli", "accessgraph")
    bundle = args.bundle or os.path.join(root, "datasets", "generated", f"deep-{args.shape}-{args.n}")
    if not os.path.isdir(bundle):
        generate(args.shape, args.n, args.holders, bundle)
    identity = "u-000000"
    # The top of the deepest chain: granted at the far end from the holder.
    entitlements = os.path.join(bundle, "entitlements.csv")
    with open(entitlements) as f:
        count = sum(1 for _ in f) - 1
    # chains: the top group's (its holder has it and expects it through the linked role chain).
    target = {"role-chain": count - 1, "group-chain": count - 1, "chains": count - 2}.get(args.shape)
    target = f"e-{target:08d}" if target is not None else first_row(entitlements, "id")
    work = tempfile.mkdtemp(prefix="deep-chains-")
    threads = ["--threads", str(args.threads)] if args.threads else []
    state = os.path.join(work, "state")
    # A transfer of the second holder the day after: its account is then provisioned with
    # everything its held role's closure grants (three quarters of a chain). access-at asks
    # about the day before, replaying that identity from its origin (after the transfer its
    # account is in most groups of one chain, and access lists every group each entitlement
    # comes through: quadratic by the answer's format).
    events = os.path.join(work, "hr_events.csv")
    with open(events, "w") as f:
        f.write("event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,"
                "owner_id\n")
        f.write(f"ev-1,{NEXT_DAY},transfer,u-000001,,,Ops,,,,\n")
    runs = {
        "analyze": [cli, "analyze", bundle, "--out", os.path.join(work, "out"), "--as-of", AS_OF] + threads,
        "check": [cli, "check", bundle, identity, target, "--as-of", AS_OF] + threads,
        "explain": [cli, "explain", bundle, identity, target, "--as-of", AS_OF] + threads,
        "access": [cli, "access", bundle, identity, "--as-of", AS_OF] + threads,
        "who-has": [cli, "who-has", bundle, target, "--as-of", AS_OF] + threads,
        "state-init": [cli, "state", "init", bundle, "--state", state, "--as-of", AS_OF] + threads,
        # These read the state state-init wrote: list them after it.
        "state-apply": [cli, "apply", "--state", state, "--events", events, "--as-of", NEXT_DAY] + threads,
        "access-at": [cli, "access", "u-000001", "--state", state, "--at", AS_OF, "--as-of", NEXT_DAY] + threads,
        "history": [cli, "history", "u-000001", "--state", state, "--as-of", NEXT_DAY] + threads,
    }
    results = []
    for name in args.commands.split(","):
        wall, rss, status = timed(runs[name], args.timeout, args.mem_limit_mb)
        results.append({"shape": args.shape, "n": args.n, "command": name, "wall_s": wall, "peak_rss_mib": rss,
                        "status": status})
        if not args.json:
            w = f"{wall:8.2f} s" if wall is not None else "       - "
            r = f"{rss:9.1f} MiB" if rss is not None else "         - "
            print(f"{args.shape:12} {args.n:>8} {name:11} {w} {r}  exit {status}", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    if args.json:
        json.dump(results, sys.stdout, indent=1)
        print()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="action", required=True)
    for action in ("generate", "measure"):
        p = sub.add_parser(action)
        p.add_argument("--shape", required=True,
                       choices=["role-chain", "group-chain", "chains", "diamonds", "shared-tail", "cycle", "wide"])
        p.add_argument("--n", type=int, default=200000)
        p.add_argument("--holders", type=int, default=4)
        if action == "generate":
            p.add_argument("--out", required=True)
        else:
            p.add_argument("--bundle", help="an existing bundle of that shape (default: generate one)")
            p.add_argument("--cli", help="the accessgraph binary (default: build/cli/accessgraph)")
            p.add_argument("--commands",
                           default="analyze,check,explain,access,who-has,state-init,state-apply,access-at,history")
            p.add_argument("--threads", type=int, default=0)
            p.add_argument("--timeout", type=float, default=900)
            p.add_argument("--mem-limit-mb", type=int, default=0,
                           help="cap each command's address space (it then fails with a memory error)")
            p.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.action == "generate":
        b = generate(args.shape, args.n, args.holders, args.out)
        print(f"{args.out}: {b.entitlements} entitlements", file=sys.stderr)
    else:
        measure(args)


if __name__ == "__main__":
    main()
