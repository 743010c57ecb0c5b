#include "importers/ldif_reader.hpp"

#include <array>
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

LdifReader::LdifReader(const SourceFile& file) : window_(file.path, file.label) {}

void LdifReader::fail(std::uint64_t line, std::size_t column, std::string_view value, const std::string& reason) const {
  throw InputError(window_.label(), line, "", excerpt(value), reason + " (column " + std::to_string(column) + ")");
}

bool LdifReader::physical_line(std::uint64_t& begin, std::uint64_t& end) {
  for (;;) {
    if (pos_ >= window_.end() && !window_.advance(anchor_)) return false;
    const char* start = window_.at(pos_);
    const char* stop = window_.at(window_.end());
    const void* newline = std::memchr(start, '\n', static_cast<std::size_t>(stop - start));
    if (newline) {
      begin = pos_;
      end = pos_ + static_cast<std::uint64_t>(static_cast<const char*>(newline) - start);
      pos_ = end + 1;
      break;
    }
    if (window_.at_end_of_file()) {  // the last line has no line break
      begin = pos_;
      end = window_.end();
      pos_ = end;
      break;
    }
    window_.advance(anchor_);
  }
  ++line_number_;
  if (end > begin && *window_.at(end - 1) == '\r') --end;
  return true;
}

int LdifReader::peek() {
  while (pos_ >= window_.end())
    if (!window_.advance(anchor_)) return -1;
  return static_cast<unsigned char>(*window_.at(pos_));
}

std::string_view LdifReader::view(const Span& span) const {
  if (span.in_scratch) return std::string_view(scratch_).substr(span.begin, span.size);
  return {window_.at(span.begin), span.size};
}

bool LdifReader::logical_line(Line& line) {
  std::uint64_t begin, end;
  if (!physical_line(begin, end)) return false;
  line.number = line_number_;
  line.text = {begin, static_cast<std::uint32_t>(end - begin), false};
  if (begin == end || peek() != ' ') return true;
  // Folded: the line and its continuations (each without its leading space) in scratch.
  std::uint64_t scratch_begin = scratch_.size();
  scratch_.append(window_.at(begin), static_cast<std::size_t>(end - begin));
  while (peek() == ' ') {
    physical_line(begin, end);
    if (end > begin + 1) scratch_.append(window_.at(begin + 1), static_cast<std::size_t>(end - begin - 1));
  }
  line.text = {scratch_begin, static_cast<std::uint32_t>(scratch_.size() - scratch_begin), true};
  return true;
}

void LdifReader::parse_attribute(const Line& line, PendingAttribute& out) {
  std::string_view text = view(line.text);
  auto sub = [&](std::size_t offset, std::size_t size) {
    return Span{line.text.begin + offset, static_cast<std::uint32_t>(size), line.text.in_scratch};
  };
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) fail(line.number, 1, text, "expected \"attribute: value\"");
  if (colon == 0) fail(line.number, 1, text, "missing attribute type before ':'");
  for (std::size_t i = 0; i < colon; ++i)
    if (!attribute_description_char(text[i]))
      fail(line.number, i + 1, text, "invalid character in attribute type");
  std::size_t semicolon = text.substr(0, colon).find(';');
  std::size_t type_size = semicolon == std::string_view::npos ? colon : semicolon;
  out.type = sub(0, type_size);
  out.options = type_size < colon ? sub(type_size + 1, colon - type_size - 1) : Span{};
  out.line = line.number;
  std::size_t pos = colon + 1;
  out.base64 = pos < text.size() && text[pos] == ':';
  out.url = !out.base64 && pos < text.size() && text[pos] == '<';
  if (out.base64 || out.url) ++pos;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  if (!out.base64) {
    out.value = sub(pos, text.size() - pos);
    return;
  }
  encoded_.assign(text.substr(pos));  // `text` may live in scratch_, which decoding appends to
  std::size_t decoded_begin = scratch_.size();
  if (!decode_base64(encoded_, scratch_)) fail(line.number, pos + 1, encoded_, "invalid base64 value");
  out.value = {decoded_begin, static_cast<std::uint32_t>(scratch_.size() - decoded_begin), true};
}

void LdifReader::read(absl::FunctionRef<void(const LdifRecord&)> on_record) {
  window_.advance(0);
  if (window_.end() >= 3 && std::string_view(window_.at(0), 3) == "\xEF\xBB\xBF") pos_ = 3;  // BOM
  bool first_line = true;
  Line line;
  for (;;) {
    anchor_ = pos_;
    scratch_.clear();
    if (!logical_line(line)) break;
    std::string_view text = view(line.text);
    if (is_blank(text) || text[0] == '#') continue;
    if (first_line && text.size() >= 8 && equals_ignoring_case(text.substr(0, 8), "version:")) {
      first_line = false;
      std::string_view version = text.substr(8);
      while (!version.empty() && version.front() == ' ') version.remove_prefix(1);
      if (version != "1") fail(line.number, 9, text, "unsupported LDIF version (expected 1)");
      continue;
    }
    first_line = false;
    if (!line.text.in_scratch) anchor_ = line.text.begin;  // keep the record from its dn line on
    PendingAttribute dn;
    parse_attribute(line, dn);
    if (!equals_ignoring_case(view(dn.type), "dn"))
      fail(line.number, 1, text, "expected a record to start with \"dn:\"");
    if (dn.url) fail(line.number, 4, text, "a dn cannot be a URL");

    pending_.clear();
    Line next;
    while (logical_line(next)) {
      std::string_view content = view(next.text);
      if (is_blank(content)) break;
      if (content[0] == '#') continue;
      if (content == "-")
        fail(next.number, 1, content,
             "a \"-\" line separates the changes of a modify record: this is a change file, not an export");
      PendingAttribute attribute;
      parse_attribute(next, attribute);
      std::string_view type = view(attribute.type);
      if (equals_ignoring_case(type, "changetype")) {
        std::string_view change = view(attribute.value);
        if (equals_ignoring_case(change, "add")) continue;  // ldifde writes it before every entry
        fail(next.number, content.size() - change.size() + 1, content,
             "a change record (changetype: " + std::string(change) + ") is not a directory export");
      }
      if (equals_ignoring_case(type, "control")) continue;
      pending_.push_back(attribute);
    }

    attributes_.clear();
    for (const PendingAttribute& attribute : pending_)
      attributes_.push_back({view(attribute.type), view(attribute.options), view(attribute.value), attribute.line,
                             attribute.base64, attribute.url});
    on_record(LdifRecord{view(dn.value), line.number, attributes_});
  }
}

}  // namespace accessgraph::importers
