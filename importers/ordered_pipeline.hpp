#pragma once
// Reading a big source in three stages (oneTBB parallel_pipeline): produce cuts the
// input into batches (serial, in file order), extract turns each batch's raw records
// into plain data (in parallel: DOM parsing, DN normalisation, hashing), apply puts
// them into the estate (serial, in file order). On two cores, extraction keeps both
// busy while apply, which touches the shared estate, runs on one.
//
// Errors keep file order: an exception in produce or extract is stored in its batch and
// rethrown when that batch's turn to be applied comes, so the error reported is the
// first in the file whatever the scheduling. Batch must have `std::exception_ptr error`
// and `std::exception_ptr produce_error` (the reason produce stopped, after the records
// it did produce).
#include <tbb/concurrent_queue.h>
#include <tbb/parallel_pipeline.h>

#include <exception>
#include <memory>
#include <vector>

namespace accessgraph::importers {

// produce(Batch&) -> bool: fills the batch; false when it was the last one.
// extract(Batch&): may throw; apply(Batch&): called in order with the extracted batch
// unless it holds an error, which is then rethrown (extraction errors come first: they
// are earlier in the file than the error that stopped production). Batches are
// recycled: Batch::clear() must make one ready for reuse, keeping its memory.
template <class Batch, class Produce, class Extract, class Apply>
void run_ordered_pipeline(std::size_t batches_in_flight, Produce produce, Extract extract, Apply apply) {
  bool done = false;
  std::vector<std::unique_ptr<Batch>> batches;  // every batch made; grown by the first stage only
  tbb::concurrent_queue<Batch*> spare;
  tbb::parallel_pipeline(
      batches_in_flight,
      tbb::make_filter<void, Batch*>(tbb::filter_mode::serial_in_order, [&](tbb::flow_control& control) -> Batch* {
        if (done) {
          control.stop();
          return nullptr;
        }
        Batch* batch = nullptr;
        if (!spare.try_pop(batch)) {
          batches.push_back(std::make_unique<Batch>());
          batch = batches.back().get();
        }
        try {
          done = !produce(*batch);
        } catch (...) {
          batch->produce_error = std::current_exception();
          done = true;
        }
        return batch;
      }) & tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::parallel, [&](Batch* batch) {
        try {
          extract(*batch);
        } catch (...) {
          batch->error = std::current_exception();
        }
        return batch;
      }) & tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order, [&](Batch* batch) {
        if (batch->error) std::rethrow_exception(batch->error);
        apply(*batch);
        if (batch->produce_error) std::rethrow_exception(batch->produce_error);
        batch->clear();
        spare.push(batch);
      }));
}

// Batches in flight: enough for every core to extract one while one is applied.
inline constexpr std::size_t kBatchesInFlight = 6;
// Input bytes per batch: large enough to amortise the hand-offs, small enough to keep
// a few in memory.
inline constexpr std::size_t kBatchBytes = 4 << 20;

}  // namespace accessgraph::importers
