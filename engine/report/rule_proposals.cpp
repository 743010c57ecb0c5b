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
#include "engine/engine_state.hpp"
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
  throw InputError("command line", 0, "--keys", key, "expected any of kind, department, title, location");
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
    throw InputError("command line", 0, "--min-share", std::to_string(options.min_share), "must be in (0, 1]");
  }
  if (options.min_support < 1) throw InputError("command line", 0, "--min-support", "0", "must be at least 1");
  std::vector<ProposalKey> keys;
  for (const std::string& key : options.keys) {
    const ProposalKey parsed = parse_key(key);
    if (std::find(keys.begin(), keys.end(), parsed) != keys.end()) throw InputError("command line", 0, "--keys", key, "named twice");
    keys.push_back(parsed);
  }
  if (keys.empty()) throw InputError("command line", 0, "--keys", "", "name at least one of kind, department, title, location");

  const Engine::State& state = engine.state();
  const Graph& g = state.graph;
  const AccessIndex& index = *state.index;
  std::vector<IdentityId> identities;
  for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
    if (g.identities[i].status != IdentityStatus::kTerminated) identities.push_back(IdentityId(i));
  }
  const std::size_t n = identities.size();
  std::vector<std::vector<std::uint32_t>> held(n), unjustified(n);
  mining::PeerAttributes attributes;
  attributes.keys = options.keys;
  attributes.codes.assign(keys.size(), std::vector<std::uint32_t>(n));
  struct Scratch {
    MarkedUnion<EntitlementId> actual, expected;
    std::vector<EntitlementId> out;
  };
  tbb::enumerable_thread_specific<Scratch> scratch(
      [&] { return Scratch{index.make_entitlement_scratch(), index.make_entitlement_scratch(), {}}; });
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024), [&](const auto& range) {
    Scratch& s = scratch.local();
    for (std::size_t k = range.begin(); k != range.end(); ++k) {
      const IdentityId identity = identities[k];
      for (std::size_t key = 0; key < keys.size(); ++key) attributes.codes[key][k] = code_of(g.identities[identity.value], keys[key]);
      index.actual_access(identity, s.actual, s.out);
      s.expected.begin();
      index.add_expected_access(identity, s.expected);
      for (const EntitlementId e : s.out) {
        held[k].push_back(e.value);
        if (!s.expected.contains(e)) unjustified[k].push_back(e.value);
      }
    }
  });
  const auto entitlements = static_cast<std::uint32_t>(g.entitlement_count());
  const AccessMatrix held_matrix = AccessMatrix::from_rows(entitlements, std::move(held));
  const AccessMatrix unjustified_matrix = AccessMatrix::from_rows(entitlements, std::move(unjustified));

  const auto start = std::chrono::steady_clock::now();
  const std::vector<mining::ProposedRule> rules = mining::propose_birthright_rules(
      held_matrix, unjustified_matrix, attributes, {.min_share = options.min_share, .min_support = options.min_support});

  // A rule names an existing role when one gives exactly its entitlements (the
  // lowest id of those that do); otherwise a proposed role, written alongside.
  std::map<std::vector<std::uint32_t>, RoleId> role_by_access;
  for (std::uint32_t r = 0; r < g.role_ids.size(); ++r) {
    std::vector<std::uint32_t> access;
    for (const EntitlementId e : index.role_access(RoleId(r))) access.push_back(e.value);
    std::sort(access.begin(), access.end());
    role_by_access.try_emplace(std::move(access), RoleId(r));
  }

  RuleProposalReport report;
  report.identities = static_cast<std::uint32_t>(n);
  report.rules = static_cast<std::uint32_t>(rules.size());
  std::filesystem::create_directories(options.out_dir);
  std::string birthright = "id,role_id,kind,department,title,location,support,confidence,justifies,newly_grants\n";
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
    if (auto existing = role_by_access.find(rule.columns); existing != role_by_access.end()) {
      role_id = g.role_ids.name(existing->second);
    } else {
      role_id = "proposed-role-" + padded(k + 1, rule_count);
      ++report.new_roles;
      roles_csv.row(role_id, "proposed birthright role: " + description, to_string(RoleKind::kBusiness), std::string_view());
      for (const std::uint32_t e : rule.columns) {
        grants_csv.row(role_id, to_string(RoleTargetKind::kEntitlement), g.entitlement_ids.name(EntitlementId(e)));
      }
    }
    char confidence[32];
    std::snprintf(confidence, sizeof confidence, "%.4f", rule.confidence);
    append_csv_row(birthright, "proposed-br-" + padded(k + 1, rule_count), role_id, kind, department, title, location,
                   std::to_string(rule.support), std::string(confidence), std::to_string(rule.justifies),
                   std::to_string(rule.newly_grants));
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
