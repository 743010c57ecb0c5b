#!/usr/bin/env python3
"""The include graph of the repository, folders as nodes, checked against the layers of
docs/architecture.md: no cycle, and no #include from a lower layer into a higher one.

  scripts/check_layers.py            # check; exit 1 and name the offending includes
  scripts/check_layers.py --graph    # also print every folder-to-folder edge with its count

Folders are the first two path components (engine/closure, core/graph, cli). An include
resolves against the repository root, then include/ (the public headers). The public
headers are two rooms: the value types every layer of the engine produces (results,
lifecycle, risk, output_compression: plain structs) and the facade the engine implements (Engine, batch
entry points, VersionedEngine, clients).
"""
import argparse
import collections
import os
import re
import sys

# Lower numbers are lower layers; a file may include its own layer or any lower one.
LAYERS = {
    "core": 0,
    "loaders": 1,
    "datasets": 1,
    "importers": 1,
    "engine/closure": 2,
    "engine/analysis": 3,
    "engine/query": 3,
    "engine/lifecycle": 4,
    "engine/report": 4,
    "engine/store": 4,
    "engine/mining": 4,
    "engine/review": 5,  # the review loop's records and plans, on lifecycle, report and store
    "include/accessgraph/values": 1,  # the public value types: plain structs
    # The facade: the public declarations and the three folders that implement them.
    "include/accessgraph": 6,
    "engine/version": 6,  # what an Engine holds (the facade's inside view)
    "engine/batch": 6,  # batch entry points on an Engine
    "engine": 6,  # the facade files directly in engine/
    "server": 7,
    "html": 7,  # the HTML report: ReportData rendered as self-contained pages
    "cli": 8,
}
SKIPPED = ("build", "tests", "bench", ".git", "out", "datasets/generated")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


PUBLIC_VALUE_HEADERS = {"results.hpp", "lifecycle.hpp", "risk.hpp", "output_compression.hpp", "report.hpp"}


def folder(path):
    parts = path.split("/")
    if parts[:2] == ["include", "accessgraph"] and parts[-1] in PUBLIC_VALUE_HEADERS:
        return "include/accessgraph/values"
    parts = parts[:-1]
    return "/".join(parts[:2]) if parts else "."


def layer_of(node):
    while node:
        if node in LAYERS:
            return node, LAYERS[node]
        node = node.rpartition("/")[0]
    return None, None


def include_edges(root):
    edges = collections.defaultdict(list)  # (from folder, to folder) -> [file:line]
    for directory, subdirs, files in os.walk(root):
        rel_dir = os.path.relpath(directory, root)
        if rel_dir != "." and rel_dir.startswith(SKIPPED):
            subdirs[:] = []
            continue
        for name in files:
            if not name.endswith((".cpp", ".hpp", ".h", ".cc")):
                continue
            path = os.path.normpath(os.path.join(rel_dir, name))
            with open(os.path.join(root, path), errors="replace") as source:
                for number, line in enumerate(source, 1):
                    match = INCLUDE.match(line)
                    if not match:
                        continue
                    target = match.group(1)
                    if not os.path.exists(os.path.join(root, target)):
                        if not os.path.exists(os.path.join(root, "include", target)):
                            continue  # generated or third-party
                        target = "include/" + target
                    source_folder, target_folder = folder(path), folder(target)
                    if source_folder != target_folder:
                        edges[(source_folder, target_folder)].append(f"{path}:{number}")
    return edges


def cycles(edges):
    graph = collections.defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser.add_argument("--graph", action="store_true", help="print every edge")
    args = parser.parse_args()
    edges = include_edges(os.path.abspath(args.root))
    problems = []
    for (a, b), sites in sorted(edges.items()):
        if args.graph:
            print(f"{a} -> {b} ({len(sites)})")
        a_layer, a_rank = layer_of(a)
        b_layer, b_rank = layer_of(b)
        if a_rank is None or b_rank is None:
            problems.append(f"{a} -> {b}: folder without a layer in scripts/check_layers.py ({sites[0]})")
        elif b_rank > a_rank:
            problems.append(f"{a} (layer {a_layer}) includes the higher {b} (layer {b_layer}): {', '.join(sites[:3])}")
    for component in cycles(edges):
        problems.append("include cycle between " + ", ".join(component))
    for problem in problems:
        print("check_layers: " + problem, file=sys.stderr)
    if not problems:
        print(f"check_layers: {len(edges)} folder edges, no cycle, none upward")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
