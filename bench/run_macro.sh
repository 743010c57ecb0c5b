#!/usr/bin/env bash
# Macro benchmark: times whole `accessgraph analyze` runs on generated bundles.
#
#   bench/run_macro.sh [--sizes "small medium large"] [--seed S] [--repeat N]
#                      [--bundle DIR] [--threads N] [--as-of DATE] [--analyze-args "ARGS"]
#                      [--keep-output]
#
# Builds Release into build-release, generates the bundles it lacks under
# datasets/generated/<size>-seed<S>, then per bundle records wall time, CPU time and
# peak memory of the whole command (/usr/bin/time) next to the phase timings the
# engine writes in summary.json. Prints them; writes
# bench/results/macro-<label>-<date>.json. --bundle DIR benchmarks one existing bundle
# instead of generated sizes (e.g. datasets/sample). --analyze-args passes options on
# to analyze (e.g. "--skip-risk" for the large bundle). The analyze outputs are deleted
# after timing (16 GB at 1M identities) unless --keep-output.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-release"
sizes="small medium"
seed=1
repeat=1
bundle=""
threads=0
analyze_args=""
keep_output=false
as_of=2026-11-01  # the reference date of the generated bundles
jobs=${JOBS:-2}   # the machine is shared: never build wider than asked

while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --bundle) bundle="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --as-of) as_of="$2"; shift 2 ;;
    --analyze-args) analyze_args="$2"; shift 2 ;;
    --keep-output) keep_output=true; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run_macro.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

log() { echo "[macro] $*" >&2; }

# GNU time reports peak RSS; the shell builtin does not.
if [[ ! -x /usr/bin/time ]]; then
  log "installing GNU time"
  apt-get install -y time >/dev/null
fi

log "building Release into $build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DACCESSGRAPH_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target accessgraph >/dev/null
cli="$build/cli/accessgraph"

# Generates aside and renames into place: an interrupted run never looks complete.
ensure_bundle() {
  local size="$1" dir="$root/datasets/generated/$1-seed$seed"
  if [[ ! -f "$dir/identities.csv" ]]; then
    log "generating $size (seed $seed) into $dir"
    rm -rf "$dir.partial"
    mkdir -p "$(dirname "$dir")"
    "$cli" generate --size "$size" --seed "$seed" --out "$dir.partial" --quiet
    rm -rf "$dir"
    mv "$dir.partial" "$dir"
  fi
  echo "$dir"
}

# label:bundle pairs to run.
targets=()
if [[ -n "$bundle" ]]; then
  targets+=("$(basename "$bundle"):$(cd "$bundle" && pwd)")
else
  for size in $sizes; do targets+=("$size:$(ensure_bundle "$size")"); done
fi

mkdir -p "$root/bench/results"
date_tag=$(date -u +%F)
# Runs with extra analyze options get their own result file: "--skip-risk" -> "-skip-risk".
args_tag=$(tr -cs 'a-z0-9' '-' <<<"$analyze_args" | sed 's/^-*//; s/-*$//')
for target in "${targets[@]}"; do
  label="${target%%:*}" dir="${target#*:}"
  out="$build/macro-out/$label"
  kept="$build/macro-out/$label-runs"  # per-run time and summary, outside $out
  rm -rf "$kept" && mkdir -p "$kept"
  runs=()
  for ((run = 1; run <= repeat; run++)); do
    log "$label: analyze, run $run of $repeat"
    rm -rf "$out"
    time_file=$(mktemp)
    # $analyze_args unquoted on purpose: it may hold several options.
    /usr/bin/time -f '%e %U %S %M' -o "$time_file" \
      "$cli" analyze "$dir" --out "$out" --as-of "$as_of" --threads "$threads" --quiet $analyze_args
    cp "$out/summary.json" "$kept/summary-$run.json"
    mv "$time_file" "$kept/time-$run.txt"
    runs+=("$kept/time-$run.txt:$kept/summary-$run.json")
  done
  python3 "$root/bench/macro_report.py" --label "$label" --bundle "$dir" --cli "$cli" --threads "$threads" \
    --analyze-args="$analyze_args" --out "$root/bench/results/macro-$label${args_tag:+-$args_tag}-$date_tag.json" "${runs[@]}"
  $keep_output || rm -rf "$out"
done
