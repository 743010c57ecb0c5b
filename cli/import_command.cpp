// accessgraph import: real identity sources in, a bundle out (importers/, SPEC section 10).
#include <mimalloc.h>
#include <spdlog/spdlog.h>

#include "cli/command.hpp"
#include "importers/importer.hpp"

namespace accessgraph::cli {
namespace {

constexpr const char* kDescription = R"(Read identity data where it lives and write a bundle (SPEC section 10).

The config (JSON) lists sources and correlation rules; unknown keys are refused:
  {"sources": [
     {"format": "hr_csv", "path": "hr.csv",
      "columns": {"id": "Employee ID", "display_name": "Name", "manager_id": "Manager ID",
                  "email": "Work Email", "kind": "Worker Type", "termination_date": "End"}},
     {"format": "ldif", "path": "directory.ldif", "system": "ldap"},
     {"format": "scim", "path": "okta/", "system": "okta", "identities": false}],
   "correlation": [{"account": "employeeID", "identity": "id"},
                   {"account": "mail", "identity": "email", "case": "insensitive"}]}
Formats: hr_csv, ldif, scim, aws_iam, entra, bloodhound. A path is a file or a folder
(relative to the config). "identities": true makes a source's people identities when
there is no HR export. The bundle gets import_report.json: per source what was read,
imported, skipped (with reasons), duplicates, and correlation results.
Malformed input exits 2 naming the file, line and column or JSON path; nothing is written.
Every key, format mapping and attribute name: docs/importers.md.)";

}  // namespace

void add_import_command(CLI::App& app) {
  struct Options {
    std::string config, out, as_of;
    bool replace = false, quiet = false, verify = false, no_verify = false;
    int threads = 0;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("import", kDescription);
  command->add_option("--config", options->config, "Import config (JSON)")->required();
  command->add_option("--out", options->out, "Bundle folder to write")->required();
  command->add_option("--as-of", options->as_of,
                      "Date for statuses derived from dates (an HR termination date on or before it: terminated); "
                      "default today (UTC)");
  command->add_flag("--replace", options->replace, "Replace --out when it exists and is not empty");
  auto* verify = command->add_flag("--verify", options->verify,
                                   "Load the written bundle strictly before putting it in place, whatever its size "
                                   "(by default only bundles up to 256 MB are checked)");
  command->add_flag("--no-verify", options->no_verify, "Never load the written bundle back")->excludes(verify);
  command->add_option("--threads", options->threads, "Worker threads for parsing (default: all cores)")
      ->check(CLI::Range(1, 1024));
  command->add_flag("-q,--quiet", options->quiet, "No progress messages on stderr");
  command->callback([options] {
    // An import frees and allocates batch after batch: keeping freed memory for the run
    // instead of handing it back to the OS after 25 ms cut page faults by a quarter and
    // CPU time by about 15% on a 1 GB LDIF (bench/README.md, section Import).
    mi_option_set(mi_option_decommit_delay, 3'600'000);
    std::unique_ptr<tbb::global_control> thread_limit;
    if (options->threads > 0)
      thread_limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                           static_cast<std::size_t>(options->threads));
    importers::ImportOptions import;
    import.config = options->config;
    import.out = options->out;
    import.replace = options->replace;
    if (options->verify) import.verification = importers::Verification::kAlways;
    if (options->no_verify) import.verification = importers::Verification::kNever;
    if (!options->as_of.empty()) import.as_of = parse_date_option(options->as_of, "--as-of");
    if (!options->quiet) import.progress = [](const std::string& line) { spdlog::info("{}", line); };
    importers::ImportReport report = importers::run_import(import);
    if (options->quiet) return;
    for (const importers::SourceReport& source : report.sources) {
    if (source.system.empty()) continue;
    spdlog::info("{}: {} accounts correlated, {} uncorrelated, {} ambiguous, {} with their own identity", source.system,
                 source.accounts_correlated, source.accounts_uncorrelated, source.accounts_ambiguous,
                 source.accounts_with_own_identity);
    }
});
}

}  // namespace accessgraph::cli
