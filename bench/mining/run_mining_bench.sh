#!/usr/bin/env bash
# Times `accessgraph roles mine-matrix` on the synthetic matrices of make_matrices.py
# and prints one line per run: matrix, mode, roles, lower bound, proven, seconds (the
# mining itself, from mining_report.json), wall seconds and peak memory of the process.
# Usage: bench/mining/run_mining_bench.sh [WORK_DIR]   (default /tmp/accessgraph-mining-bench;
# the matrices are generated there, never in the repository)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cli=${ACCESSGRAPH_CLI:-$here/../../build/cli/accessgraph}
work=${1:-/tmp/accessgraph-mining-bench}
mkdir -p "$work"
cd "$work"
make() { [ -f "$1.txt" ] || python3 "$here/make_matrices.py" "$2" --out "$1.txt" "${@:3}" >/dev/null; }
make planted-apj planted --users 2044 --permissions 1164 --pairs 6841 --roles 453 --role-size 0.5 --seed 2
make planted-americas-large planted --users 3485 --permissions 10127 --pairs 185294 --roles 398 --seed 1
make structured-2k structured --users 2000 --permissions 1500 --pairs 30000 --roles 300 --seed 3
make structured-10k structured --users 10000 --permissions 10000 --pairs 200000 --roles 1500 --seed 1
make random-10k random --users 10000 --permissions 10000 --pairs 200000 --seed 1
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
run() {  # name mode-flags...
  local name=$1; shift
  local out="out-$name-$(echo "$*" | tr -d ' -')"
  /usr/bin/time -f "%e %M" -o time.txt "$cli" roles mine-matrix "$name.txt" --out "$out" -q "$@"
  python3 - "$out/mining_report.json" "$name" "$*" "$(cat time.txt)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); m = d["method"]; wall, kb = sys.argv[4].split()
i = d["input"]
print(f"{sys.argv[2]:24} {i['users']:>6} x {i['permissions']:<6} {i['pairs']:>7} pairs  {sys.argv[3] or 'default':10} "
      f"roles {d['role_count']:>6}  lower_bound {m.get('lower_bound', '-')!s:>6}  proven {m.get('proven_optimal', '-')!s:5}  "
      f"coverage {d['coverage']['share']:.4f}  mining {d['seconds']:.2f} s  wall {wall} s  peak {int(kb) // 1024} MB")
PY
}
for m in planted-apj planted-americas-large structured-2k structured-10k random-10k; do run $m --exact; done
for m in structured-10k random-10k; do run $m; done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
