// The HTML report's numbers (collect_report, analyze --report) on the sample bundle:
// the hand-checked counts of datasets/sample/EXPECTED.md, and the per-department and
// risk aggregates recomputed here through the Engine's point queries.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>

#include "accessgraph/batch.hpp"
#include "accessgraph/engine.hpp"
#include "tests/support/csv_rows.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

using testing::csv_records;
using testing::read_file;

const std::string kSample = std::string(ACCESSGRAPH_SOURCE_DIR) + "/datasets/sample";

const Engine& sample() {
  static const Engine engine = [] {
    OpenOptions options;
    options.as_of = *Date::parse("2026-11-01");
    return Engine::open_bundle(kSample, options);
  }();
  return engine;
}

const ReportData& report() {
  static const ReportData data = collect_report(sample(), {});
  return data;
}

std::uint64_t count_of(const std::vector<NamedCount>& counts, const std::string& name) {
  for (const NamedCount& c : counts)
    if (c.name == name) return c.count;
  ADD_FAILURE() << "no count named " << name;
  return 0;
}

const ReportFindingList& list_of(const ReportData& data, const std::string& type) {
  for (const auto& list : data.finding_lists)
    if (list.type == type) return list;
  throw std::runtime_error("no list " + type);
}

TEST(ReportAggregates, OverviewMatchesTheHandCheckedCounts) {
  const ReportData& d = report();
  EXPECT_EQ(d.as_of, "2026-11-01");
  EXPECT_EQ(d.identities, 49u);
  EXPECT_EQ(d.systems, 6u);
  EXPECT_EQ(d.accounts, 104u);
  EXPECT_EQ(d.entitlements, 39u);
  EXPECT_EQ(d.access_pairs, 297u);
  EXPECT_EQ(d.justified_pairs, 274u);
  const std::map<std::string, std::uint64_t> expected = {
      {"dormant_account", 4}, {"leaver_access", 1},  {"missing_access", 2}, {"nhi_no_owner", 1},
      {"nhi_owner_terminated", 1}, {"orphan_account", 2}, {"sod_violation", 2}, {"unjustified_access", 19}};
  for (const auto& [type, count] : expected) EXPECT_EQ(count_of(d.findings, type), count) << type;
  auto total = [](const std::vector<NamedCount>& counts) {
    return std::accumulate(counts.begin(), counts.end(), std::uint64_t{0},
                           [](std::uint64_t sum, const NamedCount& c) { return sum + c.count; });
  };
  EXPECT_EQ(total(d.identities_by_kind), 49u);
  EXPECT_EQ(total(d.identities_by_status), 49u);
}

TEST(ReportAggregates, IdentitiesByKindAndStatusMatchTheFile) {
  std::map<std::string, std::uint64_t> kinds, statuses;
  for (const auto& row : csv_records(read_file(kSample + "/identities.csv"))) {
    ++kinds[row.at("kind")];
    ++statuses[row.at("status")];
  }
  for (const auto& [kind, count] : kinds) EXPECT_EQ(count_of(report().identities_by_kind, kind), count) << kind;
  for (const auto& [status, count] : statuses) EXPECT_EQ(count_of(report().identities_by_status, status), count) << status;
}

TEST(ReportAggregates, FindingListsHoldEveryFindingOfTheirType) {
  for (const std::string type : {"sod_violation", "leaver_access", "orphan_account", "nhi_no_owner"}) {
    const auto expected = sample().findings_of_type(type);
    const ReportFindingList& list = list_of(report(), type);
    EXPECT_EQ(list.total, expected.size()) << type;
    ASSERT_EQ(list.rows.size(), expected.size()) << type;
    for (const Finding& f : expected) {
      const bool listed = std::any_of(list.rows.begin(), list.rows.end(), [&](const ReportFinding& row) {
        return row.subject.id == f.subject_id && row.related == f.related_id && row.detail == f.detail &&
               row.subject_kind == f.subject_kind;
      });
      EXPECT_TRUE(listed) << type << " " << f.subject_id;
    }
  }
  // An identity is shown with its display name, an account as "username on system".
  const ReportFindingList& nhi = list_of(report(), "nhi_no_owner");
  EXPECT_FALSE(nhi.rows.at(0).subject.name.empty());
  const ReportFindingList& orphans = list_of(report(), "orphan_account");
  EXPECT_NE(orphans.rows.at(0).subject.name.find(" on "), std::string::npos);
}

