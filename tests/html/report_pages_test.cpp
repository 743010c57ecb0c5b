// The pages of the HTML report from hand-made ReportData: hostile text from the bundle
// stays text everywhere it is shown, and the page holds what the sections promise.
#include "html/report_pages.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace accessgraph::html {
namespace {

const std::string kHostile = R"(<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">)";

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

ReportInput hostile_input() {
  ReportInput input;
  input.source = "bundle " + kHostile;
  ReportData& d = input.data;
  d.as_of = "2026-11-01</script><!--";
  d.identities = 2;
  d.access_pairs = 4;
  d.justified_pairs = 3;
  d.identities_by_kind = {{"employee", 2}};
  d.identities_by_status = {{"active", 2}};
  d.findings = {{"sod_violation", 1}, {"unjustified_access", 1}};
  d.baseline_findings = std::vector<NamedCount>{{"sod_violation", 3}};
  d.scored = true;
  d.score_histogram.assign(20, 0);
  d.score_histogram[15] = 4;
  const NamedId evil{"u-evil" + kHostile, kHostile}, boss{"u-boss/../x", "Boss"};
  d.riskiest_identities = {{evil, kHostile, "employee", "active", 77.5, 4, 1}};
  d.riskiest_entitlements = {{{"ent-x", "Approve <b>payments</b>"}, "ERP", 2, 1, 40.25}};
  d.riskiest_pairs = {{evil, {"ent-x", "Approve"}, 77.5, "revoke", boss,
                       {{"identity", evil}, {"account", {"acct-1", kHostile + " on ERP"}},
                        {"group", {"grp-1", "Payments <admins>"}}, {"entitlement", {"ent-x", "Approve"}}}}};
  d.finding_lists = {{"sod_violation", 1, {{evil, "identity", "sod-1", kHostile}}}};
  d.departments = {{kHostile, 2, 4, 1, 1}};
  d.peer_outliers = {{evil, kHostile, 1, 1}};
  CampaignProgress campaign;
  campaign.campaign_id = "c-1";
  campaign.opened_on = "2026-11-01";
  campaign.items = 3;
  campaign.decided = 1;
  campaign.reviewers = {{"u-boss/../x", 3, 1, 1, 0, 0, 2}};
  input.campaigns = {campaign};
  return input;
}

TEST(ReportPages, HostileTextStaysText) {
  const std::string page = index_page(hostile_input());
  EXPECT_EQ(page.find(kHostile), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<b>payments"), std::string::npos);
  // The only script elements are the page's own: its code and its JSON data.
  EXPECT_EQ(occurrences(page, "<script"), 2u);
  EXPECT_EQ(occurrences(page, "</script>"), 2u);
  EXPECT_EQ(occurrences(page, "<!--"), 0u);
  EXPECT_NE(page.find("&lt;script&gt;window.__pwned=1&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("Approve &lt;b&gt;payments&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(page.find("Payments &lt;admins&gt;"), std::string::npos);  // a group on the access path
}

TEST(ReportPages, IndexHasEverySectionChartsAndNoOutsideReference) {
  const std::string page = index_page(hostile_input());
  for (const char* id : {"overview", "risk", "departments", "campaigns", "reviewers"})
    EXPECT_NE(page.find(std::string("<section id=\"") + id + "\""), std::string::npos) << id;
  EXPECT_GE(occurrences(page, "<svg class=\"chart\""), 4u);  // findings, histogram, departments, campaign
  EXPECT_NE(page.find("Content-Security-Policy"), std::string::npos);
  EXPECT_NE(page.find("@media print"), std::string::npos);
  EXPECT_EQ(page.find("http://"), page.find("http://www.w3.org/2000/svg"));  // only the SVG namespace
  EXPECT_EQ(page.find("https://"), std::string::npos);
  for (const char* loader : {"<img", "<link", "<iframe", "<object", "<embed", "@import", "url("})
    EXPECT_EQ(page.find(loader), std::string::npos) << loader;
  // The trend against the baseline: 1 sod_violation now, 3 before.
  EXPECT_NE(page.find("<span class=\"down\">-2</span>"), std::string::npos);
  // Reviewer links use the file name made safe.
  EXPECT_NE(page.find("href=\"reviewers/u-boss~2F~2E~2E~2Fx.html\""), std::string::npos);
}

TEST(ReportPages, WritesAPagePerReviewerInsideTheFolder) {
  const auto dir = std::filesystem::temp_directory_path() / "accessgraph-report-pages-test";
  std::filesystem::remove_all(dir);
  const ReportFiles files = write_report(hostile_input(), dir);
  EXPECT_EQ(files.pages, 2u);
  EXPECT_TRUE(std::filesystem::is_regular_file(dir / "index.html"));
  const auto reviewer = dir / "reviewers" / "u-boss~2F~2E~2E~2Fx.html";
  ASSERT_TRUE(std::filesystem::is_regular_file(reviewer));
  std::ifstream in(reviewer);
  std::stringstream text;
  text << in.rdbuf();
  const std::string page = text.str();
  EXPECT_NE(page.find("Reviewer Boss (u-boss/../x)"), std::string::npos);
  EXPECT_NE(page.find("77.50"), std::string::npos);  // their pair
  EXPECT_NE(page.find("Campaign <code class=\"id\">c-1</code>"), std::string::npos);
  EXPECT_EQ(page.find(kHostile), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace accessgraph::html
