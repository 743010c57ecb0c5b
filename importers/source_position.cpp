#include "importers/source_position.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

namespace accessgraph::importers {

std::pair<std::uint64_t, std::uint64_t> line_and_column(const std::filesystem::path& path, std::uint64_t offset) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {0, 0};
  std::uint64_t line = 1, line_start = 0, position = 0;
  constexpr std::size_t kBlock = 1 << 20;
  auto block = std::make_unique_for_overwrite<char[]>(kBlock);
  while (position < offset) {
    ssize_t n = ::read(fd, block.get(), std::min<std::uint64_t>(kBlock, offset - position));
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i)
      if (block[i] == '\n') {
        ++line;
        line_start = position + static_cast<std::uint64_t>(i) + 1;
      }
    position += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  return {line, offset - line_start + 1};
}

}  // namespace accessgraph::importers
