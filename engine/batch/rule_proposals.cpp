// Birthright rule proposals as files (include/accessgraph/role_mining.hpp): peer
// attributes and actual access from the bundle, rules from engine/mining, written in
// the columns of birthright.csv so that `whatif --rule` reads them as they are.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <chrono>
#include <map>

#include "accessgraph/role_mining.hpp"
#include "core/io/csv_format.hpp"
#include "core/io/csv_table_writer.hpp"
#include "core/io/output_file.hpp"
#include "engine/batch/bundle_access.hpp"
#include "engine/version/version_state.hpp"
#include "engine/mining/birthright_proposals.hpp"

namespace accessgraph {
namespace {

using mining::AccessMatrix;
using mining::kNoValue;

constexpr auto kDurability = OutputFile::Durability::kNoFsync;  // recomputable from the bundle

enum class ProposalKey { kKind, kDepartment, kTitle, kLocation };

ProposalKey parse_key(const std::string& key) {
  if (key == "kind") return ProposalKey::kKind;
  if (key == "department") return ProposalKey::kDepartment;
  if (key == "title") return ProposalKey::kTitle;
  if (key == "location") return ProposalKey::kLocation;
  throw ArgumentError("keys", key, "expected any of kind, department, title, location");
}

std::uint32_t code_of(const IdentityRecord& identity, ProposalKey key) {
  switch (key) {
    case ProposalKey::kKind: return static_cast<std::uint32_t>(identity.kind);
    case ProposalKey::kDepartment: return identity.department.valid() ? identity.department.value : kNoValue;
    case ProposalKey::kTitle: return identity.title.valid() ? identity.title.value : kNoValue;
    case ProposalKey::kLocation: return identity.location.valid() ? identity.location.value : kNoValue;
  }
  return kNoValue;
}

std::string padded(std::uint32_t n, std::uint32_t of) {
  std::string digits = std::to_string(n);
  const std::size_t width = std::max<std::size_t>(4, std::to_string(of).size());
  return std::string(width - std::min(width, digits.size()), '0') + digits;
}

}  // namespace

RuleProposalReport propose_rules(const Engine& engine, const RuleProposalOptions& options) {
  if (!(options.min_share > 0 && options.min_share <= 1)) {
    throw ArgumentError("min_share", std::to_string(options.min_share), "must be in (0, 1]");
  }
  if (options.min_support < 1) throw ArgumentError("min_support", "0", "must be at least 1");
  std::vector<ProposalKey> keys;
  for (const std::string& key : options.keys) {
    const ProposalKey parsed = parse_key(key);
    if (std::find(keys.begin(), keys.end(), parsed) != keys.end()) throw ArgumentError("keys", key, "named twice");
    keys.push_back(parsed);
  }
  if (keys.empty()) throw ArgumentError("keys", "", "name at least one of kind, department, title, location");

  const VersionState& state = state_of(engine);
  const Graph& g = state.graph;
  const AccessIndex& index = *state.index;
  const BundleAccess access = bundle_access(engine);
  const std::vector<IdentityId>& identities = access.identities;
  const AccessMatrix& held_matrix = access.held;
  const AccessMatrix& unjustified_matrix = access.unjustified;
  const std::size_t n = identities.size();
  mining::PeerAttributes attributes;
  attributes.keys = options.keys;
  attributes.codes.assign(keys.size(), std::vector<std::uint32_t>(n));
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t key = 0; key < keys.size(); ++key)
      attributes.codes[key][k] = code_of(g.identities[identities[k].value], keys[key]);
  const auto entitlements = static_cast<std::uint32_t>(g.entitlement_count());

  const auto start = std::chrono::steady_clock::now();
  std::vector<mining::ProposedRule> rules = mining::propose_birthright_rules(
      held_matrix, unjustified_matrix, attributes, {.min_share = options.min_share, .min_support = options.min_support});

