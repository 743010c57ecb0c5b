// Role mining batch outputs (include/accessgraph/role_mining.hpp): the bundle's
// actual access as a matrix for engine/mining, and what it finds written as bundle
// files plus mining_report.json.
#include "accessgraph/role_mining.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "core/io/csv_format.hpp"
#include "core/io/csv_table_writer.hpp"
#include "core/io/output_file.hpp"
#include "engine/batch/bundle_access.hpp"
#include "engine/version/version_state.hpp"
#include "engine/mining/approximate_cover.hpp"
#include "engine/mining/birthright_proposals.hpp"
#include "engine/mining/exact_cover.hpp"
#include "engine/mining/pair_file.hpp"

namespace accessgraph {
namespace {

using mining::AccessMatrix;

constexpr auto kReportDurability = OutputFile::Durability::kNoFsync;  // recomputable from the bundle

void require_range(bool ok, const char* option, double value, const char* range) {
  if (!ok) throw ArgumentError(option, std::to_string(value), std::string("must be in ") + range);
}

// What both mining entry points produce before naming anything.
struct MiningOutcome {
  mining::RoleSet roles;
  AccessMatrix exceptions;
  RoleMiningReport report;
  nlohmann::ordered_json method;  // the algorithm's own figures
};

MiningOutcome run_mining(const AccessMatrix& access, const RoleMiningOptions& options) {
  MiningOutcome outcome;
  RoleMiningReport& report = outcome.report;
  report.pairs = access.pair_count();
  if (options.exact) {
    mining::ExactCover cover = mining::mine_exact_cover(access);
    const mining::ExactCoverStats& s = cover.stats;
    outcome.roles = std::move(cover.roles);
    outcome.exceptions = AccessMatrix::from_rows(access.column_count(), std::vector<std::vector<std::uint32_t>>(access.row_count()));
    report.lower_bound = s.lower_bound;
    report.proven_optimal = s.proven_optimal;
    report.seconds = s.seconds;
    outcome.method = {{"mode", "exact"},
                      {"distinct_rows", s.distinct_rows},
                      {"distinct_entitlements", s.distinct_columns},
                      {"components", s.components},
                      {"components_proven_optimal", s.components_proven},
                      {"essential_roles", s.essential_roles},
                      {"kernel_pairs", s.kernel_pairs},
                      {"lower_bound", s.lower_bound},
                      {"proven_optimal", s.proven_optimal},
                      {"phase_seconds", {{"reduce", s.reduce_seconds}, {"search", s.search_seconds}, {"assign", s.assign_seconds}}}};
  } else {
    require_range(options.coverage > 0 && options.coverage <= 1, "coverage", options.coverage, "(0, 1]");
    require_range(options.allow_extra >= 0 && options.allow_extra <= 1, "allow_extra", options.allow_extra, "[0, 1]");
    mining::ApproximateCover cover =
        mining::mine_approximate_cover(access, {.coverage = options.coverage, .allow_extra = options.allow_extra});
    const mining::ApproximateCoverStats& s = cover.stats;
    outcome.roles = std::move(cover.roles);
    outcome.exceptions = std::move(cover.exceptions);
    report.seconds = s.seconds;
    outcome.method = {{"mode", "approximate"},
                      {"coverage_target", options.coverage},
                      {"allow_extra", options.allow_extra},
                      {"extra_budget_pairs", s.extra_budget},
                      {"distinct_rows", s.distinct_rows},
                      {"distinct_entitlements", s.distinct_columns}};
  }
  const mining::CoverCheck check = mining::check_cover(access, outcome.roles);
  report.roles = outcome.roles.role_count();
  report.covered_pairs = check.covered_pairs;
  report.exception_pairs = check.missing_pairs;
  report.extra_pairs = check.extra_pairs;
  return outcome;
}

std::string mined_role_id(std::uint32_t role, std::uint32_t roles) {
  std::string digits = std::to_string(role + 1);
  const std::size_t width = std::max<std::size_t>(4, std::to_string(roles).size());
  return "mined-" + std::string(width - std::min(width, digits.size()), '0') + digits;
}

// mining_report.json: figures, each role with the pairs it covers, every exception.
void write_mining_report(const std::filesystem::path& dir, const AccessMatrix& access, const MiningOutcome& outcome,
                         const std::function<std::string(std::uint32_t)>& row_name,
                         const std::function<std::string(std::uint32_t)>& column_name, nlohmann::ordered_json input) {
  const RoleMiningReport& report = outcome.report;
  const mining::RoleSet& roles = outcome.roles;
  std::vector<std::uint64_t> holders(roles.role_count(), 0), covered(roles.role_count(), 0), extra(roles.role_count(), 0);
  for (std::uint32_t u = 0; u < access.row_count(); ++u) {
    for (const std::uint32_t r : roles.user_roles.row(u)) {
      ++holders[r];
      for (const std::uint32_t c : roles.role_columns.row(r)) (access.contains(u, c) ? covered : extra)[r] += 1;
    }
  }
  nlohmann::ordered_json json;
  json["input"] = std::move(input);
  json["method"] = outcome.method;
  json["role_count"] = report.roles;
  json["coverage"] = {{"pairs", report.pairs},
                      {"covered_pairs", report.covered_pairs},
                      {"share", report.pairs == 0 ? 1.0 : double(report.covered_pairs) / double(report.pairs)},
                      {"exception_pairs", report.exception_pairs},
                      {"extra_pairs", report.extra_pairs}};
  json["seconds"] = report.seconds;
  nlohmann::ordered_json role_list = nlohmann::ordered_json::array();
  for (std::uint32_t r = 0; r < roles.role_count(); ++r) {
    role_list.push_back({{"id", mined_role_id(r, roles.role_count())},
                         {"entitlements", roles.role_columns.row(r).size()},
                         {"holders", holders[r]},
                         {"pairs_covered", covered[r]},
                         {"extra_pairs", extra[r]}});
  }
  json["roles"] = std::move(role_list);
  nlohmann::ordered_json exceptions = nlohmann::ordered_json::array();
  for (std::uint32_t u = 0; u < outcome.exceptions.row_count(); ++u) {
    for (const std::uint32_t c : outcome.exceptions.row(u)) exceptions.push_back({row_name(u), column_name(c)});
  }
  json["exceptions"] = std::move(exceptions);  // [identity, entitlement] pairs no role gives
  OutputFile file(dir / "mining_report.json", kReportDurability);
  file.write(json.dump(2) + "\n");
  file.commit();
}

}  // namespace

RoleMiningReport mine_roles(const Engine& engine, const RoleMiningOptions& options) {
  const Graph& g = state_of(engine).graph;
  BundleAccess bundle = bundle_access(engine);
  // Identities without access take no part: rows of the matrix are those with some.
  std::vector<IdentityId> rows;
  std::vector<std::vector<std::uint32_t>> cells;
  for (std::uint32_t k = 0; k < bundle.identities.size(); ++k) {
    if (bundle.held.row(k).empty()) continue;
    rows.push_back(bundle.identities[k]);
    cells.emplace_back(bundle.held.row(k).begin(), bundle.held.row(k).end());
  }
  const AccessMatrix access = AccessMatrix::from_rows(bundle.held.column_count(), std::move(cells));
  MiningOutcome outcome = run_mining(access, options);
  outcome.report.identities = access.row_count();
  outcome.report.entitlements = access.column_count();

  std::filesystem::create_directories(options.out_dir);
  const mining::RoleSet& roles = outcome.roles;
  const std::uint32_t role_count = roles.role_count();
  CsvTableWriter<bundle::Roles> roles_csv(options.out_dir, kReportDurability);
  CsvTableWriter<bundle::RoleGrants> grants_csv(options.out_dir, kReportDurability);
  for (std::uint32_t r = 0; r < role_count; ++r) {
    const std::string id = mined_role_id(r, role_count);
    roles_csv.row(id, "mined role " + id.substr(6) + " (" + std::to_string(roles.role_columns.row(r).size()) + " entitlements)",
                  to_string(RoleKind::kTechnical), std::string_view());
    for (const std::uint32_t e : roles.role_columns.row(r)) {
      grants_csv.row(id, to_string(RoleTargetKind::kEntitlement), g.entitlement_ids.name(EntitlementId(e)));
    }
  }
  CsvTableWriter<bundle::RoleAssignments> assignments_csv(options.out_dir, kReportDurability);
  for (std::uint32_t u = 0; u < access.row_count(); ++u) {
    for (const std::uint32_t r : roles.user_roles.row(u)) {
      assignments_csv.row(g.identity_ids.name(rows[u]), mined_role_id(r, role_count), to_string(AssignmentSource::kMined),
                          std::string_view(), std::string_view());
    }
  }
  roles_csv.commit();
  grants_csv.commit();
  assignments_csv.commit();
  write_mining_report(
      options.out_dir, access, outcome, [&](std::uint32_t u) { return std::string(g.identity_ids.name(rows[u])); },
      [&](std::uint32_t e) { return std::string(g.entitlement_ids.name(EntitlementId(e))); },
      {{"source", "bundle"},
       {"as_of", engine.as_of().to_string()},
       {"identities", outcome.report.identities},
       {"entitlements", access.column_count()},
       {"pairs", access.pair_count()}});
  return outcome.report;
}

RoleMiningReport mine_roles_from_pairs(const std::filesystem::path& pairs_file, const RoleMiningOptions& options) {
  mining::NamedMatrix named;
  try {
    named = mining::read_pair_file(pairs_file);
  } catch (const std::runtime_error& error) {
    throw InputError(pairs_file.string(), 0, "", "", error.what());
  }
  MiningOutcome outcome = run_mining(named.access, options);
  outcome.report.identities = named.access.row_count();
  outcome.report.entitlements = named.access.column_count();
  std::filesystem::create_directories(options.out_dir);
  const std::uint32_t role_count = outcome.roles.role_count();
  std::string text = "role_id,permission\n";
  for (std::uint32_t r = 0; r < role_count; ++r) {
    for (const std::uint32_t c : outcome.roles.role_columns.row(r)) append_csv_row(text, mined_role_id(r, role_count), named.column_names[c]);
  }
  OutputFile role_columns(options.out_dir / "role_columns.csv", kReportDurability);
  role_columns.write(text);
  role_columns.commit();
  text = "user,role_id\n";
  for (std::uint32_t u = 0; u < named.access.row_count(); ++u) {
    for (const std::uint32_t r : outcome.roles.user_roles.row(u)) append_csv_row(text, named.row_names[u], mined_role_id(r, role_count));
  }
  OutputFile user_roles(options.out_dir / "user_roles.csv", kReportDurability);
  user_roles.write(text);
  user_roles.commit();
  write_mining_report(
      options.out_dir, named.access, outcome, [&](std::uint32_t u) { return named.row_names[u]; },
      [&](std::uint32_t c) { return named.column_names[c]; },
      {{"source", "pairs"},
       {"file", pairs_file.filename().string()},
       {"users", named.access.row_count()},
       {"permissions", named.access.column_count()},
       {"pairs", named.access.pair_count()}});
  return outcome.report;
}

}  // namespace accessgraph
