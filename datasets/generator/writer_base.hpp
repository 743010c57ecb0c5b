#pragma once
// What every per-identity writer reads: the read-only models, the seed, and the row
// formatter. Writers derive from it so each keeps only what is its own.
#include <cstdint>

#include "datasets/generator/row_writer.hpp"

namespace accessgraph::datasets {

class WriterBase {
 public:
  WriterBase(const OrgModel& org, const Population& people, const AccessModel& access, std::uint64_t seed)
      : org_(org), people_(people), access_(access), seed_(seed), rows_(org, people, access) {}

 protected:
  const OrgModel& org_;
  const Population& people_;
  const AccessModel& access_;
  std::uint64_t seed_;
  RowWriter rows_;
};

}  // namespace accessgraph::datasets
