#!/usr/bin/env python3
"""accessgraph side by side with two peers on the same bundle (SPEC sections 1, 2, 5).

Each system computes every identity's actual access and whether it is justified
(also expected) and writes it as effective_access.csv; the answers must be the same
pairs and flags as accessgraph's. Timed phases per system:

  load     read the bundle      accessgraph: summary.json "load"
  compute  derive all access    accessgraph: "index" + "effective_access_compute"
  write    export the csv       accessgraph: "effective_access_write"
  end_to_end                    accessgraph and NetworkX: wall time of the whole process
                                (/usr/bin/time); PostgreSQL: load + compute + write with
                                the server already running (initdb and start: "setup")

accessgraph runs `analyze --skip-risk` (peers compute no risk); its findings cannot be
skipped, so "effective_access_phases_s" (load + index + effective access compute and
write) is given too, with a second end-to-end ratio against it.

Peers:
  postgres  PostgreSQL 15 on a throwaway cluster (temp dir, unix socket only), driven
            by psql. Groups are closed first with a recursive CTE (group -> all
            entitlements through nesting), then identities are joined through enabled
            accounts; expected access through a recursive role closure.
  networkx  One DiGraph of group nesting and grants, closure per group with
            nx.descendants, a role DiGraph likewise, then a union per identity.

Usage:
  run_peers.py --size small [--seed 1]     # datasets/generated/small-seed1 (generated if missing)
  run_peers.py --bundle datasets/sample    # any bundle
Options: --systems accessgraph,postgres,networkx  --as-of 2026-11-01  --accessgraph PATH
         --keep (keep the work folder with every output)
"""
import argparse
import csv
import datetime
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
DEFAULT_AS_OF = "2026-11-01"

# The files actual and expected access need, with the columns that must exist when a
# file is absent (the optional birthright.csv). Peers load only these; accessgraph
# loads and validates the whole bundle.
NEEDED_FILES = {
    "identities": ["id", "kind", "status", "department", "title", "location"],
    "accounts": ["id", "identity_id", "status"],
    "groups": ["id"],
    "group_members": ["group_id", "member_kind", "member_id"],
    "group_grants": ["group_id", "entitlement_id"],
    "account_grants": ["account_id", "entitlement_id"],
    "roles": ["id"],
    "role_includes": ["role_id", "included_role_id"],
    "role_grants": ["role_id", "target_kind", "target_id"],
    "role_assignments": ["identity_id", "role_id", "granted_at", "expires_at"],
    "birthright": ["role_id", "kind", "department", "title", "location"],
}


def log(message):
    print(f"[peers] {message}", file=sys.stderr, flush=True)


def read_header(path):
    # utf-8-sig drops a leading byte order mark (SPEC 1).
    with open(path, newline="", encoding="utf-8-sig") as f:
        return next(csv.reader(f))


def run_timed(command, time_file, stdout=None):
    """Runs command under /usr/bin/time; returns (wall, cpu, peak_rss_mb)."""
    subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", str(time_file)] + command, stdout=stdout, check=True)
    wall, user, system, peak_kb = time_file.read_text().split()[-4:]
    return float(wall), float(user) + float(system), int(peak_kb) / 1024


# --------------------------------------------------------------------------- #
# accessgraph
# --------------------------------------------------------------------------- #

def run_accessgraph(cli, bundle, as_of, work):
    out = work / "accessgraph"
    command = [str(cli), "analyze", str(bundle), "--out", str(out), "--as-of", as_of, "--quiet"]
    # Peers compute no risk: skip it when this accessgraph has it. Findings have no
    # switch; they stay in the whole-command wall time, so the JSON also gives the sum
    # of the effective-access phases alone.
    if "--skip-risk" in subprocess.run([str(cli), "analyze", "--help"], capture_output=True, text=True).stdout:
        command.append("--skip-risk")
    wall, cpu, peak = run_timed(command, work / "accessgraph.time")
    summary = json.loads((out / "summary.json").read_text())
    timings = summary["timings_seconds"]
    effective_access_phases = ("load", "index", "effective_access_compute", "effective_access_write")
    return {
        "identities": summary["nodes"]["identities"],
        "pairs": summary["effective_access"]["rows"],
        "command": " ".join(command[1:2] + command[3:]),
        "load_s": timings["load"],
        "compute_s": timings["index"] + timings["effective_access_compute"],
        "write_s": timings["effective_access_write"],
        "end_to_end_s": wall,
        "effective_access_phases_s": sum(timings[p] for p in effective_access_phases),
        "cpu_s": cpu,
        "peak_rss_mb": peak,
        "phases_s": timings,
        "output": str(out / "effective_access.csv"),
    }


