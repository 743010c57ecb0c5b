#pragma once
// Asks the kernel for 2 MiB pages for a large range about to be filled (the records of a
// big HR file): faulted in 4 KiB at a time, a few hundred megabytes cost a hundred
// thousand page faults, which on this project's virtual machines is most of the time
// spent filling them. A hint only: where transparent huge pages are off nothing changes.
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>

namespace accessgraph::importers {

inline void advise_huge_pages(const void* begin, std::size_t bytes) {
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  const auto start = reinterpret_cast<std::uintptr_t>(begin);
  const std::uintptr_t first = (start + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t last = (start + bytes) & ~(kHugePage - 1);
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

}  // namespace accessgraph::importers
