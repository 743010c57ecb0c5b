// Token authentication: read tokens query, only admin tokens apply events, unknown or
// missing tokens are refused.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/server/server_fixture.hpp"
#include "tests/server/wire_test_support.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

using namespace testing;

const std::string kTransfer =
    "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n"
    "ev-auth-1,2026-11-01,transfer,u-henry,,,Sales,Account Executive,,u-diego,\n";

class AuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tokens_ = std::filesystem::temp_directory_path() / ("accessgraph-tokens-" + std::to_string(::getpid()));
    std::ofstream(tokens_) << "# token scope\nreader-secret-0123456789 read\n\nadmin-secret-0123456789 admin\n";
    std::filesystem::permissions(tokens_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    server_ = new ServerProcess({"--bundle", kSample, "--as-of", kSampleAsOf, "--tokens", tokens_.string()});
  }
  static void TearDownTestSuite() {
    delete server_;
    std::filesystem::remove(tokens_);
  }
  static Client as(const std::string& token) { return Client("127.0.0.1", server_->port(), token); }

  static std::filesystem::path tokens_;
  static ServerProcess* server_;
};
std::filesystem::path AuthTest::tokens_;
ServerProcess* AuthTest::server_ = nullptr;

std::string error_code_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const ServerError& e) {
    return e.code();
  }
  return "no error";
}

TEST_F(AuthTest, ReadTokenQueriesButCannotApply) {
  const Client reader = as("reader-secret-0123456789");
  EXPECT_TRUE(reader.check("u-alice", "ent-ad-vpn").has);
  const auto before = reader.access("u-henry");
  EXPECT_EQ(error_code_of([&] { reader.apply_events(kTransfer); }), "Forbidden");
  EXPECT_EQ(reader.health().version, 0u);  // nothing was applied
  EXPECT_EQ(reader.access("u-henry").entitlements.size(), before.entitlements.size());
}

TEST_F(AuthTest, MissingOrUnknownTokenIsRefused) {
  EXPECT_EQ(error_code_of([&] { as("").check("u-alice", "ent-ad-vpn"); }), "Unauthenticated");
  EXPECT_EQ(error_code_of([&] { as("reader-secret-012345678X").check("u-alice", "ent-ad-vpn"); }), "Unauthenticated");
  EXPECT_EQ(error_code_of([&] { as("guess").apply_events(kTransfer); }), "Unauthenticated");
}

TEST_F(AuthTest, AdminTokenApplies) {
  const Client admin = as("admin-secret-0123456789");
  const std::uint64_t version = admin.health().version;
  const ApplyResult applied = admin.apply_events(kTransfer);
  EXPECT_EQ(applied.version, version + 1);
  EXPECT_EQ(applied.events, 1u);
  EXPECT_EQ(applied.last_event_id, "ev-auth-1");
  EXPECT_EQ(as("reader-secret-0123456789").health().version, version + 1);
}

TEST(TokenFile, BadLinesAreRefusedWithTheirLine) {
  const auto file = std::filesystem::temp_directory_path() / ("accessgraph-bad-tokens-" + std::to_string(::getpid()));
  std::ofstream(file) << "good-token-0123456789 read\nbad-token-0123456789 superuser\n";
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const auto result = run_command(std::string(ACCESSGRAPH_CLI) + " serve --bundle " + kSample +
                                  " --listen 127.0.0.1:0 --tokens " + file.string());
  std::filesystem::remove(file);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(":2: column \"scope\": unknown scope"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("superuser"), std::string::npos) << "a field that may be a secret was shown";
}

}  // namespace
}  // namespace accessgraph
