#include "importers/security_identifier.hpp"

namespace accessgraph::importers {
namespace {

// The "S-1-..." part of a SID text, or empty.
std::string_view sid_part(std::string_view text) {
  std::size_t at = text.find("S-1-");
  if (at == std::string_view::npos) return {};
  return text.substr(at);
}

}  // namespace

std::optional<std::string> sid_from_bytes(std::string_view bytes) {
  if (bytes.size() < 8) return std::nullopt;
  auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
  std::uint8_t revision = byte(0), count = byte(1);
  if (revision != 1 || bytes.size() != 8u + 4u * count) return std::nullopt;
  std::uint64_t authority = 0;
  for (std::size_t i = 2; i < 8; ++i) authority = authority << 8 | byte(i);  // big-endian
  std::string sid = "S-1-" + std::to_string(authority);
  for (std::size_t k = 0; k < count; ++k) {
    std::size_t at = 8 + 4 * k;  // little-endian sub-authorities
    std::uint32_t value = std::uint32_t(byte(at)) | std::uint32_t(byte(at + 1)) << 8 |
                          std::uint32_t(byte(at + 2)) << 16 | std::uint32_t(byte(at + 3)) << 24;
    sid += "-" + std::to_string(value);
  }
  return sid;
}

std::optional<std::uint32_t> sid_rid(std::string_view text) {
  std::string_view sid = sid_part(text);
  std::size_t dash = sid.rfind('-');
  if (sid.empty() || dash == std::string_view::npos || dash + 1 == sid.size()) return std::nullopt;
  std::uint64_t rid = 0;
  for (char c : sid.substr(dash + 1)) {
    if (c < '0' || c > '9' || rid > 0xFFFFFFFFull) return std::nullopt;
    rid = rid * 10 + std::uint64_t(c - '0');
  }
  if (rid > 0xFFFFFFFFull) return std::nullopt;
  return static_cast<std::uint32_t>(rid);
}

bool is_builtin_sid(std::string_view text) { return sid_part(text).substr(0, 9) == "S-1-5-32-"; }

}  // namespace accessgraph::importers
