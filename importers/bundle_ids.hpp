#pragma once
// Bundle ids are opaque strings of 1 to 256 bytes, unique per file (SPEC section 1).
// Source-native ids are qualified by their system ("ad:S-1-5-21-...-1104") so two
// sources never collide; an id that would be longer keeps a readable head and ends in
// a hash of the whole, so it stays unique and stable from one import to the next.
#include <cstdint>
#include <string>
#include <string_view>

namespace accessgraph::importers {

inline constexpr std::size_t kMaxIdBytes = 256;

// `id` itself when it fits, else its first bytes (cut on a UTF-8 boundary), '~' and 16
// hex digits of its FNV-1a hash.
std::string fitted_id(std::string_view id);
// fitted_id("SYSTEM:NATIVE").
std::string qualified_id(std::string_view system, std::string_view native);

// FNV-1a, 64 bits: stable across runs and machines (unlike the hash tables' own).
std::uint64_t stable_hash(std::string_view bytes);

}  // namespace accessgraph::importers
