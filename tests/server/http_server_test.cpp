// `serve --http` end to end: a real server process on the sample bundle, real HTTP
// requests over loopback. Answers are compared with the same bundle loaded here.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "accessgraph/results_json.hpp"
#include "tests/server/http_client.hpp"
#include "tests/server/server_fixture.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

using namespace testing;
using nlohmann::json;

constexpr const char* kReadToken = "read-0123456789abcdef";
constexpr const char* kAdminToken = "admin-0123456789abcdef";

// The JSON the CLI's --json prints for a result, as the HTTP body must have it.
template <class Result>
json expected(const Result& result) {
  return json::parse(to_json(result).dump());
}

std::string file_text(const std::filesystem::path& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

// A served sample with tokens; `extra` adds serve options.
class HttpServe {
 public:
  explicit HttpServe(std::vector<std::string> extra = {}) : dir_(make_dir()) {
    std::ofstream(dir_ / "tokens") << kReadToken << " read\n" << kAdminToken << " admin\n";
    std::filesystem::permissions(dir_ / "tokens",
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::vector<std::string> arguments = {"--bundle", kSample, "--as-of", kSampleAsOf, "--tokens",
                                          (dir_ / "tokens").string(), "--http", "127.0.0.1:0", "--http-port-file",
                                          (dir_ / "http-port").string(), "--http-access-log",
                                          (dir_ / "access.log").string()};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    server_ = std::make_unique<ServerProcess>(arguments);
    std::ifstream(dir_ / "http-port") >> port_;  // written before the FlatBuffers port file
  }
  ~HttpServe() {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::uint16_t port() const { return port_; }
  std::string access_log() const { return file_text(dir_ / "access.log"); }

 private:
  static std::filesystem::path make_dir() {
    char pattern[] = "/tmp/accessgraph-http-XXXXXX";
    return ::mkdtemp(pattern);
  }
  std::filesystem::path dir_;
  std::unique_ptr<ServerProcess> server_;
  std::uint16_t port_ = 0;
};

class HttpServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    serve_ = new HttpServe({"--max-request-bytes", "4096", "--max-page-items", "50"});
    engine_ = new Engine(open_sample());
  }
  static void TearDownTestSuite() {
    delete serve_;
    delete engine_;
  }
  static HttpServe* serve_;
  static Engine* engine_;
  HttpClient client_{serve_->port()};
};
HttpServe* HttpServerTest::serve_ = nullptr;
Engine* HttpServerTest::engine_ = nullptr;

TEST_F(HttpServerTest, HealthReadinessAndMetrics) {
  EXPECT_EQ(client_.get("/healthz").json(), json({{"status", "ok"}}));
  const HttpReply ready = client_.get("/readyz");
  EXPECT_EQ(ready.status, 200u);
  EXPECT_EQ(ready.json()["as_of"], kSampleAsOf);
  ASSERT_EQ(client_.get("/v1/check?identity=u-alice&entitlement=ent-ad-vpn", kReadToken).status, 200u);

  const HttpReply metrics = client_.get("/metrics");
  EXPECT_EQ(metrics.status, 200u);
  EXPECT_NE(metrics.content_type.find("text/plain"), std::string::npos);
  const std::string& text = metrics.body;
  for (const std::string line : {"accessgraph_http_requests_total{endpoint=\"check\",status=\"200\"} ",
                                 "accessgraph_http_request_duration_seconds_bucket{endpoint=\"check\",status=\"200\",le=\"+Inf\"} ",
                                 "accessgraph_http_request_duration_seconds_count{endpoint=\"check\",status=\"200\"} ",
                                 "# TYPE accessgraph_http_request_duration_seconds histogram",
                                 "accessgraph_engine_version 0\n", "accessgraph_events_applied_total 0\n",
                                 "accessgraph_ready 1\n", "process_resident_memory_bytes ",
                                 "accessgraph_lifecycle_clock_seconds ", "accessgraph_as_of_seconds ",
                                 "accessgraph_http_connections "})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  std::uint64_t identities = 0;
  for (const auto& count : engine_->stats().nodes)
    if (count.name == "identities") identities = count.count;
  EXPECT_NE(text.find("accessgraph_identities " + std::to_string(identities) + "\n"), std::string::npos) << text;
  // The as-of date 2026-11-01 at midnight UTC.
  EXPECT_NE(text.find("accessgraph_as_of_seconds 1793491200\n"), std::string::npos) << text;
}

TEST_F(HttpServerTest, PointQueriesAnswerTheSectionSevenObjects) {
  const HttpReply check = client_.get("/v1/check?identity=u-alice&entitlement=ent-ad-vpn", kReadToken);
  ASSERT_EQ(check.status, 200u) << check.body;
  EXPECT_EQ(check.json(), expected(engine_->check("u-alice", "ent-ad-vpn")));
  EXPECT_EQ(check.as_of, kSampleAsOf);
  EXPECT_EQ(check.engine_version, "0");
  const HttpReply explain = client_.get("/v1/explain?identity=u-maria&entitlement=ent-erp-approve-payment", kReadToken);
  ASSERT_EQ(explain.status, 200u) << explain.body;
  EXPECT_EQ(explain.json(), expected(engine_->explain("u-maria", "ent-erp-approve-payment")));
  const HttpReply stats = client_.get("/v1/stats", kReadToken);
  EXPECT_EQ(stats.json()["nodes"], expected(engine_->stats())["nodes"]);
  const HttpReply whatif =
      client_.post("/v1/whatif", R"({"identity":"u-maria","attributes":{"department":"Engineering"}})", kReadToken);
  ASSERT_EQ(whatif.status, 200u) << whatif.body;
  EXPECT_EQ(whatif.json(), expected(engine_->whatif("u-maria", {{"department", "Engineering"}})));
  const HttpReply risk = client_.get("/v1/request-risk?identity=u-alice&entitlement=ent-erp-approve-payment", kReadToken);
  ASSERT_EQ(risk.status, 200u) << risk.body;
  EXPECT_EQ(risk.json(), expected(engine_->request_risk("u-alice", "ent-erp-approve-payment")));
}

TEST_F(HttpServerTest, ListsArePagedWithLimitAndCursor) {
  // who-has, two at a time, following next_cursor to the end.
  const WhoHasResult whole = engine_->who_has("ent-ad-vpn");
  ASSERT_GT(whole.identities.size(), 2u);
  json gathered = json::array();
  std::string cursor;
  int pages = 0;
  for (;;) {
    const HttpReply page = client_.get("/v1/who-has/ent-ad-vpn?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), kReadToken);
    ASSERT_EQ(page.status, 200u) << page.body;
    const json body = page.json();
    EXPECT_LE(body["identities"].size(), 2u);
    for (const auto& holder : body["identities"]) gathered.push_back(holder);
    EXPECT_EQ(body["page"]["total"], whole.identities.size());
    ++pages;
    if (!body["page"]["has_more"].get<bool>()) {
      EXPECT_TRUE(body["page"]["next_cursor"].is_null());
      break;
    }
    cursor = body["page"]["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(pages, static_cast<int>((whole.identities.size() + 1) / 2));
  EXPECT_EQ(gathered, expected(whole)["identities"]);

  // access: entitlements first, then the missing ids, one item a page.
  const AccessResult access = engine_->access("u-maria");
  json entitlements = json::array(), missing = json::array();
  for (std::size_t at = 0;; ++at) {
    const json body = client_.get("/v1/access/u-maria?limit=1&cursor=" + std::to_string(at), kReadToken).json();
    for (const auto& item : body["entitlements"]) entitlements.push_back(item);
    for (const auto& item : body["missing"]) missing.push_back(item);
    if (!body["page"]["has_more"].get<bool>()) break;
  }
  EXPECT_EQ(entitlements, expected(access)["entitlements"]);
  EXPECT_EQ(missing, expected(access)["missing"]);
  // Without limit, the server's cap (--max-page-items 50) holds everything here.
  EXPECT_EQ(client_.get("/v1/who-has/ent-ad-vpn", kReadToken).json()["identities"], expected(whole)["identities"]);
}

TEST_F(HttpServerTest, AsOfEvaluatesAtTheDateAsked) {
  // u-jamal's role-vendor-master was granted until 2026-12-31: the access it justifies
  // is justified at the served date and not on 2027-01-15.
  const std::string entitlement = "ent-erp-create-vendor";
  const Engine later = open_sample("2027-01-15");
  const CheckResult now = engine_->check("u-jamal", entitlement), then = later.check("u-jamal", entitlement);
  ASSERT_NE(expected(now), expected(then));
  const HttpReply today = client_.get("/v1/check?identity=u-jamal&entitlement=" + entitlement, kReadToken);
  EXPECT_EQ(today.json(), expected(now));
  const HttpReply dated = client_.get("/v1/check?identity=u-jamal&entitlement=" + entitlement + "&as_of=2027-01-15", kReadToken);
  ASSERT_EQ(dated.status, 200u) << dated.body;
  EXPECT_EQ(dated.json(), expected(then));
  EXPECT_EQ(dated.as_of, "2027-01-15");
  EXPECT_EQ(client_.get("/v1/who-has/" + entitlement + "?as_of=2027-01-15", kReadToken).json()["identities"],
            expected(later.who_has(entitlement))["identities"]);
  const HttpReply bad = client_.get("/v1/check?identity=u-jamal&entitlement=x&as_of=2027-02-30", kReadToken);
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(bad.json()["error"], "bad_request");
}

TEST_F(HttpServerTest, ErrorsAreJsonWithTheirStatus) {
  const std::string check = "/v1/check?identity=u-alice&entitlement=ent-ad-vpn";
  const HttpReply no_token = client_.get(check);
  EXPECT_EQ(no_token.status, 401u);
  EXPECT_EQ(no_token.json()["error"], "unauthenticated");
  EXPECT_TRUE(no_token.json().contains("message"));
  EXPECT_EQ(client_.get(check, "wrong-0123456789abcdef").status, 401u);
  // Applying events needs the admin scope.
  const std::string no_events = "event_id,effective_date,type,identity_id\n";
  const HttpReply forbidden = client_.post("/v1/events", no_events, kReadToken, "text/csv");
  EXPECT_EQ(forbidden.status, 403u);
  EXPECT_EQ(forbidden.json()["error"], "forbidden");
  const HttpReply unknown = client_.get("/v1/access/u-nobody", kReadToken);
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(unknown.json()["error"], "not_found");
  EXPECT_NE(unknown.json()["message"].get<std::string>().find("u-nobody"), std::string::npos);
  EXPECT_EQ(client_.get("/v1/nothing", kReadToken).status, 404u);
  EXPECT_EQ(client_.get("/v1/check?identity=u-alice", kReadToken).status, 400u);
  EXPECT_EQ(client_.post("/v1/whatif", "not json", kReadToken).status, 400u);
  EXPECT_EQ(client_.get("/v1/whatif", kReadToken).status, 405u);
  // Over --max-request-bytes (4096): 413, and the connection closes.
  const HttpReply large = client_.post("/v1/whatif", std::string(5000, ' '), kReadToken);
  EXPECT_EQ(large.status, 413u);
  EXPECT_EQ(large.json()["error"], "too_large");
}

TEST_F(HttpServerTest, RequestLogHasNoTokensNoQueryNoBodies) {
  ASSERT_EQ(client_.get("/v1/check?identity=u-alice&entitlement=ent-ad-vpn", kReadToken).status, 200u);
  ASSERT_EQ(client_.post("/v1/whatif", R"({"identity":"u-leo"})", kReadToken).status, 200u);
  // A request is logged once its answer is written, which the client may see first; the
  // connection's next request is read only after that.
  ASSERT_EQ(client_.get("/healthz").status, 200u);
  const std::string log = serve_->access_log();
  EXPECT_EQ(log.find(kReadToken), std::string::npos);
  EXPECT_EQ(log.find("identity=u-alice"), std::string::npos);
  EXPECT_EQ(log.find("u-leo"), std::string::npos);
  std::istringstream lines(log);
  std::string line;
  std::set<std::string> paths;
  while (std::getline(lines, line)) {
    const json record = json::parse(line);  // every line one JSON object
    for (const char* key : {"time", "method", "path", "status", "duration_ms", "bytes_out"})
      EXPECT_TRUE(record.contains(key)) << key << " in " << line;
    paths.insert(record["path"].get<std::string>());
  }
  EXPECT_TRUE(paths.count("/v1/check"));
  EXPECT_TRUE(paths.count("/v1/whatif"));
}

TEST_F(HttpServerTest, ServesTheOpenApiDocument) {
  const HttpReply document = client_.get("/openapi.json");
  ASSERT_EQ(document.status, 200u);
  EXPECT_EQ(document.json(), json::parse(file_text(std::string(ACCESSGRAPH_SOURCE_DIR) + "/server/http/openapi.json")));
  EXPECT_EQ(document.json()["openapi"].get<std::string>().substr(0, 2), "3.");
}

TEST(HttpServerRateLimit, OverTheRateAnswers429) {
  // One request per 100 s, three at once: the fourth in a row is refused.
  HttpServe serve({"--http-rate-limit", "0.01", "--http-rate-burst", "3"});
  HttpClient client(serve.port());
  const std::string check = "/v1/check?identity=u-alice&entitlement=ent-ad-vpn";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client.get(check, kReadToken).status, 200u);
  const HttpReply refused = client.get(check, kReadToken);
  EXPECT_EQ(refused.status, 429u);
  EXPECT_EQ(refused.json()["error"], "rate_limited");
  // The bucket is the token's: another token still has its own.
  EXPECT_EQ(client.get(check, kAdminToken).status, 200u);
  EXPECT_NE(client.get("/metrics").body.find("accessgraph_http_requests_total{endpoint=\"check\",status=\"429\"} 1\n"),
            std::string::npos);
}

}  // namespace
}  // namespace accessgraph

namespace accessgraph {
namespace {

using namespace testing;

// serve --config: TOML or JSON; the command line wins over the file.
TEST(ServeConfig, TomlAndJsonFilesSetOptions) {
  char pattern[] = "/tmp/accessgraph-config-XXXXXX";
  const std::filesystem::path dir = ::mkdtemp(pattern);
  std::ofstream(dir / "serve.toml") << "# serve options\n[serve]\nbundle = \"" << kSample
                                    << "\"\nas-of = \"2026-10-01\"\nhttp = \"127.0.0.1:0\"\nhttp-port-file = \""
                                    << (dir / "toml-port").string() << "\"\nhttp-access-log = \"off\"\n";
  std::ofstream(dir / "serve.json") << R"({"bundle": ")" << kSample
                                    << R"(", "as-of": "2026-09-01", "http": "127.0.0.1:0", "http-port-file": ")"
                                    << (dir / "json-port").string() << R"(", "http-access-log": "off"})";
  {
    ServerProcess toml({"--config", (dir / "serve.toml").string(), "--log-level", "warn"});
    std::uint16_t port = 0;
    std::ifstream(dir / "toml-port") >> port;
    EXPECT_EQ(HttpClient(port).get("/readyz").json()["as_of"], "2026-10-01");
  }
  {
    // --as-of on the command line wins over the file's.
    ServerProcess json_config({"--config", (dir / "serve.json").string(), "--as-of", "2026-08-01"});
    std::uint16_t port = 0;
    std::ifstream(dir / "json-port") >> port;
    EXPECT_EQ(HttpClient(port).get("/readyz").json()["as_of"], "2026-08-01");
  }
  std::ofstream(dir / "bad.json") << R"({"bundle": ")" << kSample << R"(", "no-such-option": 1})";
  const CommandResult bad =
      run_command(std::string(ACCESSGRAPH_CLI) + " serve --config " + (dir / "bad.json").string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("no-such-option"), std::string::npos) << bad.err;
  std::ofstream(dir / "range.toml") << "bundle = \"" << kSample << "\"\nmax-connections = 0\n";
  const CommandResult range =
      run_command(std::string(ACCESSGRAPH_CLI) + " serve --config " + (dir / "range.toml").string());
  EXPECT_EQ(range.exit_code, 2);
  EXPECT_NE(range.err.find("max-connections"), std::string::npos) << range.err;
  std::filesystem::remove_all(dir);
}

