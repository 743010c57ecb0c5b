// End-to-end cases as data (tests/e2e/cases/<case>/): each case is a tiny bundle, the
// extra analyze arguments, and the expected output files or the expected failure.
// Every case folder becomes one test, run through the real `accessgraph` binary.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::shell_quote;

// Outputs the engine does not write yet; each issue that adds one removes it here.
const std::vector<std::string> kNotYetWritten = {};

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

class E2eCase : public ::testing::Test {
 public:
  explicit E2eCase(fs::path dir) : dir_(std::move(dir)) {}

  void TestBody() override {
    fs::path out = fs::temp_directory_path() / ("accessgraph-e2e-" + dir_.filename().string() + "-" +
                                                std::to_string(::getpid()));
    fs::remove_all(out);
    std::string args = fs::exists(dir_ / "args") ? trimmed(read_file(dir_ / "args")) : "";
    auto result = testing::run_command(std::string(ACCESSGRAPH_CLI) + " analyze " +
                                       shell_quote((dir_ / "bundle").string()) + " --out " +
                                       shell_quote(out.string()) + " --quiet " + args);
    fs::path expected = dir_ / "expected";
    if (fs::exists(expected / "exit_code")) {
      EXPECT_EQ(result.exit_code, std::stoi(read_file(expected / "exit_code"))) << result.err;
      std::string needle = trimmed(read_file(expected / "stderr_contains"));
      EXPECT_NE(result.err.find(needle), std::string::npos) << "stderr: " << result.err << "\nwanted: " << needle;
      EXPECT_FALSE(fs::exists(out) && !fs::is_empty(out)) << "a failed run wrote output";
    } else {
      ASSERT_EQ(result.exit_code, 0) << result.err;
      for (const auto& file : fs::directory_iterator(expected)) {
        std::string name = file.path().filename().string();
        if (std::find(kNotYetWritten.begin(), kNotYetWritten.end(), name) != kNotYetWritten.end()) continue;
        ASSERT_TRUE(fs::exists(out / name)) << name << " was not written";
        EXPECT_EQ(read_file(out / name), read_file(file.path())) << name << " differs";
      }
    }
    fs::remove_all(out);
  }

 private:
  fs::path dir_;
};

void register_cases() {
  fs::path root = fs::path(ACCESSGRAPH_SOURCE_DIR) / "tests" / "e2e" / "cases";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory()) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  for (const fs::path& dir : cases) {
    ::testing::RegisterTest("E2eCases", dir.filename().string().c_str(), nullptr, nullptr, __FILE__, __LINE__,
                            [dir]() -> ::testing::Test* { return new E2eCase(dir); });
  }
}

const bool kRegistered = (register_cases(), true);

}  // namespace
}  // namespace accessgraph
