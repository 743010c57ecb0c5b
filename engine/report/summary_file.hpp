#pragma once
// DIR/summary.json, the one place that builds it: named sections, then the timings of
// every phase. Writers that share an output folder add their sections to what is there
// (analyze writes its sections, a later risk run adds "risk"); the file is rewritten
// whole each time (core/io/output_file.hpp).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "accessgraph/results.hpp"

namespace accessgraph {

class SummaryFile {
 public:
  using Json = nlohmann::ordered_json;

  // A new summary, replacing whatever DIR/summary.json held.
  static SummaryFile fresh(std::filesystem::path dir);
  // The summary already in DIR (kept when it is readable), to add sections to.
  static SummaryFile existing(std::filesystem::path dir);

  void set(const std::string& section, Json value);
  // Adds phases to "timings_seconds" (kept after the sections set before it).
  void add_timings(const std::vector<std::pair<std::string, double>>& timings);
  // Throws Error when the file cannot be written.
  void write() const;

  // {"name": count, ...} from named counts.
  static Json counts(const std::vector<NamedCount>& counts);

 private:
  SummaryFile(std::filesystem::path dir, Json summary) : dir_(std::move(dir)), summary_(std::move(summary)) {}
  std::filesystem::path dir_;
  Json summary_;
};

}  // namespace accessgraph
