#include "datasets/generator/generator.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "datasets/generator/access_model.hpp"
#include "datasets/generator/bundle_files.hpp"
#include "datasets/generator/catalog_writer.hpp"
#include "datasets/generator/hr_events.hpp"
#include "datasets/generator/org_model.hpp"
#include "datasets/generator/person_writer.hpp"
#include "datasets/generator/population.hpp"

namespace accessgraph::datasets {
namespace {

constexpr std::uint64_t kMaxIdentities = 100'000'000;
constexpr std::uint32_t kIdentitiesPerChunk = 512;
constexpr std::uint32_t kChunksPerProgressReport = 64;

// Identities are written chunk by chunk: chunks are built in parallel and appended in
// chunk order, so the files are the same whatever the thread count, and at most
// `tokens` chunks are in memory at once.
void write_people(const PersonWriter& writer, std::uint32_t identities, std::size_t tokens,
                  BundleSink& sink, const GeneratorProgress& progress) {
  const std::uint32_t chunks = (identities + kIdentitiesPerChunk - 1) / kIdentitiesPerChunk;
  std::uint32_t next_chunk = 0;
  std::uint32_t written_chunks = 0;
  tbb::parallel_pipeline(
      tokens,
      tbb::make_filter<void, std::uint32_t>(
          tbb::filter_mode::serial_in_order,
          [&](tbb::flow_control& control) -> std::uint32_t {
            if (next_chunk == chunks) {
              control.stop();
              return 0;
            }
            return next_chunk++;
          }) &
          tbb::make_filter<std::uint32_t, std::shared_ptr<BundleBuffers>>(
              tbb::filter_mode::parallel,
              [&](std::uint32_t chunk) {
                auto buffers = std::make_shared<BundleBuffers>();
                const std::uint32_t first = chunk * kIdentitiesPerChunk;
                const std::uint32_t last = std::min(identities, first + kIdentitiesPerChunk);
                for (std::uint32_t index = first; index < last; ++index) {
                  writer.write(index, *buffers);
                }
                return buffers;
              }) &
          tbb::make_filter<std::shared_ptr<BundleBuffers>, void>(
              tbb::filter_mode::serial_in_order, [&](const std::shared_ptr<BundleBuffers>& buffers) {
                sink.append(*buffers);
                ++written_chunks;
                if (progress && (written_chunks % kChunksPerProgressReport == 0 || written_chunks == chunks)) {
                  progress("identities", std::min<std::uint64_t>(identities, std::uint64_t{written_chunks} * kIdentitiesPerChunk));
                }
              }));
}

std::uint64_t total_rows(const BundleSink& sink) {
  std::uint64_t rows = 0;
  for (std::size_t f = 0; f < kBundleFileCount; ++f) {
    rows += sink.totals(static_cast<BundleFile>(f)).rows;
  }
  return rows;
}

}  // namespace

std::uint64_t named_size(const std::string& name) {
  if (name == "small") {
    return 10'000;
  }
  if (name == "medium") {
    return 100'000;
  }
  if (name == "large") {
    return 1'000'000;
  }
  return 0;
}

GeneratorReport generate_bundle(const GeneratorOptions& options, const GeneratorProgress& progress) {
  if (options.identities == 0 || options.identities > kMaxIdentities) {
    throw std::invalid_argument("identities must be between 1 and 100000000");
  }
  BundleSink sink(options.out);  // fails early when the folder cannot be written
  tbb::task_arena arena(options.threads == 0 ? tbb::task_arena::automatic
                                             : static_cast<int>(options.threads));
  arena.execute([&] {
    const OrgModel org(options.seed, options.identities);
    const Population people(org, options.seed, options.identities);
    const AccessModel access(org, people, options.seed);
    write_catalog(org, access, sink);
    if (progress) {
      progress("catalog", total_rows(sink));
    }
    const PersonWriter writer(org, people, access, options.seed);
    const auto tokens = static_cast<std::size_t>(2 * arena.max_concurrency() + 2);
    write_people(writer, people.size(), tokens, sink, progress);
    write_hr_events(org, people, options.seed, sink);
    if (progress) {
      progress("hr_events", sink.totals(BundleFile::kHrEvents).rows);
    }
  });
  sink.close();

  GeneratorReport report;
  for (std::size_t f = 0; f < kBundleFileCount; ++f) {
    const auto file = static_cast<BundleFile>(f);
    const FileTotals& totals = sink.totals(file);
    report.files.push_back({std::string(bundle_file_spec(file).name), totals.rows, totals.bytes});
    report.rows_written += totals.rows;
    report.bytes_written += totals.bytes;
  }
  return report;
}

}  // namespace accessgraph::datasets
