// accessgraph roles mine | propose | mine-matrix: role mining (issue 20, docs/roles.md).
#include <spdlog/spdlog.h>

#include <limits>
#include <sstream>

#include "accessgraph/role_mining.hpp"
#include "cli/command.hpp"

namespace accessgraph::cli {
namespace {

constexpr const char* kOutHelp =
    "Output folder (created if missing), replaced as a whole when the run is done: its other files are kept";

void require_share(double value, const char* option, bool zero_allowed) {
  const bool ok = zero_allowed ? value >= 0 && value <= 1 : value > 0 && value <= 1;
  if (!ok) {
    std::ostringstream text;
    text << value;
    throw ArgumentError(option, text.str(), zero_allowed ? "must be in [0, 1]" : "must be in (0, 1]");
  }
}

struct MineFlags {
  bool exact = false;
  double coverage = 0.95;
  double allow_extra = 0.0;

  void add_to(CLI::App& command) {
    auto* exact_flag = command.add_flag("--exact", exact,
                                        "Every identity's roles give exactly its access, with as few roles as found "
                                        "(the lower bound and whether it is proven minimum go to mining_report.json)");
    command.add_option("--coverage", coverage, "Share of access pairs the roles must give, in (0, 1] (default 0.95)")
        ->excludes(exact_flag);
    command.add_option("--allow-extra", allow_extra,
                       "Access roles may give beyond what people hold, as a share of access pairs, in [0, 1] "
                       "(default 0: none)")
        ->excludes(exact_flag);
  }
  RoleMiningOptions options(const std::string& out) const {
    require_share(coverage, "--coverage", false);
    require_share(allow_extra, "--allow-extra", true);
    RoleMiningOptions mining;
    mining.out_dir = out;
    mining.exact = exact;
    mining.coverage = coverage;
    mining.allow_extra = allow_extra;
    return mining;
  }
};

void log_mining(const RoleMiningReport& report, const std::string& out) {
  spdlog::info("{} roles for {} identities, {} access pairs: {} covered, {} exceptions, {} extra; {:.3f} s",
               report.roles, report.identities, report.pairs, report.covered_pairs, report.exception_pairs,
               report.extra_pairs, report.seconds);
  if (report.lower_bound > 0 || report.proven_optimal)
    spdlog::info("lower bound {} roles: {}", report.lower_bound,
                 report.proven_optimal ? "proven minimum" : "not proven minimum");
  spdlog::info("wrote roles to {}", out);
}

void add_mine(CLI::App& roles) {
  struct Options {
    std::string bundle, out;
    MineFlags flags;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = roles.add_subcommand(
      "mine", "Propose roles reproducing each identity's actual access: roles.csv, role_grants.csv, "
              "role_assignments.csv (source mined) and mining_report.json into --out");
  command->add_option("BUNDLE", options->bundle, "Bundle folder (SPEC section 1)")->required();
  command->add_option("--out", options->out, kOutHelp)->required()->check(output_folder());
  options->flags.add_to(*command);
  options->evaluation.add_to(*command);
  command->callback([options] {
    RoleMiningOptions mining = options->flags.options(options->out);  // bad values fail before loading
    StagedFolder out = staged_output(
        options->out, {"roles.csv", "role_grants.csv", "role_assignments.csv", "mining_report.json", "rejects.csv"});
    mining.out_dir = out.path();
    Engine engine = open_engine(options->bundle, options->evaluation, "accessgraph-rejects.csv", &out);
    const RoleMiningReport report = mine_roles(engine, mining);
    out.commit();
    if (!options->evaluation.quiet) log_mining(report, options->out);
  });
}

void add_mine_matrix(CLI::App& roles) {
  struct Options {
    std::string file, out;
    MineFlags flags;
    bool quiet = false;
    std::unique_ptr<tbb::global_control> thread_limit;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = roles.add_subcommand(
      "mine-matrix", "Mine roles from a plain access matrix of the role-mining literature, one \"user permission\" "
                     "pair a line or a user and its permissions a line (.rbac: \"u_U3 p_P0 p_P7\"): "
                     "role_columns.csv, user_roles.csv, mining_report.json");
  command->add_option("FILE", options->file, "Matrix file (separators: spaces, tabs, commas, semicolons)")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--out", options->out, kOutHelp)->required()->check(output_folder());
  options->flags.add_to(*command);
  command->add_flag("-q,--quiet", options->quiet, "No progress messages on stderr");
  command->add_option_function<int>(
             "--threads",
             [options](int threads) {
               if (threads > 0)
                 options->thread_limit = std::make_unique<tbb::global_control>(
                     tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
             },
             "Worker threads (default: all cores)")
      ->check(CLI::Range(0, 1024));
  command->callback([options] {
    RoleMiningOptions mining = options->flags.options(options->out);
    StagedFolder out = staged_output(options->out, {"role_columns.csv", "user_roles.csv", "mining_report.json"});
    mining.out_dir = out.path();
    const RoleMiningReport report = mine_roles_from_pairs(options->file, mining);
    out.commit();
    if (!options->quiet) log_mining(report, options->out);
  });
}

void add_propose(CLI::App& roles) {
  struct Options {
    std::string bundle, out, keys = "kind,department,title,location";
    double min_share = 0.8;
    std::uint32_t min_support = 10;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = roles.add_subcommand(
      "propose", "Propose birthright rules from peer groups: birthright.csv (plus support, confidence, justifies, "
                 "newly_grants), and roles.csv / role_grants.csv for roles the bundle lacks, into --out");
  command->add_option("BUNDLE", options->bundle, "Bundle folder (SPEC section 1)")->required();
  command->add_option("--out", options->out, kOutHelp)->required()->check(output_folder());
  command->add_option("--min-share", options->min_share,
                      "Share of a peer group that must hold an entitlement, in (0, 1] (default 0.8)");
  command->add_option("--min-support", options->min_support, "Smallest peer group, at least 1 (default 10)")
      ->check(whole_number_between(1, std::numeric_limits<std::uint32_t>::max()));
  command->add_option("--keys", options->keys,
                      "Attributes that make peer groups, any of kind,department,title,location (default all four; "
                      "a title is read within its department)");
  options->evaluation.add_to(*command);
  command->callback([options] {
    require_share(options->min_share, "--min-share", false);
    if (options->min_support < 1)
      throw ArgumentError("--min-support", std::to_string(options->min_support), "must be at least 1");
    RuleProposalOptions proposal;
    StagedFolder out = staged_output(options->out, {"birthright.csv", "roles.csv", "role_grants.csv", "rejects.csv"});
    proposal.out_dir = out.path();
    proposal.min_share = options->min_share;
    proposal.min_support = options->min_support;
    proposal.keys.clear();
    std::stringstream keys(options->keys);
    for (std::string key; std::getline(keys, key, ',');) proposal.keys.push_back(key);
    Engine engine = open_engine(options->bundle, options->evaluation, "accessgraph-rejects.csv", &out);
    const RuleProposalReport report = propose_rules(engine, proposal);
    out.commit();
    if (!options->evaluation.quiet)
      spdlog::info("{} rules proposed ({} new roles) for {} identities in {:.3f} s; wrote {}", report.rules,
                   report.new_roles, report.identities, report.seconds, options->out);
  });
}

}  // namespace

void add_roles_commands(CLI::App& app) {
  CLI::App* roles = app.add_subcommand("roles", "Role mining: mine roles from actual access, propose birthright rules");
  roles->require_subcommand(1);
  add_mine(*roles);
  add_propose(*roles);
  add_mine_matrix(*roles);
}

}  // namespace accessgraph::cli
