#include "server/protocol/framing.hpp"

namespace accessgraph::wire {

std::uint32_t read_length_prefix(const std::uint8_t* prefix) {
  return std::uint32_t{prefix[0]} | std::uint32_t{prefix[1]} << 8 | std::uint32_t{prefix[2]} << 16 |
         std::uint32_t{prefix[3]} << 24;
}

namespace {

template <class Root>
const Root* verified(std::span<const std::uint8_t> frame) {
  // Below the smallest possible message (prefix, root offset, vtable offset) or too
  // large for the verifier's 32-bit offsets: not a message.
  if (frame.size() < 12 || frame.size() >= FLATBUFFERS_MAX_BUFFER_SIZE) return nullptr;
  flatbuffers::Verifier verifier(frame.data(), frame.size(), kMaxVerifyDepth, kMaxVerifyTables);
  if (!verifier.VerifySizePrefixedBuffer<Root>(nullptr)) return nullptr;
  return flatbuffers::GetSizePrefixedRoot<Root>(frame.data());
}

}  // namespace

const Request* verified_request(std::span<const std::uint8_t> frame) { return verified<Request>(frame); }
const Response* verified_response(std::span<const std::uint8_t> frame) { return verified<Response>(frame); }

}  // namespace accessgraph::wire
