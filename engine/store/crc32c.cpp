#include "engine/store/crc32c.hpp"

#include <array>
#include <cstring>

namespace accessgraph {
namespace {

// Both extend the raw, reflected register (the caller inverts before and after).
std::uint32_t extend_portable(std::uint32_t state, std::string_view bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t r = i;
      for (int bit = 0; bit < 8; ++bit) r = (r >> 1) ^ (0x82F63B78u & (0u - (r & 1u)));  // reflected 0x1EDC6F41
      t[i] = r;
    }
    return t;
  }();
  for (unsigned char byte : bytes) state = (state >> 8) ^ table[(state ^ byte) & 0xFFu];
  return state;
}

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
  return extend_portable;
}

std::uint32_t crc32c_with(ExtendFn extend, std::initializer_list<std::string_view> parts) {
  std::uint32_t state = 0xFFFFFFFFu;
  for (std::string_view part : parts) state = extend(state, part);
  return state ^ 0xFFFFFFFFu;
}

}  // namespace

std::uint32_t crc32c(std::initializer_list<std::string_view> parts) {
  static const ExtendFn extend = pick_extend();
  return crc32c_with(extend, parts);
}

std::uint32_t crc32c_portable(std::initializer_list<std::string_view> parts) {
  return crc32c_with(extend_portable, parts);
}

}  // namespace accessgraph
