#pragma once
// What every format's importer is given: its part of the config, the estate to fill,
// its report, and its system (none for HR sources).
#include "core/common/date.hpp"
#include "importers/estate.hpp"
#include "importers/import_config.hpp"
#include "importers/import_report.hpp"

namespace accessgraph::importers {

struct SourceContext {
  const SourceConfig& config;
  Estate& estate;
  SourceReport& report;
  Index source = kNoIndex;  // position in the config
  Index system = kNoIndex;  // the estate's system of this source; kNoIndex for hr_csv
  Date as_of;               // "today" for statuses derived from dates
};

}  // namespace accessgraph::importers
