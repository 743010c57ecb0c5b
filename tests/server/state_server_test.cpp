// `serve --state`: events applied through the server are durable before they are
// acknowledged, survive a restart, and the state directory is locked against a second
// writer while the server runs.
#include <gtest/gtest.h>

#include <fstream>

#include "accessgraph/versioned_engine.hpp"
#include "tests/server/server_fixture.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_bundle.hpp"

namespace accessgraph::testing {
namespace {

TEST(StateServer, AppliedEventsAreDurableAndSurviveARestart) {
  TempBundle dir;
  const std::string state = (dir.path() / "state").string();
  OpenOptions options;
  options.as_of = *Date::parse("2026-11-16");
  VersionedEngine::init_state(kSample, state, options);
  const std::string events = read_file(kSample + "/hr_events.csv");
  const Engine expected = Engine::open_bundle(kSample, options).apply_events_csv(events).after;
  {
    ServerProcess server({"--state", state, "--as-of", "2026-11-16"});
    Client client("127.0.0.1", server.port());
    EXPECT_EQ(client.health().version, 0u);
    const ApplyResult applied = client.apply_events(events);
    EXPECT_EQ(applied.version, 1u);
    EXPECT_EQ(applied.events, 9u);
    // Acknowledged means logged: the directory says so while the server still runs.
    EXPECT_EQ(VersionedEngine::read_status(state).events_applied, 9u);
    // And the server holds the writer lock.
    auto second = run_command(std::string(ACCESSGRAPH_CLI) + " apply --state " + state + " --events " + kSample +
                              "/hr_events.csv -q");
    EXPECT_EQ(second.exit_code, 4) << second.err;
    EXPECT_NE(second.err.find("in use"), std::string::npos) << second.err;
    EXPECT_EQ(client.access("u-irene"), expected.access("u-irene"));
    EXPECT_EQ(server.stop(), 0);
  }
  ServerProcess restarted({"--state", state, "--as-of", "2026-11-16"});
  Client client("127.0.0.1", restarted.port());
  EXPECT_EQ(client.health().version, 1u);
  for (const char* identity : {"u-irene", "u-henry", "u-leo", "u-maria"})
    EXPECT_EQ(client.access(identity), expected.access(identity)) << identity;
  EXPECT_EQ(client.who_has("ent-erp-create-invoice"), expected.who_has("ent-erp-create-invoice"));
}

}  // namespace
}  // namespace accessgraph::testing
