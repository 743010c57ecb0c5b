// The HTTP front end in this process: before the engine is loaded it is alive but not
// ready; the OpenAPI document describes exactly the routes the server has.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "server/http/http_server.hpp"
#include "server/http/routes.hpp"
#include "tests/server/http_client.hpp"
#include "tests/server/server_fixture.hpp"

namespace accessgraph {
namespace {

using namespace testing;
using nlohmann::json;

TEST(HttpBeforeReady, AliveButNotReady) {
  server::http::HttpOptions options;
  options.access_log = "off";
  server::http::HttpServer http(std::move(options));
  HttpClient client(http.port());
  EXPECT_EQ(client.get("/healthz").status, 200u);
  const HttpReply ready = client.get("/readyz");
  EXPECT_EQ(ready.status, 503u);
  EXPECT_EQ(ready.json()["error"], "unavailable");
  EXPECT_EQ(client.get("/v1/check?identity=u-alice&entitlement=ent-ad-vpn").status, 503u);
  EXPECT_NE(client.get("/metrics").body.find("accessgraph_ready 0\n"), std::string::npos);

  VersionedEngine engine = VersionedEngine::in_memory(open_sample());
  server::DatedVersions versions(engine, *Date::parse(kSampleAsOf));
  http.ready(versions);
  EXPECT_EQ(client.get("/readyz").status, 200u);
  EXPECT_EQ(client.get("/v1/check?identity=u-alice&entitlement=ent-ad-vpn").status, 200u);  // loopback, no tokens
  http.stop();
}

TEST(HttpRoutes, TheOpenApiDocumentDescribesEveryRoute) {
  std::stringstream text;
  text << std::ifstream(std::string(ACCESSGRAPH_SOURCE_DIR) + "/server/http/openapi.json").rdbuf();
  const json document = json::parse(text.str());
  std::size_t described = 0;
  for (const auto& [path, operations] : document["paths"].items()) described += operations.size();
  EXPECT_EQ(described, server::http::routes().size());
  for (const server::http::Route& route : server::http::routes()) {
    std::string path(route.path);
    if (route.takes_id) {
      // /v1/access/ is /v1/access/{identity} in the document.
      bool found = false;
      for (const auto& [documented, operations] : document["paths"].items())
        found = found || (documented.starts_with(path) && documented.find('{') == path.size());
      EXPECT_TRUE(found) << path;
      continue;
    }
    std::string method(route.method);
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(document["paths"].contains(path) && document["paths"][path].contains(method)) << method << " " << path;
  }
  const auto match = server::http::match_route("GET", "/v1/who-has/ent-ad-vpn");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.id, "ent-ad-vpn");
  EXPECT_EQ(server::http::match_route("GET", "/v1/who-has/").route, nullptr);
  EXPECT_TRUE(server::http::match_route("DELETE", "/v1/check").path_known);
}

TEST(HttpTarget, DecodesPathAndQuery) {
  const auto target = server::http::Target::parse("/v1/access/u%2Dalice?identity=a+b&x=%41&flag");
  EXPECT_EQ(target.path, "/v1/access/u-alice");
  EXPECT_EQ(target.param("identity"), "a b");
  EXPECT_EQ(target.param("x"), "A");
  EXPECT_EQ(target.param("flag"), "");
  EXPECT_FALSE(target.param("missing"));
  EXPECT_THROW(server::http::Target::parse("/v1/check?identity=%G1"), ArgumentError);
  EXPECT_THROW(server::http::Target::parse("/v1/check?identity=%4"), ArgumentError);
}

}  // namespace
}  // namespace accessgraph
