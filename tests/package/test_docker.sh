#!/usr/bin/env bash
# packaging/Dockerfile built and started where a Docker daemon answers: the container
# must report healthy (its HEALTHCHECK asks the HTTP endpoint's /healthz). Exit 77
# (ctest: skipped) when `docker info` fails, i.e. no daemon on this machine.
set -euo pipefail
source_dir=${ACCESSGRAPH_SOURCE_DIR:?}
if ! command -v docker >/dev/null || ! docker info >/dev/null 2>&1; then
  echo "skipped: no Docker daemon answers (docker info failed)"
  exit 77
fi
tag=accessgraph-test:$$
name=accessgraph-test-$$
cleanup() { docker rm -f "$name" >/dev/null 2>&1 || true; docker rmi "$tag" >/dev/null 2>&1 || true; }
trap cleanup EXIT
docker build -q -f "$source_dir/packaging/Dockerfile" -t "$tag" "$source_dir"
docker run -d --name "$name" -e ACCESSGRAPH_AS_OF=2026-11-16 "$tag" >/dev/null
for _ in $(seq 1 60); do
  status=$(docker inspect -f '{{.State.Health.Status}}' "$name")
  [ "$status" = healthy ] && { echo "container healthy"; exit 0; }
  [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || break
  sleep 5
done
docker logs "$name" || true
echo "container did not become healthy (status: ${status:-none})"
exit 1
