// access_paths_dot (include/accessgraph/access_paths_graph.hpp): the DOT text of an
// explain graph.
#include <string>
#include <string_view>

#include "accessgraph/access_paths_graph.hpp"

namespace accessgraph {
namespace {

// `text` inside a DOT quoted string: `"` and `\` escaped (a bare backslash would start
// a label escape such as \N or \G), a line break as DOT's \n, other control characters
// as spaces. `<` `>` `&` need nothing here: only <...> labels are HTML, and Graphviz
// escapes them when it writes SVG.
void append_quoted(std::string& out, std::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

struct KindStyle {
  std::string_view kind, shape, fill;
};
constexpr KindStyle kStyles[] = {
    {"identity", "ellipse", "#fde7c8"}, {"account", "box", "#e3ecfa"},   {"group", "folder", "#e7f4e4"},
    {"role", "hexagon", "#efe3f6"},     {"entitlement", "octagon", "#f9d9d6"},
};

const KindStyle& style_of(std::string_view kind) {
  for (const KindStyle& style : kStyles)
    if (style.kind == kind) return style;
  return kStyles[0];
}

std::string title(const AccessPaths& paths) {
  std::string text = paths.identity + " -> " + paths.entitlement + ": ";
  if (!paths.has) text += "no actual access";
  else text += paths.expected ? "actual access, justified" : "actual access, not justified";
  if (!paths.has && paths.expected) text += "; expected by a role";
  return text + "\nsolid blue: actual access; dashed green: expected access (roles)";
}

}  // namespace

std::string access_paths_dot(const AccessPaths& paths) {
  std::string dot = "digraph access_paths {\n  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=";
  append_quoted(dot, title(paths));
  dot += "];\n  node [style=filled, fontname=\"Helvetica\", fontsize=11];\n  edge [arrowsize=0.7];\n";
  for (std::size_t n = 0; n < paths.nodes.size(); ++n) {
    const AccessPathsNode& node = paths.nodes[n];
    const KindStyle& style = style_of(node.kind);
    dot += "  n" + std::to_string(n) + " [shape=" + std::string(style.shape) + ", fillcolor=\"" +
           std::string(style.fill) + "\", label=";
    append_quoted(dot, node.kind + ": " + node.id + (node.name.empty() ? "" : "\n" + node.name));
    dot += "];\n";
  }
  for (const AccessPathsEdge& edge : paths.edges) {
    const std::string link = "  n" + std::to_string(edge.from) + " -> n" + std::to_string(edge.to);
    if (edge.actual) dot += link + " [color=\"#1f5fbf\", penwidth=1.6];\n";
    if (edge.expected) dot += link + " [color=\"#2e8b57\", style=dashed, penwidth=1.6];\n";
  }
  dot += "}\n";
  return dot;
}

}  // namespace accessgraph
