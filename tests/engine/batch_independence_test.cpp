// The lifecycle's outcome depends on which events arrived, never on how they were
// batched (docs/lifecycle.md): random valid event streams over generated companies,
// applied in one batch and in random consecutive splits (down to one event per batch),
// in memory and through exported bundles, must export the same files, history
// included.
#include <gtest/gtest.h>

#include "accessgraph/batch.hpp"
#include "datasets/generator/generator.hpp"
#include "tests/support/event_stream.hpp"
#include "tests/support/exported_bundle.hpp"
#include "tests/support/state_test_support.hpp"

namespace accessgraph {
namespace {

using testing::exported;
using testing::clock_at;
using testing::TempBundle;

struct Company {
  TempBundle dir;
  std::filesystem::path bundle;
};

std::unique_ptr<Company> generate(std::uint64_t seed, std::uint64_t identities) {
  auto company = std::make_unique<Company>();
  datasets::GeneratorOptions options;
  options.identities = identities;
  options.seed = seed;
  options.out = company->bundle = company->dir.path() / "bundle";
  datasets::generate_bundle(options);
  return company;
}

class BatchIndependence : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(BatchIndependence, OneBatchEqualsEverySplit) {
  const std::uint64_t seed = GetParam();
  const auto company = generate(seed, 1200);
  const Date as_of = *Date::parse("2026-12-15");
  const Engine base = Engine::open_bundle(company->bundle, testing::options_at(as_of));
  testing::EventStreamGenerator generator(base, seed);
  const testing::EventStream stream = generator.generate(60, *Date::parse("2026-10-20"), 80);
  ASSERT_GE(stream.events.size(), 50u);
  ASSERT_GT(stream.last, as_of);  // some events wait

  const LifecycleRun single = base.apply_events(stream.events, clock_at(as_of));
  ASSERT_FALSE(single.pending.empty());
  ASSERT_FALSE(single.plan.empty());
  const auto expected = exported(single.after);
  ASSERT_TRUE(expected.count("history/hr_events.csv"));

  for (std::size_t batches : {std::size_t{2}, std::size_t{7}, stream.events.size()}) {
    Engine engine = base;
    for (const auto& batch : testing::random_batches(stream.events, batches, seed * 31 + batches))
      engine = engine.apply_events(batch, clock_at(as_of)).after;
    const auto split = exported(engine);
    for (const auto& [file, text] : expected) EXPECT_EQ(split.at(file), text) << file << " in " << batches << " batches";
    EXPECT_EQ(split.size(), expected.size());
  }

  // Through files: each batch's result exported, the next applied to the export.
  TempBundle chain;
  std::filesystem::path current = company->bundle;
  std::size_t step = 0;
  for (const auto& batch : testing::random_batches(stream.events, 5, seed)) {
    const Engine engine = Engine::open_bundle(current, testing::options_at(as_of));
    const auto next = chain.path() / ("step-" + std::to_string(step++));
    write_lifecycle_run(engine.apply_events(batch, clock_at(as_of)), next);
    current = next / "bundle";
  }
  EXPECT_EQ(exported(Engine::open_bundle(current, testing::options_at(as_of))), expected);
}

INSTANTIATE_TEST_SUITE_P(Seeds, BatchIndependence, ::testing::Values(1, 2, 3));

}  // namespace
}  // namespace accessgraph
