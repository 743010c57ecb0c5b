#include "engine/report/summary_file.hpp"

#include "core/io/file_text.hpp"
#include "core/io/output_file.hpp"

namespace accessgraph {

SummaryFile SummaryFile::fresh(std::filesystem::path dir) { return SummaryFile(std::move(dir), Json::object()); }

SummaryFile SummaryFile::existing(std::filesystem::path dir) {
  Json summary = Json::object();
  if (const auto text = read_file_text(dir / "summary.json")) {
    summary = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (summary.is_discarded() || !summary.is_object()) summary = Json::object();
  }
  return SummaryFile(std::move(dir), std::move(summary));
}

void SummaryFile::set(const std::string& section, Json value) { summary_[section] = std::move(value); }

void SummaryFile::add_timings(const std::vector<std::pair<std::string, double>>& timings) {
  Json& phases = summary_["timings_seconds"];
  if (!phases.is_object()) phases = Json::object();
  for (const auto& [phase, seconds] : timings) phases[phase] = seconds;
}

void SummaryFile::write() const {
  OutputFile file(dir_ / "summary.json");
  file.write(summary_.dump(2) + "\n");
  file.commit();
}

SummaryFile::Json SummaryFile::counts(const std::vector<NamedCount>& counts) {
  Json object = Json::object();
  for (const auto& [name, count] : counts) object[name] = count;
  return object;
}

}  // namespace accessgraph
