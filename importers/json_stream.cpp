#include "importers/json_stream.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>

#include "core/common/error.hpp"

namespace accessgraph::importers {
namespace {

namespace dom = simdjson::dom;
namespace ondemand = simdjson::ondemand;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The scanner looks at bytes 16 at a time where it can: strings and indentation are
// most of an export, and only quotes, backslashes and brackets matter to it.
const char* find_quote_or_backslash(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  for (; p + 16 <= end; p += 16) {
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
  }
#endif
  for (; p < end; ++p)
    if (*p == '"' || *p == '\\') return p;
  return end;
}

// Bit i set when p[i] is a quote, a backslash or a bracket ('[' ']' '{' '}' are 0x5B
// 0x5D 0x7B 0x7D: equal to 0x5B or 0x5D once bit 0x20 is cleared).
unsigned special_mask16(const char* p) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), open = _mm_set1_epi8('['),
                close = _mm_set1_epi8(']'), fold = _mm_set1_epi8(static_cast<char>(0xDF));
  __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i folded = _mm_and_si128(bytes, fold);
  __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                             _mm_or_si128(_mm_cmpeq_epi8(folded, open), _mm_cmpeq_epi8(folded, close)));
  return static_cast<unsigned>(_mm_movemask_epi8(hit));
#else
  unsigned mask = 0;
  for (int i = 0; i < 16; ++i) {
    char c = p[i];
    if (c == '"' || c == '\\' || c == '[' || c == ']' || c == '{' || c == '}') mask |= 1u << i;
  }
  return mask;
#endif
}

// Where a composite value (object or array) ends: brackets counted outside strings,
// escapes inside them skipped. State carries across window refills.
struct BracketScan {
  std::uint64_t depth = 0;
  bool in_string = false;
  bool escaped = false;  // the next byte is escaped
  bool closed = false;

  // Handles byte `c`; true when it closes the value.
  bool step(char c) {
    if (escaped) {
      escaped = false;
      return false;
    }
    if (in_string) {
      if (c == '"') in_string = false;
      else if (c == '\\') escaped = true;
      return false;
    }
    switch (c) {
      case '"': in_string = true; return false;
      case '{':
      case '[': ++depth; return false;
      case '}':
      case ']': return closed = --depth == 0;
      default: return false;
    }
  }

  // Scans [p, p + size); returns the offset one past the closing bracket, or size when
  // the value goes on. Whole 16-byte blocks are read as masks, one step per special byte.
  std::size_t scan(const char* p, std::size_t size) {
    std::size_t i = 0;
    for (; i + 16 <= size; i += 16) {
      unsigned mask = special_mask16(p + i);
      if (escaped) {  // an escape from the previous block covers this block's first byte
        escaped = false;
        mask &= ~1u;
      }
      while (mask != 0) {
        unsigned bit = static_cast<unsigned>(__builtin_ctz(mask));
        if (step(p[i + bit])) return i + bit + 1;
        if (escaped && bit + 1 < 16) {  // the escaped byte is in this block
          escaped = false;
          mask &= ~(1u << (bit + 1));
        }
        mask &= mask - 1;
      }
    }
    for (; i < size; ++i)
      if (step(p[i])) return i + 1;
    return size;
  }
};

// Walks a value with the on-demand API, touching everything, to find where a value that
// the DOM parser refused goes wrong (the DOM parser says what, not where).
simdjson::error_code walk_all(ondemand::value value) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case ondemand::json_type::object: {
      ondemand::object object;
      if (auto error = value.get_object().get(object)) return error;
      for (auto field : object) {
        ondemand::value member;
        if (auto error = field.value().get(member)) return error;
        if (auto error = walk_all(member)) return error;
      }
      return simdjson::SUCCESS;
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      if (auto error = value.get_array().get(array)) return error;
      for (auto item : array) {
        ondemand::value element;
        if (auto error = item.get(element)) return error;
        if (auto error = walk_all(element)) return error;
      }
      return simdjson::SUCCESS;
    }
    case ondemand::json_type::string: {
      std::string_view text;
      return value.get_string().get(text);
    }
    case ondemand::json_type::number: {
      ondemand::number number;
      return value.get_number().get(number);
    }
    case ondemand::json_type::boolean: {
      bool flag;
      return value.get_bool().get(flag);
    }
    case ondemand::json_type::null: {
      bool null;
      if (auto error = value.is_null().get(null)) return error;
      return null ? simdjson::SUCCESS : simdjson::INCORRECT_TYPE;
    }
  }
  return simdjson::SUCCESS;
}

class JsonWalker {
 public:
  JsonWalker(const SourceFile& file, const JsonLayout& layout, JsonDocumentHandler& handler)
      : window_(file.path, file.label), layout_(layout), handler_(handler) {}

