// The hand-checked facts of datasets/sample/EXPECTED.md, asserted through the API.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "accessgraph/engine.hpp"

namespace accessgraph {
namespace {

const std::string kSample = std::string(ACCESSGRAPH_SOURCE_DIR) + "/datasets/sample";

// Lines of the fenced block whose info string is `kind`.
std::vector<std::string> expected_block(const std::string& kind) {
  std::ifstream in(kSample + "/EXPECTED.md");
  std::vector<std::string> lines;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("```", 0) == 0) {
      inside = !inside && line == "```" + kind;
      continue;
    }
    if (inside && !line.empty()) lines.push_back(line);
  }
  return lines;
}

const Engine& sample() {
  static const Engine engine = [] {
    OpenOptions options;
    options.as_of = *Date::parse("2026-11-01");
    return Engine::open_bundle(kSample, options);
  }();
  return engine;
}

TEST(SampleBundle, PointChecksMatchTheHandComputedFacts) {
  auto lines = expected_block("checks");
  ASSERT_GE(lines.size(), 25u);
  for (const std::string& line : lines) {
    std::istringstream fields(line);
    std::string word, identity, entitlement, has, justified;
    fields >> word >> identity >> entitlement >> has >> justified;
    CheckResult result = sample().check(identity, entitlement);
    EXPECT_EQ(has, std::string("has=") + (result.has ? "true" : "false")) << line;
    EXPECT_EQ(justified, std::string("justified=") + (result.justified ? "true" : "false")) << line;
  }
}

TEST(SampleBundle, FullAccessListsMatch) {
  auto lines = expected_block("access");
  ASSERT_GE(lines.size(), 6u);
  for (const std::string& line : lines) {
    std::istringstream fields(line);
    std::string word, identity;
    fields >> word >> identity;
    identity.pop_back();  // trailing ':'
    std::vector<std::string> expected, actual;
    for (std::string id; fields >> id;) expected.push_back(id);
    for (const auto& entry : sample().access(identity).entitlements) actual.push_back(entry.entitlement_id);
    EXPECT_EQ(actual, expected) << identity;
  }
}

}  // namespace
}  // namespace accessgraph
