#pragma once
// Every chain of actual and of expected access (Engine::explain_paths) as a picture:
// Graphviz DOT text, and SVG laid out by Graphviz's dot (libgvc). `explain --format
// dot|svg` prints them; a report can embed the SVG.
#include <string>

#include "accessgraph/results.hpp"

namespace accessgraph {

// A DOT digraph, left to right: one node per identity, account, group, role and
// entitlement (labelled kind, id and name; shaped and coloured by kind), solid blue
// edges for actual access, dashed green ones for expected access (an edge on both kinds
// of chain is drawn twice). Ids and names come from outside: every one is escaped for a
// DOT quoted string, so quotes, backslashes, newlines and `<` `>` in them are text.
// Deterministic: the same paths give the same bytes.
std::string access_paths_dot(const AccessPaths& paths);

// The DOT text laid out by Graphviz's dot engine and rendered as SVG (an XML document).
// Throws Error when Graphviz refuses the text or cannot lay it out (its plugins
// missing: install Debian's graphviz). Serialised: libgvc keeps global state.
std::string render_svg(const std::string& dot);

}  // namespace accessgraph
