#include "importers/bundle_ids.hpp"

#include <cstdio>

namespace accessgraph::importers {
namespace {

constexpr std::size_t kHeadBytes = kMaxIdBytes - 1 - 16 - 9;  // room for "~" and the hash, with margin

}  // namespace

std::uint64_t stable_hash(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string fitted_id(std::string_view id) {
  if (id.size() <= kMaxIdBytes) return std::string(id);
  std::size_t head = kHeadBytes;
  while (head > 0 && (static_cast<unsigned char>(id[head]) & 0xC0) == 0x80) --head;  // not inside a character
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(stable_hash(id)));
  std::string fitted(id.substr(0, head));
  fitted += '~';
  fitted += hash;
  return fitted;
}

std::string qualified_id(std::string_view system, std::string_view native) {
  std::string id;
  id.reserve(system.size() + 1 + native.size());
  id.append(system);
  id.push_back(':');
  id.append(native);
  return id.size() <= kMaxIdBytes ? id : fitted_id(id);
}

}  // namespace accessgraph::importers
