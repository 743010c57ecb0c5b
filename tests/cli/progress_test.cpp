// --progress through the real binary, on the sample bundle: `--progress json` prints
// well-formed JSON lines on stderr, done never decreasing within a phase and the last
// line of each phase with done == total; by default, with stderr a pipe (not a
// terminal), no progress line at all.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;
using testing::run_command;
using testing::shell_quote;

const std::string kSample = std::string(ACCESSGRAPH_SOURCE_DIR) + "/datasets/sample";

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("accessgraph-progress-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

// The JSON lines of `err` (spdlog's messages, "accessgraph: ...", are not JSON), by phase.
std::map<std::string, std::vector<nlohmann::json>> progress_lines(const std::string& err) {
  std::map<std::string, std::vector<nlohmann::json>> phases;
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("{")) continue;
    const nlohmann::json json = nlohmann::json::parse(line);  // throws on a malformed line
    EXPECT_EQ(json.size(), 5u) << line;
    for (const char* key : {"phase", "done", "total", "rate", "eta_s"}) EXPECT_TRUE(json.contains(key)) << line;
    phases[json["phase"]].push_back(json);
  }
  return phases;
}

void expect_phases_complete(const std::map<std::string, std::vector<nlohmann::json>>& phases) {
  for (const auto& [phase, lines] : phases) {
    for (std::size_t i = 1; i < lines.size(); ++i)
      EXPECT_LE(lines[i - 1]["done"].get<std::uint64_t>(), lines[i]["done"].get<std::uint64_t>()) << phase;
    for (const auto& line : lines) EXPECT_LE(line["done"].get<std::uint64_t>(), line["total"].get<std::uint64_t>());
    EXPECT_EQ(lines.back()["done"], lines.back()["total"]) << phase;
    EXPECT_GE(lines.back()["rate"].get<double>(), 0.0);
    EXPECT_EQ(lines.back()["eta_s"].get<double>(), 0.0) << phase;
  }
}

TEST(Progress, JsonLinesForEveryLongPhaseOfAnalyze) {
  const fs::path out = fresh_dir("analyze");
  const auto result = run_command(std::string(ACCESSGRAPH_CLI) + " analyze " + kSample + " --as-of 2026-11-01 --out " +
                                  shell_quote(out.string()) + " --progress json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto phases = progress_lines(result.err);
  for (const char* phase : {"load", "index", "effective_access", "effective_access_write", "peer_index", "findings",
                            "risk_model", "risk_score", "risk_write"})
    EXPECT_TRUE(phases.count(phase)) << phase << " missing in:\n" << result.err;
  EXPECT_GT(phases.at("load").back()["total"].get<std::uint64_t>(), 0u);
  expect_phases_complete(phases);
  // --quiet silences the messages for people, not the JSON a machine asked for.
  const auto quiet = run_command(std::string(ACCESSGRAPH_CLI) + " analyze " + kSample + " --as-of 2026-11-01 --out " +
                                 shell_quote(out.string()) + " --progress json --quiet");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(progress_lines(quiet.err).size(), phases.size());
  fs::remove_all(out);
}

TEST(Progress, RecertReportsItsWriting) {
  const fs::path out = fresh_dir("recert");
  const auto result = run_command(std::string(ACCESSGRAPH_CLI) + " recert " + kSample + " --as-of 2026-11-01 --out " +
                                  shell_quote(out.string()) + " --progress json --quiet");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto phases = progress_lines(result.err);
  EXPECT_TRUE(phases.count("recert_write")) << result.err;
  EXPECT_TRUE(phases.count("risk_score")) << result.err;
  expect_phases_complete(phases);
  fs::remove_all(out);
}

TEST(Progress, NothingWhenStderrIsAPipeOrWithNone) {
  const fs::path out = fresh_dir("pipe");
  for (const std::string option : {"", " --progress auto", " --progress none"}) {
    const auto result = run_command(std::string(ACCESSGRAPH_CLI) + " analyze " + kSample +
                                    " --as-of 2026-11-01 --out " + shell_quote(out.string()) + option);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err.find('\r'), std::string::npos) << option << ": " << result.err;
    EXPECT_TRUE(progress_lines(result.err).empty()) << option;
    EXPECT_EQ(result.err.find("%)"), std::string::npos) << option << ": " << result.err;  // "12/40 (30%)"
  }
  const auto none = run_command(std::string(ACCESSGRAPH_CLI) + " analyze " + kSample + " --as-of 2026-11-01 --out " +
                                shell_quote(out.string()) + " --progress none --quiet");
  ASSERT_EQ(none.exit_code, 0);
  EXPECT_EQ(none.err, "");
  fs::remove_all(out);
}

}  // namespace
}  // namespace accessgraph
