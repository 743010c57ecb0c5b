#pragma once
// Value types returned by the Engine: plain data with external (string) ids, the same
// content whichever way a query is asked (CLI --json, server, clients; SPEC section 7).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace accessgraph {

struct CheckResult {
  std::string identity, entitlement;
  bool has = false;        // actual access
  bool justified = false;  // actual and expected
  bool expected = false;   // policy says the identity should have it
  bool operator==(const CheckResult&) const = default;
};

// How one account gives an entitlement: a direct grant and/or through some of the
// account's direct groups (each of which holds it, possibly through nesting).
struct AccountVia {
  std::string account_id;
  bool direct_grant = false;
  std::vector<std::string> groups;
  bool operator==(const AccountVia&) const = default;
};

struct AccessEntry {
  std::string entitlement_id;
  bool justified = false;
  std::vector<AccountVia> via;
  bool operator==(const AccessEntry&) const = default;
};

struct AccessResult {
  std::string identity;
  std::vector<AccessEntry> entitlements;  // actual access, sorted by entitlement id
  std::vector<std::string> missing;       // expected but not had, sorted
  bool operator==(const AccessResult&) const = default;
};

struct Holder {
  std::string identity_id;
  bool justified = false;
  std::vector<std::string> accounts;  // enabled accounts of the identity holding it
  bool operator==(const Holder&) const = default;
};

struct WhoHasResult {
  std::string entitlement;
  std::vector<Holder> identities;  // sorted by identity id
  bool operator==(const WhoHasResult&) const = default;
};

struct PathNode {
  std::string kind;  // identity, account, group, role, entitlement
  std::string id;
  bool operator==(const PathNode&) const = default;
};

struct ExplainResult {
  std::string identity, entitlement;
  bool has = false, expected = false;
  std::vector<PathNode> actual;         // shortest chain of actual access; empty if none
  std::vector<PathNode> expected_path;  // shortest chain of expected access; empty if none
  bool operator==(const ExplainResult&) const = default;
};

// Every chain of actual and of expected access from an identity to an entitlement,
// merged into one graph (`explain --format dot|svg`): a node shared by several chains
// appears once. Only nodes on some chain are kept.
struct AccessPathsNode {
  std::string kind;  // identity, account, group, role, entitlement
  std::string id, name;  // name: display name, username, group or role or entitlement name
  bool operator==(const AccessPathsNode&) const = default;
};
struct AccessPathsEdge {
  std::uint32_t from = 0, to = 0;  // indexes into AccessPaths::nodes
  bool actual = false, expected = false;  // on a chain of actual access, of expected access, or both
  bool operator==(const AccessPathsEdge&) const = default;
};
struct AccessPaths {
  std::string identity, entitlement;
  bool has = false, expected = false;
  std::vector<AccessPathsNode> nodes;  // the identity first, the entitlement second, then as found
  std::vector<AccessPathsEdge> edges;  // as found, breadth first
  bool operator==(const AccessPaths&) const = default;
};

// One row of findings.csv (SPEC section 3).
struct Finding {
  std::string type, subject_kind, subject_id, related_id, detail;
  bool operator==(const Finding&) const = default;
};

struct NamedCount {
  std::string name;
  std::uint64_t count = 0;
};

struct GraphStats {
  std::string as_of;
  std::vector<NamedCount> nodes;   // per node kind
  std::vector<NamedCount> edges;   // per relation
  std::vector<NamedCount> derived; // closure sizes and components
  std::vector<std::pair<std::string, double>> timings_seconds;
};

}  // namespace accessgraph
