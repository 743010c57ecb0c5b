#pragma once
// Accounts nobody correlated, drawn next to an identity index: unlinked ones (shared,
// test and built-in accounts, identity_id empty) and orphans whose identity_id names an
// identity HR deleted (numbers from N + kReservedHireNumbers on). The enabled ones get
// orphan_account truth rows (exhaustive).
#include <cstdint>

#include "datasets/generator/row_writer.hpp"

namespace accessgraph::datasets {

class StrayAccountWriter {
 public:
  StrayAccountWriter(const OrgModel& org, const Population& people, const AccessModel& access, std::uint64_t seed)
      : org_(org), people_(people), access_(access), seed_(seed), rows_(org, people, access) {}

  // Thread-safe; a function of (seed, index) only. Usually writes nothing.
  void write(std::uint32_t index, BundleBuffers& out) const;

 private:
  const OrgModel& org_;
  const Population& people_;
  const AccessModel& access_;
  std::uint64_t seed_;
  RowWriter rows_;
};

}  // namespace accessgraph::datasets
