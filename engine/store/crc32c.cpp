#include "engine/store/crc32c.hpp"

#include <boost/crc.hpp>
#include <cstring>

namespace accessgraph {
namespace {

// The SSE4.2 path extends the raw, reflected register (the caller inverts before and
// after); Boost's table-driven CRC is the portable one.
#if defined(__x86_64__)
__attribute__((target("sse4.2"))) std::uint32_t extend_sse42(std::uint32_t state, std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  std::uint64_t wide = state;
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    wide = __builtin_ia32_crc32di(wide, word);
  }
  auto narrow = static_cast<std::uint32_t>(wide);
  for (; n > 0; ++p, --n) narrow = __builtin_ia32_crc32qi(narrow, static_cast<unsigned char>(*p));
  return narrow;
}
#endif

using ExtendFn = std::uint32_t (*)(std::uint32_t, std::string_view);

ExtendFn pick_extend() {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("sse4.2")) return extend_sse42;
#endif
  return nullptr;
}

std::uint32_t crc32c_with(ExtendFn extend, std::initializer_list<std::string_view> parts) {
  std::uint32_t state = 0xFFFFFFFFu;
  for (std::string_view part : parts) state = extend(state, part);
  return state ^ 0xFFFFFFFFu;
}

}  // namespace

std::uint32_t crc32c(std::initializer_list<std::string_view> parts) {
  static const ExtendFn extend = pick_extend();
  return extend ? crc32c_with(extend, parts) : crc32c_portable(parts);
}

std::uint32_t crc32c_extend(std::uint32_t crc, std::string_view bytes) {
  static const ExtendFn extend = pick_extend();
  std::uint32_t state = crc ^ 0xFFFFFFFFu;
  if (extend) {
    state = extend(state, bytes);
  } else {
    for (unsigned char c : bytes) {  // bit by bit, reflected: slow, and only where SSE4.2 is missing
      state ^= c;
      for (int bit = 0; bit < 8; ++bit) state = (state >> 1) ^ (0x82F63B78u & (0u - (state & 1u)));
    }
  }
  return state ^ 0xFFFFFFFFu;
}

std::uint32_t crc32c_portable(std::initializer_list<std::string_view> parts) {
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;  // CRC-32C (Castagnoli)
  for (std::string_view part : parts) crc.process_bytes(part.data(), part.size());
  return crc.checksum();
}

}  // namespace accessgraph
