#include "importers/ldif_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "core/common/error.hpp"
#include "importers/estate.hpp"

namespace accessgraph::importers {
namespace {

constexpr std::array<std::int8_t, 256> make_base64_table() {
  std::array<std::int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}
constexpr std::array<std::int8_t, 256> kBase64 = make_base64_table();

// Attribute descriptions are a type (letters, digits, '-', or an OID's digits and dots)
// with options after ';' (which may also hold '=', as in "range=0-1499").
bool attribute_description_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ';' ||
         c == '.' || c == '=' || c == '_';
}

std::string excerpt(std::string_view text) { return std::string(text.substr(0, 60)); }

// A line of nothing but blanks ends a record like an empty one (some tools pad them).
bool is_blank(std::string_view text) { return text.find_first_not_of(" \t") == std::string_view::npos; }

// One past the last "\n\n" (or "\n\r\n") in `text`, or 0: where whole records end.
std::size_t last_record_boundary(std::string_view text) {
  for (std::size_t end = text.size(); end >= 2;) {
    std::size_t newline = text.rfind('\n', end - 1);
    if (newline == std::string_view::npos || newline == 0) return 0;
    std::size_t before = newline - 1;
    if (text[before] == '\r' && before > 0) --before;
    if (text[before] == '\n') return newline + 1;
    end = newline;
  }
  return 0;
}

}  // namespace

bool decode_base64(std::string_view text, std::string& out) {
  std::uint32_t accumulator = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (char c : text) {
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return false;  // data after padding
    std::int8_t value = kBase64[static_cast<unsigned char>(c)];
    if (value < 0) return false;
    accumulator = accumulator << 6 | std::uint32_t(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((accumulator >> bits) & 0xFF));
    }
  }
  return padding <= 2 && bits < 6;
}

char* ChunkBuffer::room_for(std::size_t extra) {
  if (size_ + extra > capacity_) {
    std::size_t capacity = std::max(size_ + extra, capacity_ * 2);
    auto data = std::make_unique_for_overwrite<char[]>(capacity);
    if (size_ > 0) std::memcpy(data.get(), data_.get(), size_);
    data_ = std::move(data);
    capacity_ = capacity;
  }
  return data_.get() + size_;
}

