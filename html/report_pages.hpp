#pragma once
// The HTML report (docs/report.md): DIR/index.html (overview, risk, departments,
// campaigns) and DIR/reviewers/ID.html per reviewer, each one self-contained file:
// styles, script and SVG charts inline, nothing loaded (a content security policy
// forbids it). Every value from the bundle is escaped (html_escape.hpp).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "accessgraph/campaign.hpp"
#include "accessgraph/report.hpp"

namespace accessgraph::html {

struct ReportInput {
  ReportData data;
  std::string source;                      // the bundle or state directory, shown in the header
  std::vector<CampaignProgress> campaigns;  // of a state directory; empty for a bundle
};

struct ReportFiles {
  std::uint64_t pages = 0, bytes = 0;
};

// The index page alone, as text (tests read it without files).
std::string index_page(const ReportInput& input);
// Writes DIR/index.html and DIR/reviewers/*.html, each file whole or not at all.
ReportFiles write_report(const ReportInput& input, const std::filesystem::path& dir);

}  // namespace accessgraph::html
