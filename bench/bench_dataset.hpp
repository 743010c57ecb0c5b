#pragma once
// The one dataset every micro benchmark runs on, loaded once per process.
//
// Which bundle: $ACCESSGRAPH_BENCH_BUNDLE if set; else the generated `small` bundle in
// <build>/bench-data/small-seed1 (generated on first use) when the generator is built
// in; else datasets/sample. Evaluated at the reference date of the generated bundles.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "accessgraph/engine.hpp"
#include "engine/version/version_state.hpp"

namespace accessgraph::bench {

inline constexpr const char* kBenchAsOf = "2026-11-01";

struct BenchDataset {
  std::filesystem::path bundle;
  std::string origin;  // env, generated or sample: where the path came from
  OpenOptions open_options;
  Engine engine;

  const Graph& graph() const { return state_of(engine).graph; }
  const AccessIndex& index() const { return *state_of(engine).index; }
};

// Loads on first call (throws InputError for a bad bundle); then the same object.
const BenchDataset& bench_dataset();

// Query inputs chosen once, outside any timed loop, with a fixed seed.
struct QueryInputs {
  struct Pair {
    IdentityId identity;
    EntitlementId entitlement;
    std::string identity_name, entitlement_name;
    bool has = false;
  };
  std::vector<Pair> check_pairs;  // half held pairs, half random (mostly not held)
  std::vector<Pair> held_pairs;   // held pairs, for explain
  IdentityId median_identity, largest_identity;  // by size of actual access
  EntitlementId popular_entitlement;             // held by the most identities
  std::uint64_t actual_pairs = 0;                // all identities together
};

const QueryInputs& query_inputs();

// Transfers for lifecycle benchmarks: (identity, new department) pairs of active
// identities spread over the dataset, each moving to another identity's department.
std::vector<std::pair<std::string, std::string>> transfer_inputs(std::size_t count);

// One transfer event as hr_events.csv text.
// One transfer event dated `date`, as hr_events.csv text.
std::string transfer_event_csv(const std::string& identity, const std::string& department, Date date,
                               const std::string& event_id = "e1");

}  // namespace accessgraph::bench
