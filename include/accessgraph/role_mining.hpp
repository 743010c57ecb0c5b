#pragma once
// Role mining (issue 20), as free batch entry points over a loaded Engine; the
// algorithms live in engine/mining/ (a library of their own) and docs/roles.md says
// how to read and adopt what these write.
//
//   mine_roles      roles that reproduce each identity's actual access: roles.csv,
//                   role_grants.csv, role_assignments.csv (source `mined`) and
//                   mining_report.json
//   propose_rules   birthright rule candidates from peer groups: birthright.csv (with
//                   support, confidence, justifies, newly_grants at the end), and
//                   roles.csv / role_grants.csv for the proposed roles the bundle lacks
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "accessgraph/engine.hpp"

namespace accessgraph {

struct RoleMiningOptions {
  std::filesystem::path out_dir;
  bool exact = false;        // every identity's roles give exactly its access
  double coverage = 0.95;    // approximate: share of access pairs the roles must give, (0, 1]
  double allow_extra = 0.0;  // approximate: extra pairs allowed, as a share of access pairs, [0, 1]
};

struct RoleMiningReport {
  std::uint32_t identities = 0;  // rows mined: not terminated, with some access
  std::uint32_t entitlements = 0;
  std::uint64_t pairs = 0;
  std::uint32_t roles = 0;
  std::uint64_t covered_pairs = 0;
  std::uint64_t exception_pairs = 0;
  std::uint64_t extra_pairs = 0;
  std::uint32_t lower_bound = 0;  // exact only
  bool proven_optimal = false;    // exact only
  double seconds = 0;             // the mining itself
};

// Throws ArgumentError for options out of range (naming the option and the allowed range).
RoleMiningReport mine_roles(const Engine& engine, const RoleMiningOptions& options);

// The same on a plain access-matrix file of the role-mining literature ("user
// permission" pairs, or a user and its permissions a line; engine/mining/pair_file.hpp):
// role_columns.csv, user_roles.csv and mining_report.json in out_dir. Throws InputError
// naming the file and line for a line it cannot read.
RoleMiningReport mine_roles_from_pairs(const std::filesystem::path& pairs_file, const RoleMiningOptions& options);

struct RuleProposalOptions {
  std::filesystem::path out_dir;
  double min_share = 0.8;          // (0, 1]
  std::uint32_t min_support = 10;  // >= 1
  std::vector<std::string> keys{"kind", "department", "title", "location"};  // any of these four
};

struct RuleProposalReport {
  std::uint32_t identities = 0;  // not terminated
  std::uint32_t rules = 0;
  std::uint32_t new_roles = 0;   // proposed roles no existing role matches
  double seconds = 0;
};

RuleProposalReport propose_rules(const Engine& engine, const RuleProposalOptions& options);

}  // namespace accessgraph
