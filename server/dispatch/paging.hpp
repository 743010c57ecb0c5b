#pragma once
// Cutting one page out of a list result: the server's cap wins over the client's
// limit, so no answer grows without bound.
#include <algorithm>
#include <cstdint>

#include "server/protocol/framing.hpp"

namespace accessgraph::server {

struct PageSlice {
  std::uint64_t begin = 0, end = 0, total = 0;
};

inline PageSlice page_slice(std::uint64_t total, const wire::PageRequest* page, std::uint32_t max_items) {
  const std::uint64_t cursor = page ? page->cursor() : 0;
  const std::uint32_t asked = page ? page->limit() : 0;
  const std::uint64_t limit = asked == 0 ? max_items : std::min(asked, max_items);
  const std::uint64_t begin = std::min(cursor, total);
  return {begin, begin + std::min(limit, total - begin), total};
}

inline flatbuffers::Offset<wire::PageInfo> encode_page(flatbuffers::FlatBufferBuilder& fbb, const PageSlice& slice) {
  return wire::CreatePageInfo(fbb, slice.end, slice.end < slice.total, slice.total);
}

}  // namespace accessgraph::server
