// explain_paths and its picture (include/accessgraph/access_paths_graph.hpp): every chain
// of actual and of expected access merged into one graph, as DOT text that Graphviz
// lays out as SVG; hostile ids and names stay text.
//
//   u1 ─ acct-a ─ g-inner ─ g-outer ──────────► ent      actual, through nesting
//   u1 ─ acct-b ─ g-outer                                actual, a second chain
//   u1 ─ acct-b ───────────────────────────────► ent      actual, a direct grant
//   u1 ═ role-top ⊃ role-base ═════════════════► ent      expected, an included role
//   u1 ═ role-top ═ g-inner ─ g-outer                     expected, the role's group
//   u1 ─ acct-c ─ g-other (grants nothing asked): on no chain, left out
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "accessgraph/access_paths_graph.hpp"
#include "accessgraph/engine.hpp"
#include "tests/support/bundle_text.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

Engine sample_engine(testing::TempBundle& bundle) {
  testing::BundleText()
      .identity("u1")
      .account("acct-a", "u1")
      .account("acct-b", "u1")
      .account("acct-c", "u1")
      .group("g-inner")
      .group("g-outer")
      .group("g-other")
      .entitlement("ent")
      .entitlement("other")
      .member("g-inner", "account", "acct-a")
      .member("g-outer", "group", "g-inner")
      .member("g-outer", "account", "acct-b")
      .member("g-other", "account", "acct-c")
      .group_grant("g-outer", "ent")
      .group_grant("g-other", "other")
      .account_grant("acct-b", "ent")
      .role("role-top")
      .role("role-base")
      .include("role-top", "role-base")
      .role_grant("role-base", "entitlement", "ent")
      .role_grant("role-top", "group", "g-inner")
      .assign("u1", "role-top")
      .write_to(bundle);
  OpenOptions options;
  options.as_of = *Date::parse("2026-11-01");
  return Engine::open_bundle(bundle.path(), options);
}

// "kind:id" of each end, and which chains the edge is on.
std::map<std::pair<std::string, std::string>, std::pair<bool, bool>> edges_of(const AccessPaths& paths) {
  std::map<std::pair<std::string, std::string>, std::pair<bool, bool>> edges;
  auto name = [&](std::uint32_t n) { return paths.nodes[n].kind + ":" + paths.nodes[n].id; };
  for (const AccessPathsEdge& edge : paths.edges) edges[{name(edge.from), name(edge.to)}] = {edge.actual, edge.expected};
  return edges;
}

TEST(ExplainPaths, EveryChainOfBothKindsMergedIntoOneGraph) {
  testing::TempBundle bundle;
  const AccessPaths paths = sample_engine(bundle).explain_paths("u1", "ent");
  EXPECT_TRUE(paths.has);
  EXPECT_TRUE(paths.expected);
  std::set<std::string> nodes;
  for (const AccessPathsNode& node : paths.nodes) nodes.insert(node.kind + ":" + node.id);
  EXPECT_EQ(nodes.size(), paths.nodes.size()) << "a shared node appears once";
  const std::set<std::string> expected_nodes = {"identity:u1",    "entitlement:ent", "account:acct-a", "account:acct-b",
                                                "group:g-inner",  "group:g-outer",   "role:role-top",  "role:role-base"};
  EXPECT_EQ(nodes, expected_nodes);
  EXPECT_EQ(paths.nodes[0].kind, "identity");
  EXPECT_EQ(paths.nodes[1].kind, "entitlement");

  using Flags = std::pair<bool, bool>;  // actual, expected
  const std::map<std::pair<std::string, std::string>, Flags> expected_edges = {
      {{"identity:u1", "account:acct-a"}, {true, false}},
      {{"identity:u1", "account:acct-b"}, {true, false}},
      {{"account:acct-a", "group:g-inner"}, {true, false}},
      {{"account:acct-b", "group:g-outer"}, {true, false}},
      {{"account:acct-b", "entitlement:ent"}, {true, false}},
      {{"group:g-inner", "group:g-outer"}, {true, true}},
      {{"group:g-outer", "entitlement:ent"}, {true, true}},
      {{"identity:u1", "role:role-top"}, {false, true}},
      {{"role:role-top", "role:role-base"}, {false, true}},
      {{"role:role-top", "group:g-inner"}, {false, true}},
      {{"role:role-base", "entitlement:ent"}, {false, true}},
  };
  EXPECT_EQ(edges_of(paths), expected_edges);
}

TEST(ExplainPaths, NoAccessIsTheTwoEndsAlone) {
  testing::TempBundle bundle;
  const AccessPaths paths = sample_engine(bundle).explain_paths("u1", "other");
  EXPECT_TRUE(paths.has);  // through acct-c and g-other only
  EXPECT_FALSE(paths.expected);
  EXPECT_EQ(paths.nodes.size(), 4u);
  for (const AccessPathsEdge& edge : paths.edges) EXPECT_FALSE(edge.expected);
}

