#pragma once
// `accessgraph import`: reads every source of the config into one estate, correlates
// accounts to identities, and writes the bundle with import_report.json (SPEC section
// 10, docs/importers.md). All or nothing: a malformed source throws InputError (file,
// line and column or JSON path, value) and nothing is written.
#include <filesystem>
#include <functional>
#include <string>

#include "core/common/date.hpp"
#include "importers/bundle_emitter.hpp"
#include "importers/import_report.hpp"

namespace accessgraph::importers {

struct ImportOptions {
  std::filesystem::path config;
  std::filesystem::path out;
  Date as_of = Date::today_utc();  // for statuses derived from dates (HR termination dates)
  bool replace = false;            // an existing, non-empty --out folder is replaced
  Verification verification = Verification::kAuto;
  std::function<void(const std::string&)> progress;  // one line per step; may be empty
};

ImportReport run_import(const ImportOptions& options);

}  // namespace accessgraph::importers
