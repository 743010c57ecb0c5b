#!/usr/bin/env python3
"""Per-key and combined AUC of the peer evidence on Amazon-like request data.

    run.py [--accessgraph build/cli/accessgraph] [--work /tmp/risk_auc] [--seeds 1 2 3]
           [--mappings row tuple] [-- amazon_requests.py options, e.g. --waves 0]

For each identity mapping and seed: writes a bundle with amazon_requests.py, then prints
the AUC (denied ranked above granted) of
  * each single key's leave-one-out peer frequency (auc.py);
  * the engine's combined peer frequency alone (a policy that keeps only the peer
    term), with the shipped combination and with the previous one (logit_mean, the
    old notion weights, everyone 0.25);
  * the full risk.csv score, shipped policy and previous peers policy;
  * the shipped combination without each notion in turn (what each one adds).
The last lines average over the seeds. Standard library only.
"""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import auc as auc_lib  # noqa: E402

PEERS_ONLY = {
    "sensitivity": [0, 0, 0, 0],
    "unjustified": {"mover_residue": 0, "no_peers": 0, "peer_outlier": 0, "peer_common": 0, "expired_role": 0},
    "peers": {"unjustified_weight": 0.999, "justified_weight": 0.999},
    "usage": {"unknown": 0, "stale": 0},
    "account": {"privileged": 0, "direct_grant": 0},
    "identity": {"terminated": 0, "leave": 0, "non_human": 0, "contractor": 0, "partner": 0, "nhi_unowned": 0},
}
PREVIOUS_PEERS = {
    "combine": "logit_mean", "everyone_weight": 0.25,
    "notions": [{"key": "department,title", "weight": 1}, {"key": "manager_id", "weight": 1},
                {"key": "department", "weight": 0.5}, {"key": "title", "weight": 0.5},
                {"key": "location", "weight": 0.25}],
}
KEYS = ["department", "title", "manager_id", "location", "department,title", "department,manager_id"]


def shipped_notions():
    with open(ROOT / "engine/analysis/default_policy.json", encoding="utf-8") as handle:
        return json.load(handle)["peers"]["notions"]


def with_peers(base, peers):
    policy = json.loads(json.dumps(base))
    policy.setdefault("peers", {}).update(peers)
    return policy


def score(accessgraph, bundle, work, name, policy):
    out = work / f"out-{name}"
    command = [accessgraph, "analyze", str(bundle), "--out", str(out), "--as-of", "2026-11-01", "-q",
               "--skip-effective-access"]
    if policy is not None:
        path = work / f"policy-{name}.json"
        path.write_text(json.dumps(policy))
        command += ["--policy", str(path)]
    subprocess.run(command, check=True)
    rows = auc_lib.read(out / "risk.csv")
    return {(r["identity_id"], r["entitlement_id"]): float(r["score"]) for r in rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accessgraph", default=str(ROOT / "build/cli/accessgraph"))
    parser.add_argument("--work", default="/tmp/risk_auc")
    parser.add_argument("--seeds", type=int, nargs="*", default=[1])
    parser.add_argument("--mappings", nargs="*", default=["row", "tuple"])
    args, generator_options = parser.parse_known_args()
    generator_options = [o for o in generator_options if o != "--"]

    notions = shipped_notions()
    results = {}  # (mapping, line) -> [auc per seed]
    for mapping in args.mappings:
        for seed in args.seeds:
            work = Path(args.work) / f"{mapping}-seed{seed}"
            bundle = work / "bundle"
            work.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, str(HERE / "amazon_requests.py"), str(bundle), "--mapping", mapping,
                            "--seed", str(seed), *generator_options], check=True, stdout=subprocess.DEVNULL)
            labelled = auc_lib.read(bundle / "labels.csv")
            pairs = [(r["identity_id"], r["entitlement_id"]) for r in labelled]
            labels = [int(r["denied"]) for r in labelled]
            identities, holdings = auc_lib.load(bundle)
            lines = {}
            population = auc_lib.key_frequencies(identities, holdings, "", pairs)
            lines["key: everyone (population)"] = auc_lib.auc([-p for p in population], labels)
            for key in KEYS:
                freq = auc_lib.key_frequencies(identities, holdings, key, pairs)
                lines[f"key: {key}"] = auc_lib.auc(
                    [-(f if f is not None else p) for f, p in zip(freq, population)], labels)
            runs = {
                "peers combined, previous (logit_mean)": with_peers(PEERS_ONLY, PREVIOUS_PEERS),
                "peers combined, shipped (evidence)": PEERS_ONLY,
                "full score, previous peers policy": with_peers({}, PREVIOUS_PEERS),
                "full score, shipped policy": None,
            }
            for n, notion in enumerate(notions):
                runs[f"  shipped peers without {notion['key']}"] = with_peers(
                    PEERS_ONLY, {"notions": notions[:n] + notions[n + 1:]})
            runs["  shipped peers + department,manager_id 0.5"] = with_peers(
                PEERS_ONLY, {"notions": notions + [{"key": "department,manager_id", "weight": 0.5}]})
            for n, (line, policy) in enumerate(runs.items()):
                scores = score(args.accessgraph, bundle, work, str(n), policy)
                lines[line] = auc_lib.auc([scores[p] for p in pairs], labels)
            for line, value in lines.items():
                results.setdefault((mapping, line), []).append(value)
            print(f"{mapping} seed {seed}: {len(pairs)} pairs, {sum(labels)} denied", file=sys.stderr)

    print(f"{'AUC, denied above granted':48} " + " ".join(f"{m:>8}" for m in args.mappings))
    for line in dict.fromkeys(line for _, line in results):
        cells = []
        for mapping in args.mappings:
            values = results[mapping, line]
            cells.append(f"{sum(values) / len(values):8.3f}")
        print(f"{line:48} " + " ".join(cells))
    print(f"(mean over seeds {' '.join(map(str, args.seeds))}; generator options: "
          f"{' '.join(generator_options) or 'defaults'})")


if __name__ == "__main__":
    main()
