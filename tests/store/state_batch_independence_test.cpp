// Batch independence for state directories (docs/lifecycle.md): a random valid event
// stream applied to a state directory in one batch, or in random consecutive batches
// (down to one event each, with a compaction midway), gives the same export, history
// included, as the same stream applied to the bundle in one batch; and reopening the
// directory (snapshot plus replayed log) gives it again.
#include <gtest/gtest.h>

#include <sstream>

#include "accessgraph/versioned_engine.hpp"
#include "core/io/hr_events_csv.hpp"
#include "datasets/generator/generator.hpp"
#include "tests/support/event_stream.hpp"
#include "tests/support/exported_bundle.hpp"
#include "tests/support/state_test_support.hpp"

namespace accessgraph {
namespace {

using testing::exported;
using testing::clock_at;
using testing::TempBundle;

// Compares two exports file by file, naming the first differing line (gtest's diff of
// whole files takes minutes on exports this size).
void expect_same_export(const std::map<std::string, std::string>& actual,
                        const std::map<std::string, std::string>& expected, const std::string& what) {
  for (const auto& [file, text] : expected) {
    const auto found = actual.find(file);
    if (found == actual.end()) {
      ADD_FAILURE() << file << " missing, " << what;
      continue;
    }
    if (found->second == text) continue;
    std::istringstream a(found->second), e(text);
    std::string line_a, line_e;
    int line = 0;
    while (true) {
      ++line;
      const bool more_a = static_cast<bool>(std::getline(a, line_a));
      const bool more_e = static_cast<bool>(std::getline(e, line_e));
      if (line_a != line_e || more_a != more_e) break;
    }
    ADD_FAILURE() << file << ", " << what << ": line " << line << " is\n  " << line_a << "\nexpected\n  " << line_e;
  }
  EXPECT_EQ(actual.size(), expected.size()) << what;
}

class StateBatchIndependence : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(StateBatchIndependence, OneBatchEqualsEverySplitAndTheBundle) {
  const std::uint64_t seed = GetParam();
  TempBundle dir;
  datasets::GeneratorOptions generator_options;
  generator_options.identities = 800;
  generator_options.seed = seed;
  generator_options.out = dir.path() / "bundle";
  datasets::generate_bundle(generator_options);

  const Date as_of = *Date::parse("2026-12-15");
  const Engine base = Engine::open_bundle(dir.path() / "bundle", testing::options_at(as_of));
  testing::EventStreamGenerator generator(base, seed);
  const testing::EventStream stream = generator.generate(40, *Date::parse("2026-10-20"), 80);
  ASSERT_GE(stream.events.size(), 30u);

  // The bundle in one batch: its clock starts at the earliest event, like a state
  // directory initialised on that day.
  const auto expected = exported(base.apply_events(stream.events, clock_at(as_of)).after);

  const auto state_after = [&](const std::vector<std::vector<HrEvent>>& batches, const std::string& name,
                               bool compact_midway) {
    const auto state = dir.path() / name;
    VersionedEngine::init_state(dir.path() / "bundle", state, testing::options_at(stream.first));
    {
      VersionedEngine engine = VersionedEngine::open_state(state, testing::options_at(as_of));
      for (std::size_t b = 0; b < batches.size(); ++b) {
        engine.apply_events_csv(format_hr_events(batches[b]), clock_at(as_of));
        if (compact_midway && b == batches.size() / 2) engine.compact();
      }
      expect_same_export(exported(engine.current()), expected, name + ", in memory");
    }
    return exported(VersionedEngine::open_state(state, testing::options_at(as_of), StateAccess::kRead).current());
  };
  expect_same_export(state_after({stream.events}, "single", false), expected, "single, reopened");
  for (std::size_t batches : {std::size_t{3}, stream.events.size()}) {
    const auto split = state_after(testing::random_batches(stream.events, batches, seed * 17 + batches),
                                   "split-" + std::to_string(batches), true);
    expect_same_export(split, expected, std::to_string(batches) + " batches, reopened");
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, StateBatchIndependence, ::testing::Values(4, 5));

}  // namespace
}  // namespace accessgraph
