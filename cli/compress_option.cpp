// --compress none|zstd, taken by the batch commands whose outputs run to gigabytes
// (analyze, recert, apply): the CSV outputs as .csv.zst (include/accessgraph/output_compression.hpp).
#include "cli/command.hpp"

namespace accessgraph::cli {

void add_compress_option(CLI::App& command, OutputCompression& compression) {
  const std::map<std::string, OutputCompression> names = {{"none", OutputCompression::kNone},
                                                          {"zstd", OutputCompression::kZstd}};
  command
      .add_option("--compress", compression,
                  "none (default) or zstd: write the CSV outputs zstd-compressed as NAME.csv.zst (multithreaded; "
                  "`zstd -d`, DuckDB, pandas and accessgraph's loaders read them)")
      ->transform(CLI::CheckedTransformer(names, CLI::ignore_case));
}

}  // namespace accessgraph::cli
