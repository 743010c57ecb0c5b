#include "importers/import_report.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace accessgraph::importers {
namespace {

using Json = nlohmann::ordered_json;

Json tallies(const std::map<std::string, Tally, std::less<>>& by_reason) {
  Json out = Json::object();
  for (const auto& [reason, tally] : by_reason) out[reason] = {{"count", tally.count}, {"examples", tally.examples}};
  return out;
}

Json counts(const std::map<std::string, std::uint64_t, std::less<>>& by_kind) {
  Json out = Json::object();
  for (const auto& [kind, count] : by_kind) out[kind] = count;
  return out;
}

Json source_json(const SourceReport& source) {
  Json out;
  out["format"] = source.format;
  out["path"] = source.path;
  if (!source.system.empty()) out["system"] = source.system;
  out["files"] = source.files;
  out["bytes"] = source.bytes;
  out["read"] = counts(source.read);
  out["imported"] = counts(source.imported);
  out["skipped"] = {{"total", source.skipped_total()}, {"reasons", tallies(source.skipped)}};
  std::uint64_t duplicates = 0;
  for (const auto& [kind, tally] : source.duplicates) duplicates += tally.count;
  out["duplicates"] = {{"total", duplicates}, {"kinds", tallies(source.duplicates)}};
  Json mismatches = Json::array();
  for (const MetadataMismatch& mismatch : source.metadata_mismatches)
    mismatches.push_back({{"file", mismatch.file},
                          {"field", mismatch.field},
                          {"declared", mismatch.declared},
                          {"found", mismatch.found}});
  out["metadata_mismatches"] = mismatches;
  if (!source.system.empty()) {
    Json ambiguous = Json::array();
    for (const AmbiguousAccount& account : source.ambiguous)
      ambiguous.push_back({{"account", account.account}, {"rule", account.rule}, {"identities", account.identities}});
    out["correlation"] = {{"accounts_with_own_identity", source.accounts_with_own_identity},
                          {"correlated", source.accounts_correlated},
                          {"uncorrelated", source.accounts_uncorrelated},
                          {"ambiguous", source.accounts_ambiguous},
                          {"correlated_by_rule", source.correlated_by_rule},
                          {"ambiguous_accounts", ambiguous}};
  }
  out["seconds"] = source.seconds;
  return out;
}

}  // namespace

void Tally::add(std::string_view example, std::uint64_t n) {
  count += n;
  if (examples.size() < kMaxExamples && !example.empty() &&
      std::find(examples.begin(), examples.end(), example) == examples.end())
    examples.emplace_back(example);
}

void SourceReport::count_read(std::string_view kind, std::uint64_t n) {
  auto found = read.find(kind);
  if (found == read.end()) found = read.emplace(std::string(kind), 0).first;
  found->second += n;
}

void SourceReport::count_imported(std::string_view kind, std::uint64_t n) {
  auto found = imported.find(kind);
  if (found == imported.end()) found = imported.emplace(std::string(kind), 0).first;
  found->second += n;
}

void SourceReport::skip(std::string_view reason, std::string_view example, std::uint64_t n) {
  auto found = skipped.find(reason);
  if (found == skipped.end()) found = skipped.emplace(std::string(reason), Tally{}).first;
  found->second.add(example, n);
}

void SourceReport::duplicate(std::string_view kind, std::string_view example, std::uint64_t n) {
  auto found = duplicates.find(kind);
  if (found == duplicates.end()) found = duplicates.emplace(std::string(kind), Tally{}).first;
  found->second.add(example, n);
}

std::uint64_t SourceReport::skipped_total() const {
  std::uint64_t total = 0;
  for (const auto& [reason, tally] : skipped) total += tally.count;
  return total;
}

std::string import_report_json(const ImportReport& report) {
  Json out;
  out["config"] = report.config;
  out["correlation_rules"] = report.rules;
  Json sources = Json::array();
  for (const SourceReport& source : report.sources) sources.push_back(source_json(source));
  out["sources"] = sources;
  out["bundle"] = counts(report.bundle);
  out["verified"] = report.verified;
  Json seconds = Json::object(), cpu_seconds = Json::object();
  for (const auto& [phase, value] : report.seconds) seconds[phase] = value;
  for (const auto& [phase, value] : report.cpu_seconds) cpu_seconds[phase] = value;
  out["seconds"] = seconds;
  out["cpu_seconds"] = cpu_seconds;
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace accessgraph::importers
