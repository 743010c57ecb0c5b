#pragma once
// A generated company shared by the tests of one suite: 1500 identities (some
// terminated or on leave, some without a manager or department, groups of every
// size), opened at 2026-12-31, and the version after the generator's own HR events.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "accessgraph/engine.hpp"
#include "datasets/generator/generator.hpp"
#include "tests/support/temp_bundle.hpp"

namespace accessgraph::testing {

class GeneratedCompany : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempBundle();
    datasets::GeneratorOptions generator;
    generator.identities = 1500;
    generator.seed = 5;
    generator.out = dir_->path() / "bundle";
    datasets::generate_bundle(generator);
    OpenOptions options;
    options.as_of = *Date::parse("2026-12-31");
    before_ = new Engine(Engine::open_bundle(generator.out, options));
    std::ifstream events(generator.out / "hr_events.csv");
    std::stringstream text;
    text << events.rdbuf();
    after_ = new LifecycleRun(before_->apply_events_csv(text.str()));
  }
  static void TearDownTestSuite() {
    delete after_;
    delete before_;
    delete dir_;
  }

  static inline TempBundle* dir_ = nullptr;
  static inline Engine* before_ = nullptr;
  static inline LifecycleRun* after_ = nullptr;
};

}  // namespace accessgraph::testing
