// --compress none|zstd, taken by the batch commands whose outputs run to gigabytes
// (analyze, recert, apply): the CSV outputs as .csv.zst (include/accessgraph/output_compression.hpp).
#include "cli/command.hpp"

namespace accessgraph::cli {

void add_compress_option(CLI::App& command, OutputCompression& compression) {
  command
      .add_option_function<std::string>(
          "--compress",
          [&compression](const std::string& name) {
            compression = name == "zstd" ? OutputCompression::kZstd : OutputCompression::kNone;
          },
          "none (default) or zstd: write the CSV outputs zstd-compressed as NAME.csv.zst (multithreaded; "
          "`zstd -d`, DuckDB, pandas and accessgraph's loaders read them)")
      ->check(CLI::IsMember({"none", "zstd"}));
}

}  // namespace accessgraph::cli
