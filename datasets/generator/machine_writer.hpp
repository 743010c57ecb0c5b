#pragma once
// Writes one non-human identity (service, bot, api_key): its identity row, one or two
// accounts (often over-privileged, with direct grants), and its nhi_no_owner and
// nhi_owner_terminated truth rows (exhaustive).
#include <cstdint>

#include "datasets/generator/writer_base.hpp"

namespace accessgraph::datasets {

class MachineWriter : private WriterBase {
 public:
  using WriterBase::WriterBase;

  // Thread-safe; a function of (seed, index) only. Appends to `out`.
  void write(std::uint32_t index, BundleBuffers& out) const;

};

}  // namespace accessgraph::datasets
