#pragma once
// Writes one non-human identity (service, bot, api_key): its identity row, one or two
// accounts (often over-privileged, with direct grants), and its nhi_no_owner and
// nhi_owner_terminated truth rows (exhaustive).
#include <cstdint>

#include "datasets/generator/row_writer.hpp"

namespace accessgraph::datasets {

class MachineWriter {
 public:
  MachineWriter(const OrgModel& org, const Population& people, const AccessModel& access, std::uint64_t seed)
      : org_(org), people_(people), access_(access), seed_(seed), rows_(org, people, access) {}

  // Thread-safe; a function of (seed, index) only. Appends to `out`.
  void write(std::uint32_t index, BundleBuffers& out) const;

 private:
  const OrgModel& org_;
  const Population& people_;
  const AccessModel& access_;
  std::uint64_t seed_;
  RowWriter rows_;
};

}  // namespace accessgraph::datasets
