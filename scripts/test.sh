#!/usr/bin/env bash
# The whole test suite: build everything (Release, tests on) and run ctest, which
# covers unit tests per layer, end-to-end CLI cases and the differential test
# against the independent Python implementation of SPEC.md.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${ACCESSGRAPH_TEST_BUILD_DIR:-build}
werror=OFF
[ -n "${CI:-}" ] && werror=ON  # CI holds the code to zero warnings
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DACCESSGRAPH_BUILD_TESTS=ON \
  -DACCESSGRAPH_WERROR="$werror"
cmake --build "$build_dir" -j"$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" "$@"