# --------------------------------------------------------------------------- #
# PostgreSQL
# --------------------------------------------------------------------------- #

# Throwaway analytic database: durability off, memory for hashes and sorts, byte-order
# collation (the C locale, as accessgraph sorts). Said in bench/README.md.
PG_SETTINGS = {
    "listen_addresses": "''", "shared_buffers": "1GB", "work_mem": "256MB",
    "maintenance_work_mem": "512MB", "fsync": "off", "synchronous_commit": "off",
    "full_page_writes": "off", "max_wal_size": "8GB",
}

COMPUTE_SQL = """
-- Groups first: every group with the groups it is nested in (itself included);
-- UNION (not ALL) ends the recursion on nesting cycles.
CREATE UNLOGGED TABLE group_nesting AS
  SELECT member_id AS child_id, group_id AS parent_id FROM group_members WHERE member_kind = 'group';
ANALYZE group_nesting;
CREATE UNLOGGED TABLE group_ancestors AS
  WITH RECURSIVE up(group_id, ancestor_id) AS (
    SELECT id, id FROM groups
    UNION
    SELECT up.group_id, n.parent_id FROM up JOIN group_nesting n ON n.child_id = up.ancestor_id)
  SELECT group_id, ancestor_id FROM up;
CREATE UNLOGGED TABLE group_access AS
  SELECT DISTINCT a.group_id, g.entitlement_id
  FROM group_ancestors a JOIN group_grants g ON g.group_id = a.ancestor_id;
ANALYZE group_access;

-- Actual: identities through their enabled accounts (orphan accounts name no identity).
CREATE UNLOGGED TABLE actual_access AS
  SELECT DISTINCT acc.identity_id, held.entitlement_id
  FROM accounts acc
  JOIN identities i ON i.id = acc.identity_id
  JOIN (SELECT m.member_id AS account_id, ga.entitlement_id
          FROM group_members m JOIN group_access ga ON ga.group_id = m.group_id
         WHERE m.member_kind = 'account'
        UNION ALL
        SELECT account_id, entitlement_id FROM account_grants) held ON held.account_id = acc.id
  WHERE acc.status = 'enabled';
ANALYZE actual_access;

-- Expected: roles held at as_of (valid assignments, matching birthright rules; none
-- when terminated), closed under includes, and what they grant.
CREATE UNLOGGED TABLE role_closure AS
  WITH RECURSIVE down(role_id, included_id) AS (
    SELECT id, id FROM roles
    UNION
    SELECT d.role_id, ri.included_role_id FROM down d JOIN role_includes ri ON ri.role_id = d.included_id)
  SELECT role_id, included_id FROM down;
CREATE UNLOGGED TABLE role_access AS
  SELECT DISTINCT rc.role_id, x.entitlement_id
  FROM role_closure rc
  JOIN (SELECT role_id, target_id AS entitlement_id FROM role_grants WHERE target_kind = 'entitlement'
        UNION ALL
        SELECT rg.role_id, ga.entitlement_id
          FROM role_grants rg JOIN group_access ga ON ga.group_id = rg.target_id
         WHERE rg.target_kind = 'group') x ON x.role_id = rc.included_id;
ANALYZE role_access;
CREATE UNLOGGED TABLE held_roles AS
  SELECT ra.identity_id, ra.role_id
  FROM role_assignments ra JOIN identities i ON i.id = ra.identity_id
  WHERE i.status <> 'terminated'
    AND (coalesce(ra.granted_at, '') = '' OR left(ra.granted_at, 10) <= :'as_of')
    AND (coalesce(ra.expires_at, '') = '' OR left(ra.expires_at, 10) > :'as_of')
  UNION
  SELECT i.id, b.role_id
  FROM identities i JOIN birthright b
    ON  (coalesce(b.kind, '') = '' OR b.kind = i.kind)
    AND (coalesce(b.department, '') = '' OR b.department = i.department)
    AND (coalesce(b.title, '') = '' OR b.title = i.title)
    AND (coalesce(b.location, '') = '' OR b.location = i.location)
  WHERE i.status <> 'terminated';
ANALYZE held_roles;
CREATE UNLOGGED TABLE expected_access AS
  SELECT DISTINCT h.identity_id, r.entitlement_id
  FROM held_roles h JOIN role_access r ON r.role_id = h.role_id;
ANALYZE expected_access;

CREATE UNLOGGED TABLE effective_access AS
  SELECT a.identity_id, a.entitlement_id, e.identity_id IS NOT NULL AS justified
  FROM actual_access a
  LEFT JOIN expected_access e ON e.identity_id = a.identity_id AND e.entitlement_id = a.entitlement_id;
"""


