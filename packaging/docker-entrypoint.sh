#!/bin/sh
# The container's start: a state directory made once from ACCESSGRAPH_BUNDLE (default:
# the sample bundle the package ships), then `accessgraph serve` on it with the
# arguments given (the image's CMD by default).
set -eu
state=/var/lib/accessgraph/state
if [ ! -e "$state/control" ] && [ "${1:-}" = "serve" ]; then
  accessgraph state init "${ACCESSGRAPH_BUNDLE:-/usr/share/accessgraph/sample}" --state "$state" \
    ${ACCESSGRAPH_AS_OF:+--as-of "$ACCESSGRAPH_AS_OF"} -q
fi
exec accessgraph "$@"
