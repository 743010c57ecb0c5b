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

// cursor: the position to start from; asked: the client's limit (0: the server's cap).
inline PageSlice page_slice(std::uint64_t total, std::uint64_t cursor, std::uint64_t asked, std::uint32_t max_items) {
  const std::uint64_t limit = asked == 0 ? max_items : std::min<std::uint64_t>(asked, max_items);
  const std::uint64_t begin = std::min(cursor, total);
  return {begin, begin + std::min(limit, total - begin), total};
}

inline PageSlice page_slice(std::uint64_t total, const wire::PageRequest* page, std::uint32_t max_items) {
  return page_slice(total, page ? page->cursor() : 0, page ? page->limit() : 0, max_items);
}

inline flatbuffers::Offset<wire::PageInfo> encode_page(flatbuffers::FlatBufferBuilder& fbb, const PageSlice& slice) {
  return wire::CreatePageInfo(fbb, slice.end, slice.end < slice.total, slice.total);
}

}  // namespace accessgraph::server
