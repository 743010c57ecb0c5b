// Snapshots: a graph written and read back is the same graph (as exported and as
// queried), after lifecycle patches too; damage is reported, never loaded.
#include "engine/store/snapshot.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "core/common/error.hpp"
#include "engine/version/version_state.hpp"
#include "core/graph/compaction.hpp"
#include "engine/store/crc32c.hpp"
#include "tests/support/decisions_world.hpp"
#include "tests/support/exported_bundle.hpp"
#include "tests/support/state_test_support.hpp"

namespace accessgraph {
namespace {

using testing::exported;
using testing::TempBundle;

const std::string& kSample = testing::kSampleBundle;
using testing::read_bytes;
using testing::write_bytes;

OpenOptions at(const char* date) { return testing::options_at(date); }

Engine round_trip(const Engine& engine, const std::filesystem::path& file, SnapshotInfo info = {}) {
  write_snapshot(state_of(engine).graph, info, file);
  Snapshot snapshot = read_snapshot(file);
  return engine_from_graph(std::move(snapshot.graph), at("2026-11-16"));
}

void expect_same_answers(const Engine& a, const Engine& b) {
  EXPECT_EQ(exported(a), exported(b));
  EXPECT_EQ(a.all_findings(), b.all_findings());
  const Graph& g = state_of(a).graph;
  for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
    const std::string id(g.identity_ids.name(IdentityId(i)));
    EXPECT_EQ(a.access(id), b.access(id)) << id;
  }
}

TEST(Snapshot, LoadedBundleRoundTrips) {
  TempBundle dir;
  Engine loaded = Engine::open_bundle(kSample, at("2026-11-16"));
  SnapshotInfo info{7, 3, 12, "ev-9"};
  Engine read_back = round_trip(loaded, dir.path() / "snapshot.bin", info);
  expect_same_answers(loaded, read_back);
  const SnapshotInfo stored = read_snapshot_info(dir.path() / "snapshot.bin");
  EXPECT_EQ(stored.version, 7u);
  EXPECT_EQ(stored.log_records, 3u);
  EXPECT_EQ(stored.events_applied, 12u);
  EXPECT_EQ(stored.last_event_id, "ev-9");
}

// Hires add identities and accounts, transfers patch rows: the snapshot holds the
// patched version, and the reverse relations (who-has) follow it.
TEST(Snapshot, VersionAfterEventsRoundTrips) {
  TempBundle dir;
  Engine after = Engine::open_bundle(kSample, at("2026-11-16")).apply_events_file(kSample + "/hr_events.csv").after;
  Engine read_back = round_trip(after, dir.path() / "snapshot.bin");
  expect_same_answers(after, read_back);
  EXPECT_EQ(after.who_has("ent-erp-create-invoice"), read_back.who_has("ent-erp-create-invoice"));
}

TEST(Snapshot, CompactionKeepsEveryAnswer) {
  Engine after = Engine::open_bundle(kSample, at("2026-11-16")).apply_events_file(kSample + "/hr_events.csv").after;
  ASSERT_FALSE(state_of(after).graph.account_groups.patched_rows().empty());
  Engine compact = engine_from_graph(compacted(state_of(after).graph), at("2026-11-16"));
  EXPECT_TRUE(state_of(compact).graph.account_groups.patched_rows().empty());
  expect_same_answers(after, compact);
  for (const char* entitlement : {"ent-erp-create-invoice", "ent-erp-approve-payment"})
    EXPECT_EQ(after.who_has(entitlement), compact.who_has(entitlement)) << entitlement;
}

// Every 97th byte flipped, one at a time, and every cut: each is an Error naming the
// file, never a crash or a silently different graph.
TEST(Snapshot, DamageIsReportedNeverLoaded) {
  TempBundle dir;
  const auto file = dir.path() / "snapshot.bin";
  write_snapshot(state_of(Engine::open_bundle(kSample, at("2026-11-16"))).graph, {}, file);
  const std::string good = read_bytes(file);
  ASSERT_GT(good.size(), 1000u);
  int reported = 0;
  for (std::size_t i = 0; i < good.size(); i += 97) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x40);
    write_bytes(file, bad);
    try {
      read_snapshot(file);
      ADD_FAILURE() << "flipped byte " << i << " was loaded";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find("snapshot.bin"), std::string::npos) << error.what();
      ++reported;
    }
  }
  for (std::size_t length : {std::size_t{0}, std::size_t{10}, good.size() / 2, good.size() - 1}) {
    write_bytes(file, good.substr(0, length));
    EXPECT_THROW(read_snapshot(file), Error) << "cut at " << length;
  }
  EXPECT_GT(reported, 10);
}

TEST(Snapshot, MissingFileIsAnError) {
  EXPECT_THROW(read_snapshot("/nonexistent/snapshot.bin"), Error);
}

}  // namespace
}  // namespace accessgraph

namespace accessgraph {
namespace {

// Review decisions (decisions.csv) survive a snapshot and export; a snapshot of format
// 2, written before decisions had a section, still reads (with none).
TEST(Snapshot, DecisionsRoundTripAndFormatTwoStillReads) {
  TempBundle bundle, dir;
  testing::write_decisions_world(bundle, 120);
  const Engine loaded = Engine::open_bundle(bundle.path(), at("2026-11-16"));
  ASSERT_NE(state_of(loaded).graph.decisions, nullptr);
  const auto files = exported(loaded);
  ASSERT_TRUE(files.contains("decisions.csv"));
  EXPECT_EQ(files.at("decisions.csv"), read_bytes(bundle.path() / "decisions.csv"));
  const Engine read_back = round_trip(loaded, dir.path() / "snapshot.bin");
  EXPECT_EQ(exported(read_back), files);

  // Format 2: the same file without its last section, the header saying so.
  std::string bytes = read_bytes(dir.path() / "snapshot.bin");
  std::uint32_t count = 0;
  std::memcpy(&count, bytes.data() + 8, 4);
  std::uint64_t offset = 16, last = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint64_t payload = 0;
    std::memcpy(&payload, bytes.data() + offset + 8, 8);
    last = offset;
    offset += 16 + payload;
  }
  bytes.resize(last);
  const std::uint16_t format = 2;
  std::memcpy(bytes.data() + 6, &format, 2);
  --count;
  std::memcpy(bytes.data() + 8, &count, 4);
  const std::uint32_t crc = crc32c({std::string_view(bytes.data(), 12)});
  std::memcpy(bytes.data() + 12, &crc, 4);
  write_bytes(dir.path() / "old.bin", bytes);
  Snapshot old = read_snapshot(dir.path() / "old.bin");
  EXPECT_EQ(old.graph.decisions, nullptr);
  const Engine old_engine = engine_from_graph(std::move(old.graph), at("2026-11-16"));
  auto without = files;
  without.erase("decisions.csv");
  EXPECT_EQ(exported(old_engine), without);
}

}  // namespace
}  // namespace accessgraph
