#include "bench/bench_dataset.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <random>

#ifdef ACCESSGRAPH_BENCH_HAVE_GENERATOR
#include "datasets/generator/generator.hpp"
#endif

namespace accessgraph::bench {
namespace {

#ifdef ACCESSGRAPH_BENCH_HAVE_GENERATOR
// Generates aside and renames into place, so an interrupted run never looks complete.
std::filesystem::path generated_small_bundle() {
  const std::filesystem::path bundle = std::filesystem::path(ACCESSGRAPH_BENCH_DATA_DIR) / "small-seed1";
  if (std::filesystem::exists(bundle / "identities.csv")) return bundle;
  std::filesystem::path partial = bundle;
  partial += ".partial";
  std::filesystem::remove_all(partial);
  std::cerr << "accessgraph_bench: generating " << bundle << "\n";
  datasets::GeneratorOptions options;
  options.identities = datasets::named_size("small");
  options.seed = 1;
  options.out = partial;
  datasets::generate_bundle(options);
  std::filesystem::remove_all(bundle);
  std::filesystem::rename(partial, bundle);
  return bundle;
}
#endif

std::pair<std::filesystem::path, std::string> choose_bundle() {
  if (const char* path = std::getenv("ACCESSGRAPH_BENCH_BUNDLE"); path && *path) return {path, "env"};
#ifdef ACCESSGRAPH_BENCH_HAVE_GENERATOR
  return {generated_small_bundle(), "generated"};
#else
  return {std::filesystem::path(ACCESSGRAPH_SOURCE_DIR) / "datasets" / "sample", "sample"};
#endif
}

BenchDataset load_dataset() {
  auto [bundle, origin] = choose_bundle();
  OpenOptions options;
  options.as_of = *Date::parse(kBenchAsOf);
  std::cerr << "accessgraph_bench: loading " << bundle << "\n";
  return BenchDataset{bundle, origin, options, Engine::open_bundle(bundle, options)};
}

QueryInputs choose_query_inputs(const BenchDataset& dataset) {
  const Graph& g = dataset.graph();
  const AccessIndex& index = dataset.index();
  QueryInputs inputs;

  // Every identity's actual access once: sizes, holders per entitlement, held pairs.
  std::vector<std::vector<EntitlementId>> actual(g.identity_count());
  std::vector<std::uint32_t> holders(g.entitlement_count(), 0);
  auto scratch = index.make_entitlement_scratch();
  for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
    index.actual_access(IdentityId(i), scratch, actual[i]);
    for (EntitlementId e : actual[i]) ++holders[e.value];
    inputs.actual_pairs += actual[i].size();
  }

  std::vector<std::uint32_t> by_size(g.identity_count());
  for (std::uint32_t i = 0; i < by_size.size(); ++i) by_size[i] = i;
  std::sort(by_size.begin(), by_size.end(),
            [&](std::uint32_t a, std::uint32_t b) { return actual[a].size() < actual[b].size(); });
  inputs.median_identity = IdentityId(by_size[by_size.size() / 2]);
  inputs.largest_identity = IdentityId(by_size.back());
  inputs.popular_entitlement =
      EntitlementId(static_cast<std::uint32_t>(std::max_element(holders.begin(), holders.end()) - holders.begin()));

  std::mt19937_64 random(42);
  auto pick = [&](std::size_t n) { return static_cast<std::uint32_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(random)); };
  auto make_pair = [&](IdentityId identity, EntitlementId entitlement) {
    return QueryInputs::Pair{identity, entitlement, std::string(g.identity_ids.name(identity)),
                             std::string(g.entitlement_ids.name(entitlement)), index.has(identity, entitlement)};
  };
  constexpr std::size_t kPairs = 4096;
  for (std::size_t n = 0; n < kPairs; ++n) {
    const IdentityId identity(pick(g.identity_count()));
    const auto& held = actual[identity.value];
    const bool choose_held = n % 2 == 0 && !held.empty();
    const EntitlementId entitlement = choose_held ? held[pick(held.size())] : EntitlementId(pick(g.entitlement_count()));
    inputs.check_pairs.push_back(make_pair(identity, entitlement));
    if (inputs.check_pairs.back().has) inputs.held_pairs.push_back(inputs.check_pairs.back());
  }
  return inputs;
}

}  // namespace

const BenchDataset& bench_dataset() {
  static const BenchDataset dataset = load_dataset();
  return dataset;
}

const QueryInputs& query_inputs() {
  static const QueryInputs inputs = choose_query_inputs(bench_dataset());
  return inputs;
}

std::vector<std::pair<std::string, std::string>> transfer_inputs(std::size_t count) {
  const Graph& g = bench_dataset().graph();
  std::vector<std::pair<std::string, std::string>> out;
  const std::size_t n = g.identity_count();
  for (std::size_t k = 0; out.size() < count && k < n; ++k) {
    std::size_t i = (k * 7919) % n, j = (k * 104729 + 13) % n;
    const IdentityRecord& who = g.identities[i];
    const IdentityRecord& target = g.identities[j];
    if (who.status != IdentityStatus::kActive || !target.department.valid()) continue;
    out.emplace_back(std::string(g.identity_ids.name(IdentityId(static_cast<std::uint32_t>(i)))),
                     std::string(g.attribute_values.name(target.department)));
  }
  return out;
}

std::string transfer_event_csv(const std::string& identity, const std::string& department, Date date,
                               const std::string& event_id) {
  return "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n" +
         event_id + "," + date.to_string() + ",transfer," + identity + ",,," + department + ",,,,\n";
}

}  // namespace accessgraph::bench
