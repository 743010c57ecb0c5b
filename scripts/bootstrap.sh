#!/usr/bin/env bash
# First run on a fresh Debian 12 machine: install what is missing, build (Release),
# and analyze the built-in sample bundle into out/sample.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)" --target accessgraph
build/cli/accessgraph analyze datasets/sample --out out/sample --as-of 2026-11-01
echo
echo "Wrote out/sample/ (effective_access.csv, findings.csv, risk.csv, summary.json). Try:"
echo "  build/cli/accessgraph access datasets/sample u-maria --as-of 2026-11-01"
echo "  build/cli/accessgraph explain datasets/sample u-alice ent-ad-vpn --as-of 2026-11-01"
