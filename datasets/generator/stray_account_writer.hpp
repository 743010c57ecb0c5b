#pragma once
// Accounts nobody correlated, drawn next to an identity index: unlinked ones (shared,
// test and built-in accounts, identity_id empty) and orphans whose identity_id names an
// identity HR deleted (numbers from N + kReservedHireNumbers on). The enabled ones get
// orphan_account truth rows (exhaustive).
#include <cstdint>

#include "datasets/generator/writer_base.hpp"

namespace accessgraph::datasets {

class StrayAccountWriter : private WriterBase {
 public:
  using WriterBase::WriterBase;

  // Thread-safe; a function of (seed, index) only. Usually writes nothing.
  void write(std::uint32_t index, BundleBuffers& out) const;

};

}  // namespace accessgraph::datasets
