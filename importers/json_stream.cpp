#include "importers/json_stream.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>

#include "core/common/error.hpp"
#include "importers/source_position.hpp"

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
      if (c == '"')
        in_string = false;
      else if (c == '\\')
        escaped = true;
      return false;
    }
    switch (c) {
      case '"':
        in_string = true;
        return false;
      case '{':
      case '[':
        ++depth;
        return false;
      case '}':
      case ']':
        return closed = --depth == 0;
      default:
        return false;
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

std::string excerpt_at(const char* p, std::size_t available) {
  std::string value;
  for (std::size_t i = 0; i < 24 && i < available && p[i] != '\n' && p[i] != '\r'; ++i) value.push_back(p[i]);
  return value;
}

// At the end of the file there is no value to show: the last bytes before it are shown
// instead (blanks around them dropped, up to 24 bytes of their line).
std::string excerpt_before(const char* begin, std::size_t size) {
  while (size > 0 && is_space(begin[size - 1])) --size;
  std::size_t from = size;
  while (from > 0 && size - from < 24 && begin[from - 1] != '\n' && begin[from - 1] != '\r') --from;
  while (from < size && ((static_cast<unsigned char>(begin[from]) & 0xC0) == 0x80 || is_space(begin[from])))
    ++from;  // a whole character, not the line's indent
  return std::string(begin + from, size - from);
}

}  // namespace

std::string JsonSite::path() const {
  std::string path = "$";
  if (!collection_.empty()) path += "." + std::string(collection_);
  if (index_ != kNoIndex) path += "[" + std::to_string(index_) + "]";
  return path;
}

void JsonSite::fail(std::string_view path_suffix, std::string_view value, std::string_view reason) const {
  auto [line, column] = line_and_column(file_->path, offset_);
  throw InputError(
      file_->label, line, "", std::string(value),
      "at " + path() + std::string(path_suffix) + " (column " + std::to_string(column) + "): " + std::string(reason));
}

void JsonSite::fail_at(std::uint64_t offset_in_value, std::string_view value, std::string_view reason) const {
  auto [line, column] = line_and_column(file_->path, offset_ + offset_in_value);
  throw InputError(file_->label, line, "", std::string(value),
                   "in " + path() + " (column " + std::to_string(column) + "): " + std::string(reason));
}

dom::element parse_json_value(dom::parser& parser, const char* bytes, std::size_t size, const JsonSite& site) {
  dom::element element;
  auto error = parser.parse(bytes, size, false).get(element);
  if (!error) return element;
  // The DOM parser says what is wrong, not where: the on-demand API stops at the first
  // bad byte when everything is touched.
  std::uint64_t where = 0;
  ondemand::parser locator;
  ondemand::document document;
  if (!locator.iterate(bytes, size, size + simdjson::SIMDJSON_PADDING).get(document)) {
    ondemand::value root;
    auto walk_error = document.get_value().get(root);
    if (!walk_error) walk_error = walk_all(root);
    const char* location = nullptr;
    if (walk_error && !document.current_location().get(location) && location >= bytes && location < bytes + size)
      where = static_cast<std::uint64_t>(location - bytes);
  }
  site.fail_at(where, excerpt_at(bytes + where, size - where),
               std::string("malformed JSON: ") + simdjson::error_message(error));
}

JsonEventReader::JsonEventReader(const SourceFile& file, JsonLayout layout)
    : file_(&file), layout_(std::move(layout)), window_(file.path, file.label) {
  window_.advance(0);
  if (window_.end() >= 3 && std::string_view(window_.at(0), 3) == "\xEF\xBB\xBF") pos_ = 3;  // BOM
}

int JsonEventReader::peek() { return peek_at(pos_); }

int JsonEventReader::peek_at(std::uint64_t offset) {
  while (offset >= window_.end())
    if (!window_.advance(anchor_)) return -1;
  return static_cast<unsigned char>(*window_.at(offset));
}

void JsonEventReader::skip_space() {
  for (int c = peek(); c >= 0 && is_space(static_cast<char>(c)); c = peek()) ++pos_;
}

