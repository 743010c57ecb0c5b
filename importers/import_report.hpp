#pragma once
// import_report.json (SPEC section 10): per source, what was read, what became part of
// the bundle, what was skipped and why, the duplicates found, metadata that disagrees
// with the data, and how its accounts were correlated. Real exports are messy: the
// report is where the mess is shown instead of failing the import.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace accessgraph::importers {

// A count and the first few examples (ids, DNs, values), so a reader can look one up.
struct Tally {
  static constexpr std::size_t kMaxExamples = 5;
  std::uint64_t count = 0;
  std::vector<std::string> examples;
  void add(std::string_view example, std::uint64_t n = 1);
};

// A file's own count of its objects (BloodHound meta.count, SCIM totalResults, Graph
// @odata.count) that is not what the file holds.
struct MetadataMismatch {
  std::string file, field;
  std::uint64_t declared = 0, found = 0;
};

struct AmbiguousAccount {
  std::string account;
  std::size_t rule = 0;  // index into the config's correlation rules
  std::vector<std::string> identities;
};

struct SourceReport {
  std::string format, path, system;
  std::uint64_t files = 0, bytes = 0;
  std::map<std::string, std::uint64_t, std::less<>> read;      // objects read, by kind
  std::map<std::string, std::uint64_t, std::less<>> imported;  // rows this source put in the bundle
  std::map<std::string, Tally, std::less<>> skipped;           // by reason
  std::map<std::string, Tally, std::less<>> duplicates;        // by kind: the same object again, kept once
  std::vector<MetadataMismatch> metadata_mismatches;
  // Correlation of this source's accounts (accounts with their own identity aside).
  std::uint64_t accounts_with_own_identity = 0;
  std::uint64_t accounts_correlated = 0;
  std::uint64_t accounts_uncorrelated = 0;
  std::uint64_t accounts_ambiguous = 0;  // all of them; `ambiguous` lists the first 10,000
  std::vector<std::uint64_t> correlated_by_rule;
  std::vector<AmbiguousAccount> ambiguous;
  double seconds = 0;

  void count_read(std::string_view kind, std::uint64_t n = 1);
  void count_imported(std::string_view kind, std::uint64_t n = 1);
  void skip(std::string_view reason, std::string_view example, std::uint64_t n = 1);
  void duplicate(std::string_view kind, std::string_view example, std::uint64_t n = 1);
  std::uint64_t skipped_total() const;
};

struct ImportReport {
  std::string config;
  std::vector<SourceReport> sources;
  std::vector<std::string> rules;                            // each correlation rule in words
  std::map<std::string, std::uint64_t, std::less<>> bundle;  // rows per bundle file
  bool verified = false;  // the written bundle was loaded strictly before it was put in place
  std::map<std::string, double, std::less<>> seconds;      // wall time per phase
  std::map<std::string, double, std::less<>> cpu_seconds;  // CPU time per phase, all threads
};

// The report as JSON text (keys in a fixed order, two-space indent, final newline).
std::string import_report_json(const ImportReport& report);

}  // namespace accessgraph::importers