LdifChunker::LdifChunker(const SourceFile& file) : label_(file.label) {
  fd_ = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw InputError(label_, 0, "", "", std::string("cannot open: ") + std::strerror(errno));
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

LdifChunker::~LdifChunker() { ::close(fd_); }

std::size_t LdifChunker::read_into(char* destination, std::size_t bytes) {
  std::size_t done = 0;
  while (done < bytes) {
    ssize_t n = ::read(fd_, destination + done, bytes - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError(label_, 0, "", "", std::string("cannot read: ") + std::strerror(errno));
    if (n == 0) {
      end_of_file_ = true;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  return done;
}

bool LdifChunker::next(ChunkBuffer& chunk, std::size_t target_bytes) {
  chunk.clear();
  std::memcpy(chunk.room_for(carry_.size()), carry_.data(), carry_.size());
  chunk.size_ = carry_.size();
  carry_.clear();
  for (;;) {
    if (!end_of_file_) chunk.size_ += read_into(chunk.room_for(target_bytes), target_bytes);
    if (chunk.size_ == 0) return false;
    std::string_view text = chunk.view();
    std::size_t cut = end_of_file_ ? text.size() : last_record_boundary(text);
    if (cut == 0) continue;  // one record longer than what was read: read on
    carry_.assign(text.substr(cut));
    chunk.size_ = cut;
    next_line_ += static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + cut, '\n'));
    return true;
  }
}

void LdifParser::fail(std::uint64_t line, std::size_t column, std::string_view value, const std::string& reason) const {
  throw InputError(*label_, line, "", excerpt(value), reason + " (column " + std::to_string(column) + ")");
}

bool LdifParser::next_line(Line& line) {
  if (pos_ >= text_.size()) return false;
  auto physical = [&](std::string_view& out) {
    std::size_t newline = text_.find('\n', pos_);
    std::size_t end = newline == std::string_view::npos ? text_.size() : newline;
    out = text_.substr(pos_, end - pos_);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    pos_ = newline == std::string_view::npos ? text_.size() : newline + 1;
    ++line_number_;
  };
  physical(line.text);
  line.number = line_number_;
  if (line.text.empty() || pos_ >= text_.size() || text_[pos_] != ' ') return true;
  // Folded: the line and its continuations, each without its leading space.
  folded_.assign(line.text);
  while (pos_ < text_.size() && text_[pos_] == ' ') {
    std::string_view continuation;
    physical(continuation);
    folded_.append(continuation.substr(1));
  }
  line.text = arena_->store(folded_);
  return true;
}

void LdifParser::parse_attribute(const Line& line, LdifAttribute& out) {
  std::string_view text = line.text;
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) fail(line.number, 1, text, "expected \"attribute: value\"");
  if (colon == 0) fail(line.number, 1, text, "missing attribute type before ':'");
  for (std::size_t i = 0; i < colon; ++i)
    if (!attribute_description_char(text[i])) fail(line.number, i + 1, text, "invalid character in attribute type");
  std::size_t semicolon = text.substr(0, colon).find(';');
  std::size_t type_size = semicolon == std::string_view::npos ? colon : semicolon;
  out.type = text.substr(0, type_size);
  out.options = type_size < colon ? text.substr(type_size + 1, colon - type_size - 1) : std::string_view();
  out.line = line.number;
  std::size_t pos = colon + 1;
  out.base64 = pos < text.size() && text[pos] == ':';
  out.url = !out.base64 && pos < text.size() && text[pos] == '<';
  if (out.base64 || out.url) ++pos;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  out.value = text.substr(pos);
  if (!out.base64) return;
  decoded_.clear();
  if (!decode_base64(out.value, decoded_)) fail(line.number, pos + 1, out.value, "invalid base64 value");
  out.value = arena_->store(decoded_);
}

void LdifParser::parse(std::string_view text, std::uint64_t first_line, bool file_start, const std::string& label,
                       BatchArena& arena, absl::FunctionRef<void(const LdifRecord&)> on_record) {
  text_ = text;
  pos_ = 0;
  line_number_ = first_line - 1;
  label_ = &label;
  arena_ = &arena;
  if (file_start && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // BOM
  bool first_line_of_file = file_start;
  Line line;
  while (next_line(line)) {
    if (is_blank(line.text) || line.text[0] == '#') continue;
    if (first_line_of_file && line.text.size() >= 8 && equals_ignoring_case(line.text.substr(0, 8), "version:")) {
      first_line_of_file = false;
      std::string_view version = line.text.substr(8);
      while (!version.empty() && version.front() == ' ') version.remove_prefix(1);
      if (version != "1") fail(line.number, 9, line.text, "unsupported LDIF version (expected 1)");
      continue;
    }
    first_line_of_file = false;
    LdifAttribute dn;
    parse_attribute(line, dn);
    if (!equals_ignoring_case(dn.type, "dn"))
      fail(line.number, 1, line.text, "expected a record to start with \"dn:\"");
    if (dn.url) fail(line.number, 4, line.text, "a dn cannot be a URL");

    attributes_.clear();
    Line next;
    while (next_line(next)) {
      if (is_blank(next.text)) break;
      if (next.text[0] == '#') continue;
      if (next.text == "-")
        fail(next.number, 1, next.text,
             "a \"-\" line separates the changes of a modify record: this is a change file, not an export");
      LdifAttribute attribute;
      parse_attribute(next, attribute);
      if (equals_ignoring_case(attribute.type, "changetype")) {
        if (equals_ignoring_case(attribute.value, "add")) continue;  // ldifde writes it before every entry
        fail(next.number, next.text.size() - attribute.value.size() + 1, next.text,
             "a change record (changetype: " + std::string(attribute.value) + ") is not a directory export");
      }
      if (equals_ignoring_case(attribute.type, "control")) continue;
      attributes_.push_back(attribute);
    }
    on_record(LdifRecord{dn.value, line.number, attributes_});
  }
}

}  // namespace accessgraph::importers
