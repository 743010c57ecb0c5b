// explain: the shortest chain (fewest nodes) from an identity to an entitlement, once
// through actual access and once through expected access, by breadth-first search
// that only enters nodes whose closure contains the entitlement (AccessIndex::Reach:
// stored closures are searched, the others answered from one walk back from the
// entitlement, so a 200k-deep chain costs one pass, not one per node).
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

class PathSearch {
 public:
  PathSearch(const AccessIndex& index, EntitlementId target) : index_(index), target_(target) {}

  // `expand(node, visit)` calls visit(next) for each successor; `reaches(node)` says
  // whether node is granted the target directly. Returns the chain, or empty.
  template <class Expand, class GrantsTarget>
  std::vector<PathNode> run(Node start, Expand expand, GrantsTarget grants_target) {
    std::unordered_map<std::uint64_t, Node> parent;
    std::deque<Node> queue{start};
    parent.emplace(start.key(), start);
    while (!queue.empty()) {
      Node node = queue.front();
      queue.pop_front();
      if (grants_target(node)) return chain(parent, node);
      expand(node, [&](Node next) {
        if (parent.emplace(next.key(), node).second) queue.push_back(next);
      });
    }
    return {};
  }

 private:
  std::vector<PathNode> chain(const std::unordered_map<std::uint64_t, Node>& parent, Node last) const {
    std::vector<PathNode> path{{std::string(kind_name(NodeKind::kEntitlement)),
                                std::string(index_.graph().entitlement_ids.name(target_))}};
    for (Node node = last;;) {
      path.push_back({std::string(kind_name(node.kind)), name(node)});
      Node up = parent.at(node.key());
      if (up.key() == node.key()) break;
      node = up;
    }
    std::reverse(path.begin(), path.end());
    return path;
  }

  std::string name(Node node) const {
    const Graph& g = index_.graph();
    switch (node.kind) {
      case NodeKind::kIdentity: return std::string(g.identity_ids.name(IdentityId(node.id)));
      case NodeKind::kAccount: return std::string(g.account_ids.name(AccountId(node.id)));
      case NodeKind::kGroup: return std::string(g.group_ids.name(GroupId(node.id)));
      case NodeKind::kRole: return std::string(g.role_ids.name(RoleId(node.id)));
      case NodeKind::kEntitlement: return std::string(g.entitlement_ids.name(EntitlementId(node.id)));
    }
    return {};
  }

  const AccessIndex& index_;
  EntitlementId target_;
};

}  // namespace

ExplainResult explain_access(const AccessIndex& index, IdentityId identity, EntitlementId entitlement) {
  const Graph& g = index.graph();
  ExplainResult result;
  result.identity = std::string(g.identity_ids.name(identity));
  result.entitlement = std::string(g.entitlement_ids.name(entitlement));
  result.has = index.has(identity, entitlement);
  result.expected = index.expects(identity, entitlement);
  AccessIndex::Reach reach = index.reach(entitlement);
  auto group_reaches = [&](GroupId group) { return reach.group(group); };
  const Node start{NodeKind::kIdentity, identity.value};

  // identity -> enabled account -> group -> parent group ... -> entitlement
  if (result.has) {
    result.actual = PathSearch(index, entitlement).run(
        start,
        [&](Node node, auto visit) {
          if (node.kind == NodeKind::kIdentity) {
            for (AccountId account : g.identity_accounts[identity])
              if (index.account_holds(account, entitlement)) visit({NodeKind::kAccount, account.value});
            return;
          }
          auto parents = node.kind == NodeKind::kAccount ? g.account_groups[AccountId(node.id)]
                                                         : g.group_parents[GroupId(node.id)];
          for (GroupId group : parents)
            if (group_reaches(group)) visit({NodeKind::kGroup, group.value});
        },
        [&](Node node) {
          if (node.kind == NodeKind::kAccount)
            return g.account_entitlements.contains(AccountId(node.id), entitlement);
          if (node.kind == NodeKind::kGroup) return g.group_entitlements.contains(GroupId(node.id), entitlement);
          return false;
        });
  }

  // identity -> held role -> included role ... -> (entitlement | group -> parent ... -> entitlement)
  if (result.expected) {
    auto role_reaches = [&](RoleId role) { return reach.role(role); };
    result.expected_path = PathSearch(index, entitlement).run(
        start,
        [&](Node node, auto visit) {
          if (node.kind == NodeKind::kIdentity) {
            for (RoleId role : index.held_roles(identity))
              if (role_reaches(role)) visit({NodeKind::kRole, role.value});
          } else if (node.kind == NodeKind::kRole) {
            for (RoleId included : g.role_includes[RoleId(node.id)])
              if (role_reaches(included)) visit({NodeKind::kRole, included.value});
            for (GroupId group : g.role_groups[RoleId(node.id)])
              if (group_reaches(group)) visit({NodeKind::kGroup, group.value});
          } else if (node.kind == NodeKind::kGroup) {
            for (GroupId parent : g.group_parents[GroupId(node.id)])
              if (group_reaches(parent)) visit({NodeKind::kGroup, parent.value});
          }
        },
        [&](Node node) {
          if (node.kind == NodeKind::kRole) return g.role_entitlements.contains(RoleId(node.id), entitlement);
          if (node.kind == NodeKind::kGroup) return g.group_entitlements.contains(GroupId(node.id), entitlement);
          return false;
        });
  }
  return result;
}

}  // namespace accessgraph