def sql_literal(text):
    return "'" + text.replace("'", "''") + "'"


class Postgres:
    """A private cluster in `work`, reachable only through a unix socket there."""

    def __init__(self, work):
        self.data = work / "pgdata"
        self.socket_dir = work / "pgsocket"
        self.log_file = work / "postgres.log"
        self.socket_dir.mkdir()
        # initdb refuses root: run the server as the postgres user then.
        self.as_user = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            for path in (work, self.socket_dir):
                os.chown(path, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def start(self):
        subprocess.run(self.as_user + [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "bench",
                                       "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                       check=True, stdout=subprocess.DEVNULL)
        options = f"-k {self.socket_dir} " + " ".join(f"-c {k}={v}" for k, v in PG_SETTINGS.items())
        subprocess.run(self.as_user + [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_file),
                                       "-o", options, "-w", "start"], check=True, stdout=subprocess.DEVNULL)

    def stop(self):
        subprocess.run(self.as_user + [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                       stdout=subprocess.DEVNULL)

    def psql(self, script, **variables):
        # psql runs as the caller, so \copy reads the bundle and writes the output
        # with the caller's rights.
        command = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket_dir),
                   "-U", "bench", "-d", "postgres", "-f", "-"]
        for name, value in variables.items():
            command += ["-v", f"{name}={value}"]
        subprocess.run(command, input=script, text=True, check=True, stdout=subprocess.DEVNULL)


def load_sql(bundle):
    """CREATE + \\copy for every needed file, columns named from its own header."""
    lines = []
    for name, spec_columns in NEEDED_FILES.items():
        path = bundle / f"{name}.csv"
        columns = read_header(path) if path.exists() else spec_columns
        column_list = ", ".join('"' + c.replace('"', '""') + '" text' for c in columns)
        lines.append(f"CREATE UNLOGGED TABLE {name} ({column_list});")
        if path.exists():
            # HEADER true skips the first line whole, so a byte order mark there is harmless.
            lines.append(f"\\copy {name} FROM {sql_literal(str(path))} WITH (FORMAT csv, HEADER true)")
    lines.append("ANALYZE;")
    return "\n".join(lines) + "\n"


def run_postgres(bundle, as_of, work):
    pg_work = work / "postgres"
    pg_work.mkdir()
    output = pg_work / "effective_access.csv"
    server = Postgres(pg_work)
    started = time.perf_counter()
    server.start()
    try:
        setup = time.perf_counter() - started
        phases = {}
        for phase, script, variables in (
                ("load", load_sql(bundle), {}),
                ("compute", COMPUTE_SQL, {"as_of": as_of}),
                ("write", "\\copy (SELECT identity_id, entitlement_id, CASE WHEN justified THEN 'true' ELSE 'false' END"
                          " AS justified FROM effective_access ORDER BY identity_id, entitlement_id)"
                          f" TO {sql_literal(str(output))} WITH (FORMAT csv, HEADER true)\n", {})):
            log(f"postgres: {phase}")
            begin = time.perf_counter()
            server.psql(script, **variables)
            phases[phase] = time.perf_counter() - begin
    finally:
        server.stop()
    return {
        "load_s": phases["load"], "compute_s": phases["compute"], "write_s": phases["write"],
        "end_to_end_s": sum(phases.values()), "setup_s": setup,
        "settings": PG_SETTINGS, "output": str(output),
    }


# --------------------------------------------------------------------------- #
# NetworkX (runs as its own process, so its peak memory and wall time are its own)
# --------------------------------------------------------------------------- #

def read_rows(bundle, name):
    path = bundle / f"{name}.csv"
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def networkx_worker(bundle, as_of, output):
    import networkx as nx

    clock = time.perf_counter()
    tables = {name: read_rows(bundle, name) for name in NEEDED_FILES}
    # Nodes are (kind, id): a group and an entitlement may share an id string.
    graph = nx.DiGraph()  # member group -> parent group -> entitlement
    graph.add_nodes_from(("group", r["id"]) for r in tables["groups"])
    account_groups = {}
    for r in tables["group_members"]:
        if r["member_kind"] == "group":
            graph.add_edge(("group", r["member_id"]), ("group", r["group_id"]))
        else:
            account_groups.setdefault(r["member_id"], []).append(r["group_id"])
    graph.add_edges_from((("group", r["group_id"]), ("entitlement", r["entitlement_id"]))
                         for r in tables["group_grants"])
    roles = nx.DiGraph()  # role -> included role
    roles.add_nodes_from(r["id"] for r in tables["roles"])
    roles.add_edges_from((r["role_id"], r["included_role_id"]) for r in tables["role_includes"])
    account_grants = {}
    for r in tables["account_grants"]:
        account_grants.setdefault(r["account_id"], set()).add(r["entitlement_id"])
    identities = {r["id"]: r for r in tables["identities"]}
    load_s = time.perf_counter() - clock

    clock = time.perf_counter()
    group_access = {node[1]: {d[1] for d in nx.descendants(graph, node) if d[0] == "entitlement"}
                    for node in graph if node[0] == "group"}
    actual = {}
    for account in tables["accounts"]:
        identity = account["identity_id"]
        if account["status"] != "enabled" or identity not in identities:
            continue
        held = actual.setdefault(identity, set())
        held |= account_grants.get(account["id"], set())
        for group in account_groups.get(account["id"], ()):
            held |= group_access[group]

    role_grants = {}
    for r in tables["role_grants"]:
        granted = role_grants.setdefault(r["role_id"], set())
        if r["target_kind"] == "entitlement":
            granted.add(r["target_id"])
        else:
            granted |= group_access[r["target_id"]]
    role_access = {}
    for role in roles:
        reached = set(role_grants.get(role, ()))
        for included in nx.descendants(roles, role):
            reached |= role_grants.get(included, set())
        role_access[role] = reached
    held_roles = {}
    for r in tables["role_assignments"]:
        granted, expires = r["granted_at"][:10], r["expires_at"][:10]
        if (not granted or granted <= as_of) and (not expires or expires > as_of):
            held_roles.setdefault(r["identity_id"], set()).add(r["role_id"])
    conditions = ("kind", "department", "title", "location")
    for rule in tables["birthright"]:
        for identity in identities.values():
            if all(not rule[c] or rule[c] == identity[c] for c in conditions):
                held_roles.setdefault(identity["id"], set()).add(rule["role_id"])

    rows = []
    for identity, entitlements in actual.items():
        expected = set()
        if identities[identity]["status"] != "terminated":
            for role in held_roles.get(identity, ()):
                expected |= role_access[role]
        rows.extend((identity, e, "true" if e in expected else "false") for e in entitlements)
    compute_s = time.perf_counter() - clock

    clock = time.perf_counter()
    rows.sort()  # code point order of str = byte order of UTF-8
    with open(output, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["identity_id", "entitlement_id", "justified"])
        writer.writerows(rows)
    write_s = time.perf_counter() - clock
    print(json.dumps({"load_s": load_s, "compute_s": compute_s, "write_s": write_s}))


def run_networkx(bundle, as_of, work):
    nx_work = work / "networkx"
    nx_work.mkdir()
    output = nx_work / "effective_access.csv"
    phases_file = nx_work / "phases.json"
    command = [sys.executable, __file__, "--networkx-worker", str(bundle), as_of, str(output)]
    with open(phases_file, "w") as phases_out:
        wall, cpu, peak = run_timed(command, nx_work / "time.txt", stdout=phases_out)
    result = json.loads(phases_file.read_text())
    result.update(end_to_end_s=wall, cpu_s=cpu, peak_rss_mb=peak,
                  networkx_version=__import__("networkx").__version__, output=str(output))
    return result


# --------------------------------------------------------------------------- #
# Comparing answers
# --------------------------------------------------------------------------- #

def normalised(csv_path, out_path):
    """One `identity TAB entitlement TAB justified` line per pair, control characters
    escaped, sorted by bytes: so tuple order = line order, whatever the ids hold."""
    def escape(text):
        return "".join(c if c >= " " and c != "\\" else f"\\x{ord(c):02x}" for c in text)

    unsorted = out_path.with_suffix(".unsorted")
    with open(csv_path, newline="", encoding="utf-8") as f, open(unsorted, "w", encoding="utf-8") as out:
        reader = csv.reader(f)
        next(reader)
        for identity, entitlement, justified in reader:
            out.write(f"{escape(identity)}\t{escape(entitlement)}\t{justified}\n")
    subprocess.run(["sort", "-S", "25%", "-T", str(out_path.parent), "-o", str(out_path), str(unsorted)],
                   env=dict(os.environ, LC_ALL="C"), check=True)
    unsorted.unlink()
    return out_path


def compare(reference_csv, peer_csv, scratch, examples=5):
    """Pairs only in one side, and pairs whose justified flag differs."""
    reference = normalised(Path(reference_csv), scratch / "reference.sorted")
    peer = normalised(Path(peer_csv), scratch / "peer.sorted")
    report = {"pairs_reference": 0, "pairs_peer": 0, "only_accessgraph": 0, "only_peer": 0,
              "justified_differs": 0, "examples": {"only_accessgraph": [], "only_peer": [], "justified_differs": []}}

    def note(kind, row):
        report[kind] += 1
        if len(report["examples"][kind]) < examples:
            report["examples"][kind].append(row)

    def rows(path, counter):
        with open(path, encoding="utf-8") as f:
            for line in f:
                report[counter] += 1
                yield line.rstrip("\n").split("\t")

    left, right = rows(reference, "pairs_reference"), rows(peer, "pairs_peer")
    a, b = next(left, None), next(right, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[:2] < b[:2]):
            note("only_accessgraph", a)
            a = next(left, None)
        elif a is None or b[:2] < a[:2]:
            note("only_peer", b)
            b = next(right, None)
        else:
            if a[2] != b[2]:
                note("justified_differs", {"pair": a[:2], "accessgraph": a[2], "peer": b[2]})
            a, b = next(left, None), next(right, None)
    reference.unlink()
    peer.unlink()
    report["identical"] = report["only_accessgraph"] == report["only_peer"] == report["justified_differs"] == 0
    return report


# --------------------------------------------------------------------------- #

def resolve_bundle(args, cli):
    if args.bundle:
        return Path(args.bundle).resolve(), Path(args.bundle).resolve().name
    label = f"{args.size}-seed{args.seed}"
    bundle = ROOT / "datasets" / "generated" / label
    if not (bundle / "identities.csv").exists():
        # Generate aside, then rename: an interrupted run never looks complete.
        partial = bundle.with_name(label + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        log(f"generating {label}")
        subprocess.run([str(cli), "generate", "--size", args.size, "--seed", str(args.seed), "--out", str(partial),
                        "--quiet"], check=True)
        partial.rename(bundle)
    return bundle, args.size


def default_cli():
    for build in ("build-release", "build"):
        cli = ROOT / build / "cli" / "accessgraph"
        if cli.exists():
            return cli
    sys.exit("no accessgraph binary: build it (bench/run_macro.sh does) or pass --accessgraph")


def ratio(peer, accessgraph):
    return round(peer / accessgraph, 2) if accessgraph > 0 else None


def print_table(results):
    header = f"{'system':<12}{'load s':>10}{'compute s':>12}{'write s':>10}{'end-to-end s':>14}{'peak MB':>10}"
    print(header)
    for name, r in results.items():
        peak = f"{r['peak_rss_mb']:.0f}" if "peak_rss_mb" in r else "-"
        print(f"{name:<12}{r['load_s']:>10.3f}{r['compute_s']:>12.3f}{r['write_s']:>10.3f}"
              f"{r['end_to_end_s']:>14.3f}{peak:>10}")


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--networkx-worker":
        networkx_worker(Path(sys.argv[2]), sys.argv[3], sys.argv[4])
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--size", choices=["small", "medium", "large"])
    source.add_argument("--bundle")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default=DEFAULT_AS_OF)
    parser.add_argument("--accessgraph", type=Path)
    parser.add_argument("--systems", default="accessgraph,postgres,networkx")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()

    cli = args.accessgraph or default_cli()
    bundle, label = resolve_bundle(args, cli)
    systems = args.systems.split(",")
    work = Path(tempfile.mkdtemp(prefix="accessgraph-peers-"))
    work.chmod(0o755)  # the PostgreSQL server user must reach its folder inside
    runners = {"postgres": run_postgres, "networkx": run_networkx}
    results = {}
    try:
        # accessgraph always runs: it is the reference of the comparison and the ratios.
        log("accessgraph")
        results["accessgraph"] = run_accessgraph(cli, bundle, args.as_of, work)
        for name in systems:
            if name in runners:
                log(name)
                results[name] = runners[name](bundle, args.as_of, work)
        for name in results:
            if name != "accessgraph":
                log(f"comparing {name} with accessgraph")
                results[name]["comparison"] = compare(results["accessgraph"]["output"], results[name]["output"], work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
            for r in results.values():
                r.pop("output", None)
        else:
            log(f"outputs kept in {work}")

    ag = results["accessgraph"]
    ratios = {name: {phase: ratio(r[phase], ag[phase]) for phase in ("load_s", "compute_s", "write_s", "end_to_end_s")}
              for name, r in results.items() if name != "accessgraph"}
    for name, r in ratios.items():
        # Against accessgraph doing only what the peers do (no findings, no process start).
        r["end_to_end_vs_effective_access_phases"] = ratio(results[name]["end_to_end_s"], ag["effective_access_phases_s"])
    report = {
        "date": datetime.date.today().isoformat(), "dataset": label, "bundle": str(bundle), "as_of": args.as_of,
        "cpus": os.cpu_count(), "accessgraph": str(cli),
        "systems": results,
        "ratios_peer_over_accessgraph": ratios,
    }
    print_table(results)
    for name, r in ratios.items():
        print(f"{name} / accessgraph: compute {r['compute_s']}x, end-to-end {r['end_to_end_s']}x "
              f"({r['end_to_end_vs_effective_access_phases']}x against accessgraph's effective-access phases alone, "
              f"{ag['effective_access_phases_s']:.3f} s)")
    mismatch = False
    for name, r in results.items():
        if "comparison" in r:
            c = r["comparison"]
            verdict = "identical" if c["identical"] else "MISMATCH"
            mismatch |= not c["identical"]
            print(f"{name}: {verdict} ({c['pairs_peer']} pairs vs {c['pairs_reference']}; only accessgraph "
                  f"{c['only_accessgraph']}, only {name} {c['only_peer']}, justified differs {c['justified_differs']})")
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    out = results_dir / f"peers-{label}-{report['date']}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {out}")
    return 1 if mismatch else 0


if __name__ == "__main__":
    sys.exit(main())
