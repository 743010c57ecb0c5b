#include "importers/importer.hpp"

#include <memory>

#include "core/common/stopwatch.hpp"
#include "importers/aws_iam_source.hpp"
#include "importers/bloodhound_source.hpp"
#include "importers/bundle_emitter.hpp"
#include "importers/correlation.hpp"
#include "importers/cpu_clock.hpp"
#include "importers/entra_source.hpp"
#include "importers/estate.hpp"
#include "importers/hr_csv_source.hpp"
#include "importers/import_config.hpp"
#include "importers/ldif_source.hpp"
#include "importers/scim_source.hpp"

namespace accessgraph::importers {
namespace {

void import_source(const SourceContext& context) {
  switch (context.config.format) {
    case SourceFormat::kHrCsv:
      import_hr_csv(context);
      break;
    case SourceFormat::kLdif:
      import_ldif(context);
      break;
    case SourceFormat::kScim:
      import_scim(context);
      break;
    case SourceFormat::kAwsIam:
      import_aws_iam(context);
      break;
    case SourceFormat::kEntra:
      import_entra(context);
      break;
    case SourceFormat::kBloodhound:
      import_bloodhound(context);
      break;
  }
}

std::string rule_in_words(const CorrelationRule& rule) {
  return "account " + rule.account + " = identity " + rule.identity +
         (rule.match_case == MatchCase::kInsensitive ? " (case-insensitive)" : "");
}

}  // namespace

ImportReport run_import(const ImportOptions& options) {
  auto say = [&](const std::string& line) {
    if (options.progress) options.progress(line);
  };
  ImportConfig config = load_import_config(options.config);
  BundleEmitter emitter(options.out, options.replace);  // refuses a bad --out before any source is read

  ImportReport report;
  report.config = options.config.string();
  for (const CorrelationRule& rule : config.correlation) report.rules.push_back(rule_in_words(rule));
  auto estate = std::make_unique<Estate>(config.correlation);
  report.sources.resize(config.sources.size());
  Stopwatch phase;
  double cpu = process_cpu_seconds();
  auto cpu_lap = [&] {
    double now = process_cpu_seconds();
    double spent = now - cpu;
    cpu = now;
    return spent;
  };
  for (std::size_t i = 0; i < config.sources.size(); ++i) {
    const SourceConfig& source = config.sources[i];
    SourceReport& source_report = report.sources[i];
    source_report.format = std::string(to_string(source.format));
    source_report.path = source.path_text;
    source_report.system = source.system;
    Index system = kNoIndex;
    if (!source.system.empty())
      system = estate->add_system(
          {estate->store(source.system), estate->store(source.system_name), system_kind(source.format)});
    Stopwatch source_time;
    import_source(SourceContext{source, *estate, source_report, static_cast<Index>(i), system, options.as_of});
    source_report.seconds = source_time.seconds();
    say(std::string(to_string(source.format)) + " " + source.path_text + ": " + std::to_string(source_report.files) +
        " file(s), " + std::to_string(source_report.bytes / 1000000) + " MB in " +
        std::to_string(source_report.seconds).substr(0, 5) + " s");
  }
  report.seconds["read"] = phase.lap();
  report.cpu_seconds["read"] = cpu_lap();
  correlate_accounts(*estate, config.correlation, report.sources);
  report.seconds["correlate"] = phase.lap();
  report.cpu_seconds["correlate"] = cpu_lap();

  emitter.write(*estate, report);
  report.cpu_seconds["write"] = cpu_lap();
  std::string written = std::to_string(estate->identities.size()) + " identities, " +
                        std::to_string(estate->accounts.size()) + " accounts, " +
                        std::to_string(estate->groups.size()) + " groups";
  estate.reset();  // the bundle has it all now; the check below needs the memory
  emitter.commit(report, options.verification);
  say("wrote " + options.out.string() + ": " + written + (report.verified ? " (verified)" : ""));
  return report;
}

}  // namespace accessgraph::importers
