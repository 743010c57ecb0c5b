// render_svg (include/accessgraph/access_paths_graph.hpp): DOT to SVG through libgvc,
// Graphviz's library, in process (no `dot` subprocess to find, feed and reap).
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <mutex>
#include <string>

#include "accessgraph/access_paths_graph.hpp"
#include "core/common/error.hpp"

namespace accessgraph {
namespace {

std::string last_graphviz_error(const char* fallback) {
  const char* message = aglasterr();
  std::string text = message ? message : fallback;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text.empty() ? fallback : text;
}

}  // namespace

std::string render_svg(const std::string& dot) {
  // libcgraph and libgvc keep global state (the error buffer, the parser): one
  // rendering at a time.
  static std::mutex graphviz;
  std::lock_guard lock(graphviz);
  agseterr(AGMAX);  // errors are kept for aglasterr(), not printed on stderr
  agreseterrors();

  std::unique_ptr<GVC_t, decltype(&gvFreeContext)> context(gvContext(), &gvFreeContext);
  if (!context) throw Error("Graphviz (libgvc) could not start");
  std::unique_ptr<Agraph_t, decltype(&agclose)> graph(agmemread(dot.c_str()), &agclose);
  if (!graph) throw Error("Graphviz refused the DOT text: " + last_graphviz_error("syntax error"));
  if (gvLayout(context.get(), graph.get(), "dot") != 0)
    throw Error("Graphviz could not lay out the graph with dot (is Debian's graphviz package, which holds its "
                "plugins, installed?): " + last_graphviz_error("layout failed"));
  char* data = nullptr;
  unsigned int length = 0;
  const int rendered = gvRenderData(context.get(), graph.get(), "svg", &data, &length);
  std::string svg = rendered == 0 && data ? std::string(data, length) : std::string();
  if (data) gvFreeRenderData(data);
  gvFreeLayout(context.get(), graph.get());
  if (rendered != 0 || svg.empty())
    throw Error("Graphviz could not render SVG (is Debian's graphviz package, which holds its plugins, installed?): " +
                last_graphviz_error("render failed"));
  return svg;
}

}  // namespace accessgraph
