// accessgraph generate: a synthetic enterprise bundle (datasets/generator).
#include <spdlog/spdlog.h>

#include <limits>

#include "cli/command.hpp"
#include "datasets/generator/generator.hpp"

namespace accessgraph::cli {

void add_generate_command(CLI::App& app) {
  struct Options {
    std::uint64_t identities = 0;
    std::string size;
    std::uint64_t seed = 1;
    std::string out;
    bool quiet = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "generate", "Write a synthetic enterprise bundle (and truth.csv of planted anomalies) into --out");
  auto* identities = command->add_option("--identities", options->identities, "Number of identities (1 to 10M)")
                         ->check(whole_number_between(1, 10'000'000));
  command->add_option("--size", options->size, "Named size: small (10k), medium (100k), large (1M)")
      ->excludes(identities);
  command->add_option("--seed", options->seed, "Random seed (same seed, same bytes)")
      ->check(whole_number_between(0, std::numeric_limits<std::uint64_t>::max()));
  command->add_option("--out", options->out, "Output folder")->required()->check(output_folder());
  command->add_flag("-q,--quiet", options->quiet, "No progress messages on stderr");
  command->callback([options] {
    datasets::GeneratorOptions generator;
    generator.seed = options->seed;
    std::vector<std::string> entries = bundle_entries();
    entries.emplace_back("truth.csv");
    StagedFolder out = staged_output(options->out, std::move(entries));
    generator.out = out.path();
    generator.identities = options->identities;
    if (!options->size.empty()) {
      generator.identities = datasets::named_size(options->size);
      if (generator.identities == 0)
        throw ArgumentError("--size", options->size, "expected small, medium or large");
    }
    if (generator.identities == 0) generator.identities = datasets::named_size("small");
    datasets::GeneratorProgress progress;
    if (!options->quiet)
      progress = [](const std::string& phase, std::uint64_t rows) { spdlog::info("{}: {} rows", phase, rows); };
    auto report = datasets::generate_bundle(generator, progress);
    out.commit();
    if (!options->quiet)
      spdlog::info("wrote {} rows ({:.1f} MB) to {}", report.rows_written, double(report.bytes_written) / 1e6,
                   options->out);
  });
}

}  // namespace accessgraph::cli
