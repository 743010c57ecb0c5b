#pragma once
// CRC-32C (Castagnoli), the checksum of every record the state directory writes: the
// SSE4.2 instruction where the CPU has it (several GB/s, so checking a multi-GB
// snapshot costs little next to reading it), a table-driven fallback elsewhere.
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace accessgraph {

// CRC-32C of the parts, one after the other.
std::uint32_t crc32c(std::initializer_list<std::string_view> parts);
// The CRC-32C of everything so far and then `bytes`, for checking what is read piece by
// piece: crc32c_extend(crc32c_extend(0, a), b) == crc32c({a, b}).
std::uint32_t crc32c_extend(std::uint32_t crc, std::string_view bytes);
// The table-driven version on every machine: what the fast one is tested against.
std::uint32_t crc32c_portable(std::initializer_list<std::string_view> parts);

}  // namespace accessgraph
