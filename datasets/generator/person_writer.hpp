#pragma once
// Everything about identity number `index`: the person or machine itself, then the
// stray unlinked or orphan accounts drawn next to it. Each row is a function of
// (seed, index) and read-only models, so identities can be written in parallel and the
// bytes stay the same.
#include <cstdint>

#include "datasets/generator/human_writer.hpp"
#include "datasets/generator/machine_writer.hpp"
#include "datasets/generator/stray_account_writer.hpp"

namespace accessgraph::datasets {

class PersonWriter {
 public:
  PersonWriter(const OrgModel& org, const Population& people, const AccessModel& access, std::uint64_t seed)
      : people_(people),
        humans_(org, people, access, seed),
        machines_(org, people, access, seed),
        strays_(org, people, access, seed) {}

  // Thread-safe: appends to `out` only.
  void write(std::uint32_t index, BundleBuffers& out) const {
    if (is_human(people_[index].kind)) {
      humans_.write(index, out);
    } else {
      machines_.write(index, out);
    }
    strays_.write(index, out);
  }

 private:
  const Population& people_;
  HumanWriter humans_;
  MachineWriter machines_;
  StrayAccountWriter strays_;
};

}  // namespace accessgraph::datasets
