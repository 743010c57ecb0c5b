#pragma once
// Framing of the wire protocol: each message is a 4-byte little-endian length followed
// by that many bytes of FlatBuffer (FlatBufferBuilder::FinishSizePrefixed writes
// exactly this). Both sides check the length against their own cap before allocating
// and verify the buffer before touching a field.
#include <cstddef>
#include <cstdint>
#include <span>

#include "server/schema/accessgraph_generated.h"

namespace accessgraph::wire {

// Bumped only for incompatible changes; additions keep it (the schema evolves by
// appending, see server/schema/accessgraph.fbs).
constexpr std::uint32_t kProtocolVersion = 1;
constexpr std::size_t kLengthPrefixBytes = 4;
constexpr std::uint32_t kDefaultMaxRequestBytes = 16u << 20;   // apply batches are CSV text
constexpr std::uint32_t kDefaultMaxResponseBytes = 64u << 20;  // a page of results

// Verifier limits: the schema nests at most ~6 tables deep, so 32 leaves room for
// evolution and stops malicious nesting; the table count bounds work per message.
constexpr std::uint32_t kMaxVerifyDepth = 32;
constexpr std::uint32_t kMaxVerifyTables = 4'000'000;

// The length a prefix announces (prefix must hold kLengthPrefixBytes bytes).
std::uint32_t read_length_prefix(const std::uint8_t* prefix);

// `frame` is a whole message, length prefix included, starting at an 8-byte aligned
// address: the builder aligns fields relative to the frame's start, so the payload
// alone would misalign them. nullptr when it is not a valid Request (or Response):
// nothing of an unverified buffer is ever read.
const Request* verified_request(std::span<const std::uint8_t> frame);
const Response* verified_response(std::span<const std::uint8_t> frame);

}  // namespace accessgraph::wire