  // A rule names an existing role when adopting it would expect what the group
  // really holds: among the roles sharing most of the rule's entitlements (up to
  // kCandidates), the one covering the largest share of them whose own access the
  // group holds at min_share or more; at least kMinCoverage of the rule's entitlements.
  // Such a role often grants more than the rule found, access the group already gets
  // through a broader rule (a department role nested in the company baseline), so the
  // rule is then scored with the role's access: what adopting it would expect.
  // Otherwise it names a proposed role granting exactly its entitlements.
  constexpr std::size_t kCandidates = 5;
  constexpr double kMinCoverage = 0.5;
  const auto role_count = static_cast<std::uint32_t>(g.role_ids.size());
  std::vector<std::vector<std::uint32_t>> roles_with(entitlements);
  std::vector<std::vector<std::uint32_t>> role_access(role_count);
  for (std::uint32_t r = 0; r < role_count; ++r) {
    for (const EntitlementId e : index.role_access(RoleId(r))) {
      role_access[r].push_back(e.value);
      roles_with[e.value].push_back(r);
    }
    std::sort(role_access[r].begin(), role_access[r].end());
  }
  std::vector<std::uint32_t> named_role(rules.size(), ~0u);
  std::vector<double> coverage(rules.size(), 1.0);
  tbb::parallel_for(std::size_t{0}, rules.size(), [&](std::size_t k) {
    mining::ProposedRule& rule = rules[k];
    std::map<std::uint32_t, std::uint32_t> overlap;
    for (const std::uint32_t e : rule.columns) {
      for (const std::uint32_t r : roles_with[e]) ++overlap[r];
    }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranked;  // (-common, role)
    for (const auto& [r, common] : overlap) {
      if (double(common) >= kMinCoverage * double(rule.columns.size())) ranked.push_back({~common, r});
    }
    std::sort(ranked.begin(), ranked.end());
    if (ranked.size() > kCandidates) ranked.resize(kCandidates);
    if (ranked.empty()) return;
    std::vector<std::vector<std::uint32_t>> sets;
    for (const auto& [negated, r] : ranked) sets.push_back(role_access[r]);
    const std::vector<std::uint64_t> held_now = mining::held_pairs_of(held_matrix, rule.members, sets);
    for (std::size_t j = 0; j < ranked.size(); ++j) {  // ranked by coverage already: first that passes
      const double expected = double(rule.members.size()) * double(sets[j].size());
      if (expected > 0 && double(held_now[j]) >= options.min_share * expected) {
        named_role[k] = ranked[j].second;
        coverage[k] = double(~ranked[j].first) / double(rule.columns.size());
        break;
      }
    }
    if (named_role[k] != ~0u && role_access[named_role[k]] != rule.columns) {
      rule.columns = role_access[named_role[k]];
      mining::score_rule(held_matrix, unjustified_matrix, rule);
    }
  });

  RuleProposalReport report;
  report.identities = static_cast<std::uint32_t>(n);
  report.rules = static_cast<std::uint32_t>(rules.size());
  std::filesystem::create_directories(options.out_dir);
  std::string birthright =
      "id,role_id,kind,department,title,location,support,confidence,justifies,newly_grants,found_in_role\n";
  CsvTableWriter<bundle::Roles> roles_csv(options.out_dir, kDurability);
  CsvTableWriter<bundle::RoleGrants> grants_csv(options.out_dir, kDurability);
  const auto rule_count = static_cast<std::uint32_t>(rules.size());
  for (std::uint32_t k = 0; k < rule_count; ++k) {
    const mining::ProposedRule& rule = rules[k];
    std::string kind, department, title, location, description;
    for (std::size_t key = 0; key < keys.size(); ++key) {
      const std::uint32_t code = rule.condition[key];
      if (code == kNoValue) continue;
      std::string value = keys[key] == ProposalKey::kKind ? std::string(to_string(static_cast<IdentityKind>(code)))
                                                      : std::string(g.attribute_values.name(AttributeId(code)));
      description += (description.empty() ? "" : ", ") + options.keys[key] + "=" + value;
      (keys[key] == ProposalKey::kKind ? kind : keys[key] == ProposalKey::kDepartment ? department
                                          : keys[key] == ProposalKey::kTitle     ? title
                                                                             : location) = std::move(value);
    }
    std::string role_id;
    if (named_role[k] != ~0u) {
      role_id = g.role_ids.name(RoleId(named_role[k]));
    } else {
      role_id = "proposed-role-" + padded(k + 1, rule_count);
      ++report.new_roles;
      roles_csv.row(role_id, "proposed birthright role: " + description, to_string(RoleKind::kBusiness), std::string_view());
      for (const std::uint32_t e : rule.columns) {
        grants_csv.row(role_id, to_string(RoleTargetKind::kEntitlement), g.entitlement_ids.name(EntitlementId(e)));
      }
    }
    char confidence[32], found_in_role[32];
    std::snprintf(confidence, sizeof confidence, "%.4f", rule.confidence);
    std::snprintf(found_in_role, sizeof found_in_role, "%.4f", coverage[k]);
    append_csv_row(birthright, "proposed-br-" + padded(k + 1, rule_count), role_id, kind, department, title, location,
                   std::to_string(rule.support), std::string(confidence), std::to_string(rule.justifies),
                   std::to_string(rule.newly_grants), std::string(found_in_role));
  }
  OutputFile birthright_csv(options.out_dir / "birthright.csv", kDurability);
  birthright_csv.write(birthright);
  birthright_csv.commit();
  roles_csv.commit();
  grants_csv.commit();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace accessgraph