// The DOT text's node and edge statements, read back: node name -> label, and edges
// with their attributes.
struct DotStatements {
  std::map<std::string, std::string> labels;
  std::vector<std::pair<std::string, std::string>> solid, dashed;
};

DotStatements read_dot(const std::string& dot) {
  DotStatements out;
  std::size_t at = 0;
  while ((at = dot.find("\n  n", at)) != std::string::npos) {
    const std::size_t begin = at + 3, end = dot.find('\n', begin);
    const std::string statement = dot.substr(begin, end - begin);
    const std::size_t space = statement.find(' ');
    const std::string first = statement.substr(0, space);
    if (first == "node") {  // the default attributes, not a node
      at = end;
      continue;
    }
    if (statement.compare(space, 4, " -> ") == 0) {
      const std::string second = statement.substr(space + 4, statement.find(' ', space + 4) - space - 4);
      (statement.find("style=dashed") != std::string::npos ? out.dashed : out.solid).emplace_back(first, second);
    } else {
      const std::size_t label = statement.find("label=\"") + 7;
      out.labels[first] = statement.substr(label, statement.rfind("\"]") - label);
    }
    at = end;
  }
  return out;
}

TEST(ExplainPaths, DotHasOneNodePerNodeAndOneEdgePerChainKind) {
  testing::TempBundle bundle;
  const AccessPaths paths = sample_engine(bundle).explain_paths("u1", "ent");
  const std::string dot = access_paths_dot(paths);
  ASSERT_TRUE(dot.starts_with("digraph access_paths {"));
  ASSERT_TRUE(dot.ends_with("}\n"));
  const DotStatements statements = read_dot(dot);
  ASSERT_EQ(statements.labels.size(), paths.nodes.size());
  for (std::size_t n = 0; n < paths.nodes.size(); ++n)
    EXPECT_EQ(statements.labels.at("n" + std::to_string(n)),
              paths.nodes[n].kind + ": " + paths.nodes[n].id + "\\n" + paths.nodes[n].name);
  std::size_t actual = 0, expected = 0;
  for (const AccessPathsEdge& edge : paths.edges) actual += edge.actual, expected += edge.expected;
  EXPECT_EQ(statements.solid.size(), actual);
  EXPECT_EQ(statements.dashed.size(), expected);
  EXPECT_EQ(dot, access_paths_dot(paths)) << "deterministic";
}

TEST(ExplainPaths, HostileIdsAndNamesAreEscapedAndGraphvizRendersThem) {
  AccessPaths paths;
  paths.identity = "u\"1";
  paths.entitlement = "e\\nt";
  paths.has = true;
  paths.nodes = {{"identity", "u\"1", "Eve \"The\" <script>alert(1)</script>\nsecond line \\N \\G"},
                 {"entitlement", "e\\nt", "a & b </svg> ]]>"},
                 {"group", "g}; n0 -> n1 [color=red", "back\\"}};
  paths.edges = {{0, 2, true, false}, {2, 1, true, true}};
  const std::string dot = access_paths_dot(paths);
  // Every quote inside a label is escaped, so a name cannot end its string.
  EXPECT_NE(dot.find(R"(Eve \"The\" <script>alert(1)</script>\nsecond line \\N \\G)"), std::string::npos) << dot;
  EXPECT_NE(dot.find(R"(group: g}; n0 -> n1 [color=red\nback\\")"), std::string::npos) << dot;
  EXPECT_EQ(read_dot(dot).solid.size(), 2u);
  EXPECT_EQ(read_dot(dot).dashed.size(), 1u);

  // Graphviz itself parses it (dot -Tsvg), and libgvc renders the same graph; both
  // SVGs are well-formed XML with the hostile text escaped.
  testing::TempBundle dir;
  testing::write_file(dir.path() / "paths.dot", dot);
  const auto rendered = testing::run_command("dot -Tsvg " + testing::shell_quote((dir.path() / "paths.dot").string()));
  ASSERT_EQ(rendered.exit_code, 0) << rendered.err;
  const std::string svg = render_svg(dot);
  for (const std::string& document : {rendered.out, svg}) {
    testing::write_file(dir.path() / "paths.svg", document);
    const auto parsed = testing::run_command(
        "python3 -c 'import sys, xml.dom.minidom; d = xml.dom.minidom.parse(sys.argv[1]); "
        "print(\"\\n\".join(t.firstChild.data for t in d.getElementsByTagName(\"text\") if t.firstChild))' " +
        testing::shell_quote((dir.path() / "paths.svg").string()));
    ASSERT_EQ(parsed.exit_code, 0) << parsed.err << document;
    EXPECT_NE(parsed.out.find("Eve \"The\" <script>alert(1)</script>"), std::string::npos) << parsed.out;
    EXPECT_NE(parsed.out.find("a & b </svg> ]]>"), std::string::npos) << parsed.out;
    EXPECT_EQ(document.find("<script"), std::string::npos);
  }
}

TEST(ExplainPaths, GraphvizRefusesBrokenDotWithAnError) {
  EXPECT_THROW(render_svg("digraph { a -> "), Error);
}

}  // namespace
}  // namespace accessgraph
