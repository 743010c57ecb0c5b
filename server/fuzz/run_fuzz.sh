#!/usr/bin/env bash
# Builds the libFuzzer target for request decoding and dispatch with clang (ASan and
# UBSan) in build-fuzz/, and runs it for a bounded time on a copy of the corpus.
#   server/fuzz/run_fuzz.sh [SECONDS]      (default 60)
# Not part of the default build or CI. New inputs that reach new code are added to
# build-fuzz/corpus; copy the few worth keeping into server/fuzz/corpus.
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build-fuzz

if ! command -v clang++ >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DACCESSGRAPH_FUZZ=ON \
  -DACCESSGRAPH_SANITIZE=address,undefined -DACCESSGRAPH_BUILD_TESTS=OFF -DACCESSGRAPH_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --target accessgraph_request_fuzzer -j"$(nproc)"

mkdir -p "$build/corpus"
cp -n "$root"/server/fuzz/corpus/* "$build/corpus/" 2>/dev/null || true
cd "$build"
# -max_len: large enough for every seed and their growth; the dictionary-free
# mutations find the schema's structure from the seeds.
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ./server/accessgraph_request_fuzzer -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -print_final_stats=1 corpus