void JsonEventReader::fail_at(std::uint64_t offset, std::string_view collection, std::uint64_t index,
                              std::string_view reason) {
  std::string value;
  if (offset >= window_.begin() && offset < window_.end())
    value = excerpt_at(window_.at(offset), static_cast<std::size_t>(window_.end() - offset));
  else if (offset >= window_.end() && window_.end() > window_.begin())
    value = excerpt_before(window_.at(window_.begin()), static_cast<std::size_t>(window_.end() - window_.begin()));
  JsonSite(*file_, collection, index, offset).fail("", value, reason);
}

std::uint64_t JsonEventReader::string_end(std::uint64_t start) {
  std::uint64_t pos = start + 1;
  for (;;) {
    while (pos >= window_.end())
      if (!window_.advance(anchor_))
        fail_at(start, scanning_name_, scanning_index_, "unexpected end of file inside a string");
    const char* base = window_.at(window_.begin());
    const char* end = window_.at(window_.end());
    const char* p = find_quote_or_backslash(window_.at(pos), end);
    if (p == end) {
      pos = window_.end();
      continue;
    }
    std::uint64_t at = window_.begin() + static_cast<std::uint64_t>(p - base);
    if (*p == '"') return at + 1;
    while (at + 1 >= window_.end())  // a backslash: it and the byte after it are one escape
      if (!window_.advance(anchor_))
        fail_at(start, scanning_name_, scanning_index_, "unexpected end of file inside a string");
    pos = at + 2;
  }
}

std::uint64_t JsonEventReader::value_end(std::uint64_t start) {
  int first = peek_at(start);
  if (first == '"') return string_end(start);
  if (first != '{' && first != '[') {  // a number or a literal: up to the next delimiter
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
      if (!window_.advance(anchor_))
        fail_at(start, scanning_name_, scanning_index_, "unexpected end of file: the value is not closed");
    // Whole blocks only while more of the file may follow, so that no block is split.
    std::size_t available = static_cast<std::size_t>(window_.end() - pos);
    std::size_t size = window_.at_end_of_file() ? available : available & ~std::size_t{15};
    if (size == 0) {
      if (window_.advance(anchor_)) continue;
      size = available;
    }
    std::size_t used = scan.scan(window_.at(pos), size);
    if (scan.closed) return pos + used;
    pos += used;
  }
}

std::string JsonEventReader::read_key() {
  std::uint64_t start = pos_;
  int c = peek();
  if (c != '"')
    fail_at(pos_, "", JsonSite::kNoIndex, c < 0 ? "unexpected end of file: expected a key" : "expected a key");
  scanning_name_ = "";
  scanning_index_ = JsonSite::kNoIndex;
  std::uint64_t end = string_end(start);
  std::string_view raw(window_.at(start + 1), static_cast<std::size_t>(end - start - 2));
  pos_ = end;
  bool plain = std::all_of(raw.begin(), raw.end(), [](char c) {
    return c != '\\' && static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x80;
  });
  if (plain) return std::string(raw);
  std::string quoted(window_.at(start), static_cast<std::size_t>(end - start));  // escapes and UTF-8: simdjson
  simdjson::padded_string padded(quoted);
  dom::element decoded =
      parse_json_value(key_parser_, padded.data(), padded.size(), JsonSite(*file_, "", JsonSite::kNoIndex, start));
  return std::string(std::string_view(decoded.get_string().value_unsafe()));
}

const JsonEvent& JsonEventReader::element() {
  anchor_ = keep_root_ ? document_start_ : pos_;
  std::uint64_t begin = pos_;
  if (peek() < 0) fail_at(pos_, collection_, index_, "unexpected end of file: expected a value");
  scanning_name_ = collection_;
  scanning_index_ = index_;
  std::uint64_t end = value_end(begin);
  event_ = {JsonEvent::Kind::kElement, collection_, index_++, begin,
            std::string_view(window_.at(begin), static_cast<std::size_t>(end - begin))};
  pos_ = end;
  state_ = State::kArrayNext;
  return event_;
}

const JsonEvent& JsonEventReader::end_of_array() {
  if (array_is_root_) {
    state_ = State::kDocuments;
    event_ = {JsonEvent::Kind::kDocumentEnd, "", 0, document_start_, {}};
    return event_;
  }
  state_ = State::kRootMemberDone;
  return next();
}

