#pragma once
// What the HTML report shows (docs/report.md): counts, histograms and top-N tables
// aggregated from one version's findings and risk scores, with every id beside its
// name. Plain values: the engine fills them (engine/analysis/report_aggregates.hpp),
// html/ renders them; nothing here grows with the bundle beyond the top-N limits and
// the list of departments.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accessgraph/results.hpp"

namespace accessgraph {

// How long the report's tables are.
struct ReportLimits {
  std::uint32_t top = 100;          // rows of each top-N table and finding list
  std::uint32_t reviewer_pairs = 2000;  // riskiest pairs routed to reviewers for their pages
  std::uint32_t paths = 100;            // riskiest pairs shown with the chain that gives the access
};

// Something with an id, shown as "name (id)".
struct NamedId {
  std::string id, name;
};

struct ReportIdentity {
  NamedId identity;
  std::string department, kind, status;
  double max_score = 0;             // riskiest pair
  std::uint64_t pairs = 0, high_pairs = 0;  // scored pairs; those scoring 70 or more
};

struct ReportEntitlement {
  NamedId entitlement;
  std::string system;
  std::uint64_t holders = 0, high_pairs = 0;
  double mean_score = 0;
};

// A node of an access path: kind (account, group, role, ...) and the node named.
struct ReportPathNode {
  std::string kind;
  NamedId node;
};

struct ReportPair {
  NamedId identity, entitlement;
  double score = 0;
  std::string recommendation;
  NamedId reviewer;  // empty id: nobody qualifies
  // The shortest chain of actual access, identity to entitlement (explain); for the
  // first limits.paths pairs only.
  std::vector<ReportPathNode> path;
};

// One finding in a list: the subject (an identity, or an account shown as
// username@system), what it relates to, and the finding's detail.
struct ReportFinding {
  NamedId subject;
  std::string subject_kind, related, detail;
};

struct ReportFindingList {
  std::string type;
  std::uint64_t total = 0;  // every finding of the type; `rows` holds the first `top`
  std::vector<ReportFinding> rows;
};

struct ReportDepartment {
  std::string name;
  std::uint64_t identities = 0, pairs = 0, unjustified = 0, peer_outliers = 0;
};

struct ReportOutlier {
  NamedId identity;
  std::string department;
  std::uint64_t outliers = 0, unjustified = 0;
};

struct ReportData {
  std::string as_of;
  // Overview.
  std::vector<NamedCount> identities_by_kind, identities_by_status;
  std::uint64_t identities = 0, accounts = 0, systems = 0, entitlements = 0;
  std::uint64_t access_pairs = 0, justified_pairs = 0;
  std::vector<NamedCount> findings;                          // per type, every type
  std::optional<std::vector<NamedCount>> baseline_findings;  // of a previous analyze
  std::string baseline_as_of;
  // Risk (empty when scoring was skipped).
  bool scored = false;
  std::vector<std::uint64_t> score_histogram;  // 20 bins of 5 points: [0,5), ..., [95,100]
  std::vector<ReportIdentity> riskiest_identities;
  std::vector<ReportEntitlement> riskiest_entitlements;
  std::vector<ReportPair> riskiest_pairs;  // up to limits.reviewer_pairs, highest first
  // Finding lists: sod_violation, leaver_access, orphan_account, nhi_no_owner.
  std::vector<ReportFindingList> finding_lists;
  // Per department.
  std::vector<ReportDepartment> departments;  // by name
  std::vector<ReportOutlier> peer_outliers;   // identities with the most peer-outlier access
  // Names of further identities the caller asked about (campaign reviewers).
  std::vector<NamedId> named;
};

}  // namespace accessgraph
