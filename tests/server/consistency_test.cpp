// While events apply, every reader sees each identity either as it was before the
// batch or as it is after it, never a mix; and SIGTERM lets in-flight work finish.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <map>
#include <thread>

#include "tests/server/server_fixture.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

using namespace testing;

const std::string kAsOf = "2026-11-16";  // the sample's HR events fall before it

std::vector<std::string> entitlement_ids(const AccessResult& access) {
  std::vector<std::string> ids;
  for (const auto& entry : access.entitlements) ids.push_back(entry.entitlement_id + (entry.justified ? "+" : "-"));
  return ids;
}

TEST(Consistency, ReadersSeeTheOldOrTheNewVersionNeverAMix) {
  const std::string events = read_file(kSample + "/hr_events.csv");
  const std::vector<std::string> identities = {"u-henry", "u-leo", "u-ethan", "u-fatima", "u-lucia", "u-wendy",
                                               "u-alice"};
  const Engine before = open_sample(kAsOf);
  const Engine after = before.apply_events_csv(events).after;
  std::map<std::string, std::vector<std::string>> old_answer, new_answer;
  bool some_change = false;
  for (const auto& id : identities) {
    old_answer[id] = entitlement_ids(before.access(id));
    new_answer[id] = entitlement_ids(after.access(id));
    some_change = some_change || old_answer[id] != new_answer[id];
  }
  ASSERT_TRUE(some_change);

  ServerProcess server({"--bundle", kSample, "--as-of", kAsOf, "--max-page-items", "2"});
  std::atomic<bool> applied{false};
  std::atomic<int> reads_after_apply{0}, mixed{0}, answers{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&, r] {
      const Client client("127.0.0.1", server.port());
      // Keep reading until a good number of reads happened after the apply returned.
      for (std::size_t n = r; reads_after_apply < 40; ++n) {
        const bool was_applied = applied;
        const std::string& id = identities[n % identities.size()];
        const auto seen = entitlement_ids(client.access(id));  // several pages each
        ++answers;
        if (seen != old_answer[id] && seen != new_answer[id]) ++mixed;
        if (was_applied) {
          EXPECT_EQ(seen, new_answer[id]) << id << " read the old version after the apply returned";
          ++reads_after_apply;
        }
      }
    });
  }
  while (answers < 20) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // readers are busy
  const Client admin("127.0.0.1", server.port());
  const ApplyResult result = admin.apply_events(events);
  applied = true;
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(result.version, 1u);
  EXPECT_EQ(mixed, 0) << "of " << answers << " answers";
}

TEST(Shutdown, SigtermFinishesInFlightRequestsAndExitsCleanly) {
  ServerProcess server({"--bundle", kSample, "--as-of", kSampleAsOf});
  std::atomic<bool> stop{false};
  std::atomic<int> failures_before_stop{0}, answered{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 3; ++c) {
    clients.emplace_back([&] {
      try {
        const Client client("127.0.0.1", server.port());
        while (true) {
          try {
            client.access("u-maria");
            ++answered;
          } catch (const Error&) {
            if (!stop) ++failures_before_stop;  // stop is set before SIGTERM is sent
            return;  // the server went away: only after SIGTERM
          }
        }
      } catch (const Error&) {
        if (!stop) ++failures_before_stop;
      }
    });
  }
  while (answered < 30) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop = true;
  EXPECT_EQ(server.stop(), 0);
  for (auto& client : clients) client.join();
  EXPECT_EQ(failures_before_stop, 0);
}

}  // namespace
}  // namespace accessgraph