const JsonEvent& JsonEventReader::end_of_root_object() {
  if (layout_.whole_root && !collection_seen_) {  // the object itself is the one element
    state_ = State::kDocumentEnd;
    event_ = {JsonEvent::Kind::kElement, "", JsonSite::kNoIndex, document_start_,
              std::string_view(window_.at(document_start_), static_cast<std::size_t>(pos_ - document_start_))};
    return event_;
  }
  state_ = State::kDocuments;
  event_ = {JsonEvent::Kind::kDocumentEnd, "", 0, document_start_, {}};
  return event_;
}

const JsonEvent& JsonEventReader::next() {
  for (;;) {
    // The previous event's bytes have been used: keep only what may still be needed.
    anchor_ = keep_root_ && state_ != State::kDocuments ? document_start_ : pos_;
    switch (state_) {
      case State::kDocumentEnd:
        state_ = State::kDocuments;
        event_ = {JsonEvent::Kind::kDocumentEnd, "", 0, document_start_, {}};
        return event_;
      case State::kDocuments: {
        keep_root_ = false;
        anchor_ = pos_;
        skip_space();
        int c = peek();
        if (c < 0) {
          if (!any_document_) fail_at(pos_, "", JsonSite::kNoIndex, "no JSON value in the file");
          event_ = {JsonEvent::Kind::kEnd, "", 0, pos_, {}};
          return event_;
        }
        any_document_ = true;
        document_start_ = pos_;
        ++pos_;
        if (c == '{') {
          keep_root_ = layout_.whole_root;
          collection_seen_ = false;
          first_member_ = true;
          state_ = State::kRootMember;
        } else if (c == '[') {
          collection_ = "";
          index_ = 0;
          array_is_root_ = true;
          state_ = State::kArrayFirst;
        } else {
          fail_at(document_start_, "", JsonSite::kNoIndex, "expected a JSON object or array");
        }
        continue;
      }
      case State::kRootMember: {
        skip_space();
        if (first_member_ && peek() == '}') {
          ++pos_;
          return end_of_root_object();
        }
        first_member_ = false;
        key_ = read_key();
        skip_space();
        if (peek() != ':') fail_at(pos_, key_, JsonSite::kNoIndex, "expected ':' after the key");
        ++pos_;
        skip_space();
        auto collection = std::find(layout_.collections.begin(), layout_.collections.end(), key_);
        if (collection != layout_.collections.end() && peek() == '[') {
          collection_seen_ = true;
          keep_root_ = false;  // the root object is not kept once a collection streams
          ++pos_;
          collection_ = *collection;
          index_ = 0;
          array_is_root_ = false;
          state_ = State::kArrayFirst;
          continue;
        }
        std::uint64_t begin = pos_;
        if (peek() < 0) fail_at(pos_, key_, JsonSite::kNoIndex, "unexpected end of file: expected a value");
        scanning_name_ = key_;
        scanning_index_ = JsonSite::kNoIndex;
        std::uint64_t end = value_end(begin);
        event_ = {JsonEvent::Kind::kMember, key_, JsonSite::kNoIndex, begin,
                  std::string_view(window_.at(begin), static_cast<std::size_t>(end - begin))};
        pos_ = end;
        state_ = State::kRootMemberDone;
        return event_;
      }
      case State::kRootMemberDone: {
        skip_space();
        int c = peek();
        if (c == ',') {
          ++pos_;
          state_ = State::kRootMember;
          continue;
        }
        if (c == '}') {
          ++pos_;
          return end_of_root_object();
        }
        fail_at(pos_, key_, JsonSite::kNoIndex,
                c < 0 ? "unexpected end of file: the object is not closed" : "expected ',' or '}'");
      }
      case State::kArrayFirst:
        skip_space();
        if (peek() == ']') {
          ++pos_;
          return end_of_array();
        }
        return element();
      case State::kArrayNext: {
        skip_space();
        int c = peek();
        if (c == ',') {
          ++pos_;
          skip_space();
          return element();
        }
        if (c == ']') {
          ++pos_;
          return end_of_array();
        }
        fail_at(pos_, collection_, index_ - 1,
                c < 0 ? "unexpected end of file: the array is not closed" : "expected ',' or ']'");
      }
    }
  }
}

}  // namespace accessgraph::importers
