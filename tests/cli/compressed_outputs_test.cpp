// --compress zstd and .csv.zst bundles through the real binary, on the sample bundle
// (as of 2026-11-01): the compressed outputs of analyze, recert and apply are the plain
// run's bytes once `zstd -d` decompresses them, summary.json names the files written; a
// bundle whose files are .csv.zst loads to the same outputs; a corrupt .zst, or a file
// present both plain and compressed, is refused naming it.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_command;
using testing::shell_quote;

const std::string kSample = std::string(ACCESSGRAPH_SOURCE_DIR) + "/datasets/sample";

testing::CommandResult cli(const std::string& args) {
  return run_command(std::string(ACCESSGRAPH_CLI) + " " + args + " --as-of 2026-11-01 --quiet");
}

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("accessgraph-zstd-cli-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

std::string zstd_decompressed(const fs::path& file) {
  const auto result = run_command("zstd -dc " + shell_quote(file.string()));
  EXPECT_EQ(result.exit_code, 0) << file << ": " << result.err;
  return result.out;
}

// A copy of the sample bundle with `compressed` files replaced by NAME.zst (zstd's CLI).
fs::path sample_copy(const std::string& name, const std::vector<std::string>& compressed) {
  const fs::path bundle = fresh_dir(name);
  fs::copy(kSample, bundle, fs::copy_options::recursive);
  for (const std::string& file : compressed) {
    const auto result = run_command("zstd -q --rm " + shell_quote((bundle / file).string()));
    EXPECT_EQ(result.exit_code, 0) << result.err;
  }
  return bundle;
}

const std::vector<std::string> kAnalyzeCsvs = {"effective_access.csv", "findings.csv", "risk.csv"};

TEST(CompressedOutputs, AnalyzeWithZstdWritesThePlainBytesCompressed) {
  const fs::path plain = fresh_dir("analyze-plain"), compressed = fresh_dir("analyze-zstd");
  auto result = cli("analyze " + kSample + " --out " + shell_quote(plain.string()));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  result = cli("analyze " + kSample + " --compress zstd --out " + shell_quote(compressed.string()));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const std::string& name : kAnalyzeCsvs) {
    EXPECT_FALSE(fs::exists(compressed / name)) << name;
    ASSERT_TRUE(fs::exists(compressed / (name + ".zst"))) << name;
    EXPECT_TRUE(zstd_decompressed(compressed / (name + ".zst")) == read_file(plain / name)) << name;
  }
  const auto summary = nlohmann::json::parse(read_file(compressed / "summary.json"));
  const std::vector<std::string> files = summary["files"];
  const std::vector<std::string> expected = {"effective_access.csv.zst", "findings.csv.zst", "risk.csv.zst",
                                             "summary.json"};
  EXPECT_EQ(files, expected);
  EXPECT_EQ(summary["risk"]["file"], "risk.csv.zst");
  const std::vector<std::string> plain_files = nlohmann::json::parse(read_file(plain / "summary.json"))["files"];
  EXPECT_EQ(plain_files, (std::vector<std::string>{"effective_access.csv", "findings.csv", "risk.csv", "summary.json"}));

  // A plain run into the same folder replaces the compressed files (and back).
  result = cli("analyze " + kSample + " --out " + shell_quote(compressed.string()));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const std::string& name : kAnalyzeCsvs) {
    EXPECT_TRUE(fs::exists(compressed / name)) << name;
    EXPECT_FALSE(fs::exists(compressed / (name + ".zst"))) << name;
  }
  fs::remove_all(plain);
  fs::remove_all(compressed);
}

TEST(CompressedOutputs, RecertAndApplyWriteZstdQueuesAndPlans) {
  const fs::path plain = fresh_dir("recert-plain"), compressed = fresh_dir("recert-zstd");
  ASSERT_EQ(cli("recert " + kSample + " --out " + shell_quote(plain.string())).exit_code, 0);
  auto result = cli("recert " + kSample + " --compress zstd --out " + shell_quote(compressed.string()));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::size_t queues = 0;
  for (const auto& entry : fs::directory_iterator(plain / "queues")) {
    const fs::path packed = compressed / "queues" / (entry.path().filename().string() + ".zst");
    ASSERT_TRUE(fs::exists(packed)) << packed;
    EXPECT_TRUE(zstd_decompressed(packed) == read_file(entry.path())) << packed;
    ++queues;
  }
  EXPECT_GT(queues, 0u);
  const auto campaign = nlohmann::json::parse(read_file(compressed / "campaign.json"));
  for (const auto& queue : campaign["queues"]) EXPECT_TRUE(fs::exists(compressed / queue["file"].get<std::string>()));

  const fs::path applied_plain = fresh_dir("apply-plain"), applied = fresh_dir("apply-zstd");
  const std::string events = " --events " + kSample + "/hr_events.csv --out ";
  ASSERT_EQ(cli("apply " + kSample + events + shell_quote(applied_plain.string())).exit_code, 0);
  result = cli("apply " + kSample + " --compress zstd" + events + shell_quote(applied.string()));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const std::string name : {"plan.csv", "audit.csv", "archive.csv"})
    EXPECT_TRUE(zstd_decompressed(applied / (name + ".zst")) == read_file(applied_plain / name)) << name;
  for (const fs::path& dir : {plain, compressed, applied_plain, applied}) fs::remove_all(dir);
}

TEST(CompressedOutputs, ABundleOfZstdFilesGivesTheSameAnalysis) {
  const fs::path bundle = sample_copy("bundle-zstd", {"identities.csv", "accounts.csv", "group_members.csv",
                                                      "role_assignments.csv", "usage.csv", "hr_events.csv"});
  const fs::path plain = fresh_dir("bundle-plain-out"), from_zstd = fresh_dir("bundle-zstd-out");
  ASSERT_EQ(cli("analyze " + kSample + " --out " + shell_quote(plain.string())).exit_code, 0);
  auto result = cli("analyze " + shell_quote(bundle.string()) + " --out " + shell_quote(from_zstd.string()));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const std::string& name : kAnalyzeCsvs) EXPECT_TRUE(read_file(from_zstd / name) == read_file(plain / name)) << name;
  // The point queries read it too.
  result = cli("check " + shell_quote(bundle.string()) + " u-alice ent-ad-vpn --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["has"], true);
  for (const fs::path& dir : {bundle, plain, from_zstd}) fs::remove_all(dir);
}

TEST(CompressedOutputs, ACorruptZstdFileOrTwoFormsOfOneFileAreRefusedNamingIt) {
  const fs::path bundle = sample_copy("bundle-corrupt", {"accounts.csv"});
  std::string bytes = read_file(bundle / "accounts.csv.zst");
  testing::write_file(bundle / "accounts.csv.zst", bytes.substr(0, bytes.size() - 9));
  const fs::path out = fresh_dir("bundle-corrupt-out");
  auto result = cli("analyze " + shell_quote(bundle.string()) + " --out " + shell_quote(out.string()));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("accounts.csv.zst"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("not a valid zstd file"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(out / "findings.csv"));

  fs::copy_file(fs::path(kSample) / "accounts.csv", bundle / "accounts.csv");
  result = cli("analyze " + shell_quote(bundle.string()) + " --out " + shell_quote(out.string()));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("both accounts.csv and accounts.csv.zst"), std::string::npos) << result.err;
  fs::remove_all(bundle);
  fs::remove_all(out);
}

}  // namespace
}  // namespace accessgraph