  void run() {
    window_.advance(0);
    if (window_.end() >= 3 && std::string_view(window_.at(0), 3) == "\xEF\xBB\xBF") pos_ = 3;  // BOM
    bool any = false;
    for (;;) {
      anchor_ = pos_;
      skip_space();
      int c = peek();
      if (c < 0) break;
      any = true;
      std::uint64_t start = pos_;
      if (c == '{')
        walk_root_object();
      else if (c == '[')
        walk_array("", "$");
      else
        fail_at(pos_, "$", "expected a JSON object or array");
      handler_.on_document_end(JsonSite(window_, "$", start));
    }
    if (!any) fail_at(pos_, "$", "no JSON value in the file");
  }

 private:
  // The byte at pos_, reading more when needed; -1 at the end of the file.
  int peek() {
    while (pos_ >= window_.end())
      if (!window_.advance(anchor_)) return -1;
    return static_cast<unsigned char>(*window_.at(pos_));
  }

  void skip_space() {
    for (int c = peek(); c >= 0 && is_space(static_cast<char>(c)); c = peek()) ++pos_;
  }

  [[noreturn]] void fail_at(std::uint64_t offset, const std::string& path, std::string_view reason) {
    std::string value;
    if (offset < window_.end() && offset >= window_.begin()) {
      const char* p = window_.at(offset);
      for (std::size_t i = 0; i < 24 && offset + i < window_.end() && p[i] != '\n' && p[i] != '\r'; ++i)
        value.push_back(p[i]);
    }
    JsonSite(window_, path, offset).fail("", value, reason);
  }

  void expect(char wanted, const std::string& path, std::string_view reason) {
    int c = peek();
    if (c != static_cast<unsigned char>(wanted))
      fail_at(pos_, path, c < 0 ? std::string("unexpected end of file: ") + std::string(reason) : reason);
    ++pos_;
  }

  // One past the closing quote of the string whose opening quote is at `start`.
  std::uint64_t string_end(std::uint64_t start, const std::string& path) {
    std::uint64_t pos = start + 1;
    for (;;) {
      while (pos >= window_.end())
        if (!window_.advance(anchor_)) fail_at(start, path, "unexpected end of file inside a string");
      const char* end = window_.at(window_.end());
      const char* p = find_quote_or_backslash(window_.at(pos), end);
      if (p == end) {
        pos = window_.end();
        continue;
      }
      if (*p == '"') return window_.begin() + (p - window_.at(window_.begin())) + 1;
      // A backslash: it and the byte after it are one escape.
      std::uint64_t backslash = window_.begin() + (p - window_.at(window_.begin()));
      while (backslash + 1 >= window_.end())
        if (!window_.advance(anchor_)) fail_at(start, path, "unexpected end of file inside a string");
      pos = backslash + 2;
    }
  }

  // One past the end of the value starting at `start` (no leading space).
  std::uint64_t value_end(std::uint64_t start, const std::string& path) {
    int first = peek_at(start);
    if (first == '"') return string_end(start, path);
    if (first != '{' && first != '[') {
      std::uint64_t pos = start;
      for (;;) {
        while (pos >= window_.end())
          if (!window_.advance(anchor_)) return pos;
        char c = *window_.at(pos);
        if (c == ',' || c == ']' || c == '}' || is_space(c)) return pos;
        ++pos;
      }
    }
    BracketScan scan;
    std::uint64_t pos = start;
    for (;;) {
      while (pos >= window_.end())
        if (!window_.advance(anchor_)) fail_at(start, path, "unexpected end of file: the value is not closed");
      // Whole blocks only while more of the file may follow, so that no block is split.
      std::size_t available = static_cast<std::size_t>(window_.end() - pos);
      std::size_t size = window_.at_end_of_file() ? available : available & ~std::size_t{15};
      if (size == 0) {
        if (!window_.advance(anchor_)) size = available;
        else continue;
      }
      std::size_t used = scan.scan(window_.at(pos), size);
      if (scan.closed) return pos + used;
      pos += used;
    }
  }

  int peek_at(std::uint64_t offset) {
    while (offset >= window_.end())
      if (!window_.advance(anchor_)) return -1;
    return static_cast<unsigned char>(*window_.at(offset));
  }