TEST(ReportAggregates, DepartmentsAddUpWhatTheAccessQueryReports) {
  std::map<std::string, ReportDepartment> expected;
  std::map<std::string, std::uint64_t> outliers_by_identity;
  for (const Finding& f : sample().findings_of_type("unjustified_access"))
    if (f.detail == "peer_outlier") ++outliers_by_identity[f.subject_id];
  for (const auto& row : csv_records(read_file(kSample + "/identities.csv"))) {
    ReportDepartment& d = expected[row.at("department")];
    ++d.identities;
    for (const AccessEntry& e : sample().access(row.at("id")).entitlements) {
      ++d.pairs;
      d.unjustified += !e.justified;
    }
    d.peer_outliers += outliers_by_identity[row.at("id")];
  }
  ASSERT_EQ(report().departments.size(), expected.size());
  for (const ReportDepartment& d : report().departments) {
    const ReportDepartment& want = expected.at(d.name);
    EXPECT_EQ(d.identities, want.identities) << d.name;
    EXPECT_EQ(d.pairs, want.pairs) << d.name;
    EXPECT_EQ(d.unjustified, want.unjustified) << d.name;
    EXPECT_EQ(d.peer_outliers, want.peer_outliers) << d.name;
  }
  std::uint64_t outliers = 0;
  for (const ReportOutlier& o : report().peer_outliers) {
    EXPECT_EQ(o.outliers, outliers_by_identity.at(o.identity.id));
    outliers += o.outliers;
  }
  EXPECT_EQ(outliers, 19u - 7u - 2u - 4u);  // unjustified_access that is neither mover residue, no peers nor common
}

TEST(ReportAggregates, RiskAggregatesMatchTheScoresOfEveryPair) {
  const ReportData& d = report();
  ASSERT_TRUE(d.scored);
  ASSERT_EQ(d.score_histogram.size(), 20u);
  std::vector<std::uint64_t> histogram(20, 0);
  std::map<std::string, double> max_score;
  std::vector<RiskItem> all;
  for (const auto& row : csv_records(read_file(kSample + "/identities.csv"))) {
    for (const RiskItem& item : sample().risk_for_identity(row.at("id"))) {
      ++histogram[std::min<std::size_t>(static_cast<std::size_t>(item.score / 5), 19)];
      max_score[item.identity_id] = std::max(max_score[item.identity_id], item.score);
      all.push_back(item);
    }
  }
  EXPECT_EQ(d.score_histogram, histogram);
  ASSERT_FALSE(d.riskiest_identities.empty());
  for (const ReportIdentity& r : d.riskiest_identities) EXPECT_DOUBLE_EQ(r.max_score, max_score.at(r.identity.id));
  for (std::size_t i = 1; i < d.riskiest_identities.size(); ++i)
    EXPECT_GE(d.riskiest_identities[i - 1].max_score, d.riskiest_identities[i].max_score);
  // Every scored pair is among the riskiest pairs (the sample has fewer than the limit),
  // highest first, with its reviewer and recommendation.
  ASSERT_EQ(d.riskiest_pairs.size(), all.size());
  for (std::size_t i = 1; i < d.riskiest_pairs.size(); ++i) EXPECT_GE(d.riskiest_pairs[i - 1].score, d.riskiest_pairs[i].score);
  for (const ReportPair& p : d.riskiest_pairs) {
    auto it = std::find_if(all.begin(), all.end(), [&](const RiskItem& item) {
      return item.identity_id == p.identity.id && item.entitlement_id == p.entitlement.id;
    });
    ASSERT_NE(it, all.end());
    EXPECT_DOUBLE_EQ(p.score, it->score);
    EXPECT_EQ(p.reviewer.id, it->reviewer_id);
    EXPECT_EQ(p.recommendation, it->recommendation);
  }
  // The first pairs come with the path explain gives, every node named.
  const ReportPair& riskiest = d.riskiest_pairs.front();
  const ExplainResult explained = sample().explain(riskiest.identity.id, riskiest.entitlement.id);
  ASSERT_EQ(riskiest.path.size(), explained.actual.size());
  ASSERT_FALSE(riskiest.path.empty());
  for (std::size_t i = 0; i < riskiest.path.size(); ++i) {
    EXPECT_EQ(riskiest.path[i].kind, explained.actual[i].kind);
    EXPECT_EQ(riskiest.path[i].node.id, explained.actual[i].id);
    EXPECT_FALSE(riskiest.path[i].node.name.empty()) << riskiest.path[i].node.id;
  }
  EXPECT_TRUE(d.riskiest_pairs.back().path.empty());  // beyond limits.paths (100)
  std::uint64_t holders = 0;
  for (const ReportEntitlement& e : d.riskiest_entitlements) holders += e.holders;
  EXPECT_EQ(holders, d.access_pairs);  // the sample has fewer entitlements than the limit
  // Ordered by the share of holders scoring 70 or more.
  auto share = [](const ReportEntitlement& e) { return double(e.high_pairs) / double(e.holders); };
  for (std::size_t i = 1; i < d.riskiest_entitlements.size(); ++i)
    EXPECT_GE(share(d.riskiest_entitlements[i - 1]), share(d.riskiest_entitlements[i]));
  std::map<std::string, std::uint64_t> high_holders;
  for (const RiskItem& item : all) high_holders[item.entitlement_id] += item.score >= 70;
  for (const ReportEntitlement& e : d.riskiest_entitlements) EXPECT_EQ(e.high_pairs, high_holders[e.entitlement.id]);
}

