// explain: the chains from an identity to an entitlement, once through actual access
// and once through expected access. explain_access keeps the shortest chain (fewest
// nodes) of each, by breadth-first search; explain_all_paths keeps every chain, merged
// into one graph. Both only enter nodes whose closure contains the entitlement
// (AccessIndex::Reach: stored closures are searched, the others answered from one walk
// back from the entitlement, so a 200k-deep chain costs one pass, not one per node);
// so every node entered lies on some chain.
#include <algorithm>
#include <deque>
#include <string>
#include <unordered_map>

#include "engine/query/point_queries.hpp"

namespace accessgraph {
namespace {

enum class NodeKind : std::uint8_t { kIdentity, kAccount, kGroup, kRole, kEntitlement };

constexpr std::string_view kind_name(NodeKind kind) {
  constexpr std::string_view kNames[] = {"identity", "account", "group", "role", "entitlement"};
  return kNames[static_cast<int>(kind)];
}

struct Node {
  NodeKind kind;
  std::uint32_t id;
  std::uint64_t key() const { return (std::uint64_t(kind) << 32) | id; }
};

// The two walks of explain: which nodes follow a node, and which nodes are granted the
// entitlement directly.
//   actual:   identity -> enabled account -> group -> parent group ... -> entitlement
//   expected: identity -> held role -> included role ... -> (entitlement | group -> parent ... -> entitlement)
class ExplainWalks {
 public:
  ExplainWalks(const AccessIndex& index, IdentityId identity, EntitlementId entitlement)
      : index_(index), g_(index.graph()), identity_(identity), entitlement_(entitlement), reach_(index.reach(entitlement)) {}

  template <class Visit>
  void actual_next(Node node, Visit visit) {
    if (node.kind == NodeKind::kIdentity) {
      for (AccountId account : g_.identity_accounts[identity_])
        if (index_.account_holds(account, entitlement_)) visit({NodeKind::kAccount, account.value});
      return;
    }
    auto parents = node.kind == NodeKind::kAccount ? g_.account_groups[AccountId(node.id)] : g_.group_parents[GroupId(node.id)];
    for (GroupId group : parents)
      if (reach_.group(group)) visit({NodeKind::kGroup, group.value});
  }
  bool actual_grants(Node node) const {
    if (node.kind == NodeKind::kAccount) return g_.account_entitlements.contains(AccountId(node.id), entitlement_);
    if (node.kind == NodeKind::kGroup) return g_.group_entitlements.contains(GroupId(node.id), entitlement_);
    return false;
  }

  template <class Visit>
  void expected_next(Node node, Visit visit) {
    if (node.kind == NodeKind::kIdentity) {
      for (RoleId role : index_.held_roles(identity_))
        if (reach_.role(role)) visit({NodeKind::kRole, role.value});
    } else if (node.kind == NodeKind::kRole) {
      for (RoleId included : g_.role_includes[RoleId(node.id)])
        if (reach_.role(included)) visit({NodeKind::kRole, included.value});
      for (GroupId group : g_.role_groups[RoleId(node.id)])
        if (reach_.group(group)) visit({NodeKind::kGroup, group.value});
    } else if (node.kind == NodeKind::kGroup) {
      for (GroupId parent : g_.group_parents[GroupId(node.id)])
        if (reach_.group(parent)) visit({NodeKind::kGroup, parent.value});
    }
  }
  bool expected_grants(Node node) const {
    if (node.kind == NodeKind::kRole) return g_.role_entitlements.contains(RoleId(node.id), entitlement_);
    if (node.kind == NodeKind::kGroup) return g_.group_entitlements.contains(GroupId(node.id), entitlement_);
    return false;
  }

  Node start() const { return {NodeKind::kIdentity, identity_.value}; }
  Node target() const { return {NodeKind::kEntitlement, entitlement_.value}; }

  std::string id(Node node) const {
    switch (node.kind) {
      case NodeKind::kIdentity: return std::string(g_.identity_ids.name(IdentityId(node.id)));
      case NodeKind::kAccount: return std::string(g_.account_ids.name(AccountId(node.id)));
      case NodeKind::kGroup: return std::string(g_.group_ids.name(GroupId(node.id)));
      case NodeKind::kRole: return std::string(g_.role_ids.name(RoleId(node.id)));
      case NodeKind::kEntitlement: return std::string(g_.entitlement_ids.name(EntitlementId(node.id)));
    }
    return {};
  }
  std::string name(Node node) const {
    switch (node.kind) {
      case NodeKind::kIdentity: return std::string(g_.identities[node.id].display_name);
      case NodeKind::kAccount: return std::string(g_.accounts[node.id].username);
      case NodeKind::kGroup: return std::string(g_.groups[node.id].name);
      case NodeKind::kRole: return std::string(g_.roles[node.id].name);
      case NodeKind::kEntitlement: return std::string(g_.entitlements[node.id].name);
    }
    return {};
  }