  // Parses [begin, end) with the DOM parser; refuses it with its position when malformed.
  dom::element parse(std::uint64_t begin, std::uint64_t end, const std::string& path) {
    const char* text = window_.at(begin);
    std::size_t length = static_cast<std::size_t>(end - begin);
    dom::element element;
    auto error = parser_.parse(text, length, false).get(element);
    if (!error) return element;
    // Find where: the on-demand API stops at the first bad byte.
    std::uint64_t where = begin;
    ondemand::document document;
    if (!ondemand_.iterate(text, length, length + InputWindow::kPadding).get(document)) {
      ondemand::value root;
      auto walk_error = document.get_value().get(root);
      if (!walk_error) walk_error = walk_all(root);
      const char* location = nullptr;
      if (walk_error && !document.current_location().get(location) && location >= text && location < text + length)
        where = begin + static_cast<std::uint64_t>(location - text);
    }
    fail_at(where, path, std::string("malformed JSON: ") + simdjson::error_message(error));
  }

  // The text of the key whose opening quote is at pos_; moves past it.
  std::string read_key(const std::string& path) {
    std::uint64_t start = pos_;
    if (peek() != '"') fail_at(pos_, path, peek() < 0 ? "unexpected end of file: expected a key" : "expected a key");
    std::uint64_t end = string_end(start, path);
    std::string_view raw(window_.at(start + 1), static_cast<std::size_t>(end - start - 2));
    pos_ = end;
    bool plain = std::all_of(raw.begin(), raw.end(), [](char c) {
      return c != '\\' && static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x80;
    });
    if (plain) return std::string(raw);
    dom::element decoded = parse(start, end, path);  // escapes and UTF-8, checked by simdjson
    return std::string(std::string_view(decoded.get_string().value_unsafe()));
  }

  bool is_collection(std::string_view key) const {
    return std::find(layout_.collections.begin(), layout_.collections.end(), key) != layout_.collections.end();
  }

  void walk_root_object() {
    std::uint64_t root = pos_;
    ++pos_;
    bool collection_seen = false;
    skip_space();
    if (peek() == '}') {
      ++pos_;
    } else {
      for (;;) {
        std::string key = read_key("$");
        std::string path = "$." + key;
        skip_space();
        expect(':', path, "expected ':' after the key");
        skip_space();
        if (is_collection(key) && peek() == '[') {
          collection_seen = true;
          anchor_ = pos_;  // the root object is not kept once a collection streams
          walk_array(key, path);
        } else {
          std::uint64_t begin = pos_;
          if (peek() < 0) fail_at(pos_, path, "unexpected end of file: expected a value");
          std::uint64_t end = value_end(begin, path);
          dom::element value = parse(begin, end, path);
          handler_.on_member(key, value, JsonSite(window_, path, begin));
          pos_ = end;
        }
        if (!layout_.whole_root || collection_seen) anchor_ = pos_;
        skip_space();
        int c = peek();
        if (c == ',') {
          ++pos_;
          skip_space();
          continue;
        }
        if (c == '}') {
          ++pos_;
          break;
        }
        fail_at(pos_, path, c < 0 ? "unexpected end of file: the object is not closed" : "expected ',' or '}'");
      }
    }
    if (layout_.whole_root && !collection_seen) {
      dom::element value = parse(root, pos_, "$");
      handler_.on_element("", value, JsonSite(window_, "$", root));
    }
  }

  void walk_array(std::string_view collection, const std::string& path) {
    ++pos_;  // '['
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return;
    }
    for (std::uint64_t index = 0;; ++index) {
      std::string element_path = path + "[" + std::to_string(index) + "]";
      anchor_ = pos_;
      std::uint64_t begin = pos_;
      if (peek() < 0) fail_at(pos_, element_path, "unexpected end of file: expected a value");
      std::uint64_t end = value_end(begin, element_path);
      dom::element value = parse(begin, end, element_path);
      handler_.on_element(collection, value, JsonSite(window_, element_path, begin));
      pos_ = end;
      anchor_ = pos_;
      skip_space();
      int c = peek();
      if (c == ',') {
        ++pos_;
        skip_space();
        continue;
      }
      if (c == ']') {
        ++pos_;
        return;
      }
      fail_at(pos_, element_path, c < 0 ? "unexpected end of file: the array is not closed" : "expected ',' or ']'");
    }
  }

  InputWindow window_;
  const JsonLayout& layout_;
  JsonDocumentHandler& handler_;
  dom::parser parser_;
  ondemand::parser ondemand_;
  std::uint64_t pos_ = 0;
  std::uint64_t anchor_ = 0;  // the window keeps every byte from here on
};

}  // namespace

void JsonSite::fail(std::string_view path_suffix, std::string_view value, std::string_view reason) const {
  auto [line, column] = window_->line_and_column(offset_);
  throw InputError(window_->label(), line, "", std::string(value),
                   "at " + path_ + std::string(path_suffix) + " (column " + std::to_string(column) +
                       "): " + std::string(reason));
}

void read_json_file(const SourceFile& file, const JsonLayout& layout, JsonDocumentHandler& handler) {
  JsonWalker(file, layout, handler).run();
}

}  // namespace accessgraph::importers
