#!/usr/bin/env bash
# Installs the Debian 12 packages accessgraph builds and tests with, if any is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config python3 ccache
  libboost-dev libboost-graph-dev libtbb-dev libabsl-dev libmimalloc-dev
  libflatbuffers-dev flatbuffers-compiler libroaring-dev
  libcli11-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libasio-dev python3-flatbuffers
  python3-venv python3-setuptools python3-wheel file
  libsimdjson-dev libxxhash-dev
  libzstd-dev zstd graphviz libgraphviz-dev
  chromium  # the HTML report's browser test (tests/html/report_browser_test.py)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