 private:
  const AccessIndex& index_;
  const Graph& g_;
  IdentityId identity_;
  EntitlementId entitlement_;
  AccessIndex::Reach reach_;
};

// The shortest chain from the walk's start to a node granted the entitlement, or empty.
template <class Next, class Grants>
std::vector<PathNode> shortest_chain(const ExplainWalks& walks, Next next, Grants grants) {
  std::unordered_map<std::uint64_t, Node> parent;
  std::deque<Node> queue{walks.start()};
  parent.emplace(walks.start().key(), walks.start());
  while (!queue.empty()) {
    const Node node = queue.front();
    queue.pop_front();
    if (grants(node)) {
      std::vector<PathNode> path{{std::string(kind_name(NodeKind::kEntitlement)), walks.id(walks.target())}};
      for (Node at = node;; at = parent.at(at.key())) {
        path.push_back({std::string(kind_name(at.kind)), walks.id(at)});
        if (parent.at(at.key()).key() == at.key()) break;
      }
      std::reverse(path.begin(), path.end());
      return path;
    }
    next(node, [&](Node following) {
      if (parent.emplace(following.key(), node).second) queue.push_back(following);
    });
  }
  return {};
}

// AccessPaths built one walk at a time; nodes shared by the walks are merged.
class PathsGraph {
 public:
  explicit PathsGraph(const ExplainWalks& walks) : walks_(walks) {
    index_of(walks.start());
    index_of(walks.target());
  }

  // Every node the walk enters from the start, every step between them and every grant
  // of the entitlement; `actual` says which walk it is.
  template <class Next, class Grants>
  void add_walk(Next next, Grants grants, bool actual) {
    std::unordered_map<std::uint64_t, bool> entered{{walks_.start().key(), true}};
    std::deque<Node> queue{walks_.start()};
    while (!queue.empty()) {
      const Node node = queue.front();
      queue.pop_front();
      if (grants(node)) add_edge(node, walks_.target(), actual);
      next(node, [&](Node following) {
        add_edge(node, following, actual);
        if (entered.emplace(following.key(), true).second) queue.push_back(following);
      });
    }
  }

  AccessPaths take() { return std::move(paths_); }

 private:
  std::uint32_t index_of(Node node) {
    auto [it, added] = node_index_.emplace(node.key(), static_cast<std::uint32_t>(paths_.nodes.size()));
    if (added) paths_.nodes.push_back({std::string(kind_name(node.kind)), walks_.id(node), walks_.name(node)});
    return it->second;
  }
  void add_edge(Node from, Node to, bool actual) {
    const std::uint32_t a = index_of(from), b = index_of(to);
    auto [it, added] = edge_index_.emplace((std::uint64_t(a) << 32) | b, paths_.edges.size());
    if (added) paths_.edges.push_back({a, b});
    AccessPathsEdge& edge = paths_.edges[it->second];
    (actual ? edge.actual : edge.expected) = true;
  }

  const ExplainWalks& walks_;
  AccessPaths paths_;
  std::unordered_map<std::uint64_t, std::uint32_t> node_index_;
  std::unordered_map<std::uint64_t, std::size_t> edge_index_;
};

}  // namespace

ExplainResult explain_access(const AccessIndex& index, IdentityId identity, EntitlementId entitlement) {
  const Graph& g = index.graph();
  ExplainResult result;
  result.identity = std::string(g.identity_ids.name(identity));
  result.entitlement = std::string(g.entitlement_ids.name(entitlement));
  result.has = index.has(identity, entitlement);
  result.expected = index.expects(identity, entitlement);
  ExplainWalks walks(index, identity, entitlement);
  if (result.has)
    result.actual = shortest_chain(
        walks, [&](Node node, auto visit) { walks.actual_next(node, visit); },
        [&](Node node) { return walks.actual_grants(node); });
  if (result.expected)
    result.expected_path = shortest_chain(
        walks, [&](Node node, auto visit) { walks.expected_next(node, visit); },
        [&](Node node) { return walks.expected_grants(node); });
  return result;
}

AccessPaths explain_all_paths(const AccessIndex& index, IdentityId identity, EntitlementId entitlement) {
  ExplainWalks walks(index, identity, entitlement);
  PathsGraph graph(walks);
  const bool has = index.has(identity, entitlement), expected = index.expects(identity, entitlement);
  if (has)
    graph.add_walk([&](Node node, auto visit) { walks.actual_next(node, visit); },
                   [&](Node node) { return walks.actual_grants(node); }, true);
  if (expected)
    graph.add_walk([&](Node node, auto visit) { walks.expected_next(node, visit); },
                   [&](Node node) { return walks.expected_grants(node); }, false);
  AccessPaths paths = graph.take();
  paths.identity = std::string(index.graph().identity_ids.name(identity));
  paths.entitlement = std::string(index.graph().entitlement_ids.name(entitlement));
  paths.has = has;
  paths.expected = expected;
  return paths;
}

}  // namespace accessgraph