TEST(ReportAggregates, TopLimitsTheTablesButNotTheTotals) {
  ReportOptions options;
  options.limits.top = 1;
  options.limits.reviewer_pairs = 3;
  const ReportData small = collect_report(sample(), options);
  EXPECT_EQ(small.riskiest_identities.size(), 1u);
  EXPECT_EQ(small.riskiest_pairs.size(), 3u);
  EXPECT_EQ(list_of(small, "orphan_account").rows.size(), 1u);
  EXPECT_EQ(list_of(small, "orphan_account").total, 2u);
  EXPECT_EQ(small.riskiest_identities[0].identity.id, report().riskiest_identities[0].identity.id);
  EXPECT_EQ(small.riskiest_pairs[2].identity.id, report().riskiest_pairs[2].identity.id);
}

TEST(ReportAggregates, AnalyzeGathersTheSameNumbersWhileWritingItsFiles) {
  const auto dir = std::filesystem::temp_directory_path() / "accessgraph-report-analyze-test";
  std::filesystem::remove_all(dir);
  AnalyzeOptions options;
  options.out_dir = dir;
  options.risk = RiskWriteOptions{};
  options.report = ReportOptions{};
  const AnalyzeReport analyzed = analyze(sample(), options);
  ASSERT_TRUE(analyzed.report);
  const ReportData& a = *analyzed.report;
  const ReportData& b = report();
  EXPECT_EQ(a.access_pairs, b.access_pairs);
  EXPECT_EQ(a.score_histogram, b.score_histogram);
  ASSERT_EQ(a.findings.size(), b.findings.size());
  for (std::size_t i = 0; i < a.findings.size(); ++i) EXPECT_EQ(a.findings[i].count, b.findings[i].count);
  ASSERT_EQ(a.riskiest_pairs.size(), b.riskiest_pairs.size());
  for (std::size_t i = 0; i < a.riskiest_pairs.size(); ++i) {
    EXPECT_EQ(a.riskiest_pairs[i].identity.id, b.riskiest_pairs[i].identity.id);
    EXPECT_EQ(a.riskiest_pairs[i].entitlement.id, b.riskiest_pairs[i].entitlement.id);
  }
  // A later report against this run as its baseline reads its findings counts.
  ReportOptions with_baseline;
  with_baseline.baseline_dir = dir;
  with_baseline.score = false;
  const ReportData trend = collect_report(sample(), with_baseline);
  ASSERT_TRUE(trend.baseline_findings);
  EXPECT_EQ(count_of(*trend.baseline_findings, "unjustified_access"), 19u);
  EXPECT_EQ(trend.baseline_as_of, "2026-11-01");
  EXPECT_FALSE(trend.scored);
  EXPECT_TRUE(trend.score_histogram.empty());
  std::filesystem::remove_all(dir);
}

TEST(ReportAggregates, ABaselineWithoutSummaryIsRefusedNamingTheFile) {
  ReportOptions options;
  options.baseline_dir = std::filesystem::temp_directory_path() / "accessgraph-no-such-baseline";
  try {
    collect_report(sample(), options);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("summary.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace accessgraph