// serve's log lines carry a UTC timestamp and their level; --log-level and SPDLOG_LEVEL
// choose what is shown. (A missing bundle: serve logs "loading", then stops.)
TEST(ServeLogging, TimestampsAndLevels) {
  const std::string serve = std::string(ACCESSGRAPH_CLI) + " serve --bundle /nonexistent-bundle --listen 127.0.0.1:0";
  const CommandResult plain = run_command(serve);
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_TRUE(std::regex_search(plain.err, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z accessgraph info: loading)")))
      << plain.err;
  const CommandResult quiet_flag = run_command(serve + " --log-level warn");
  EXPECT_EQ(quiet_flag.err.find("info: loading"), std::string::npos) << quiet_flag.err;
  EXPECT_NE(quiet_flag.err.find("bundle folder not found"), std::string::npos);
  const CommandResult quiet_env = run_command("SPDLOG_LEVEL=warn " + serve);
  EXPECT_EQ(quiet_env.err.find("info: loading"), std::string::npos) << quiet_env.err;
  const CommandResult flag_wins = run_command("SPDLOG_LEVEL=warn " + serve + " --log-level info");
  EXPECT_NE(flag_wins.err.find("info: loading"), std::string::npos) << flag_wins.err;
}

}  // namespace
}  // namespace accessgraph
