#include "engine/report/campaign_items.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include "core/common/error.hpp"
#include "core/io/csv_format.hpp"
#include "engine/store/crc32c.hpp"
#include "loaders/csv_reader.hpp"

namespace accessgraph {
namespace {

constexpr std::size_t kFields = 9;

std::string crc_text(std::string_view row) {
  char text[9];
  std::snprintf(text, sizeof text, "%08x", crc32c({row}));
  return text;
}

}  // namespace

void append_stored_item(std::string& out, const StoredItem& item) {
  std::string row;
  append_csv_row(row, item.item_id, item.kind, item.identity_id, item.account_id, item.entitlement_id,
                 item.reviewer_id, item.score, item.recommendation);
  row.pop_back();  // the line break: the CRC covers the fields before it
  out += row;
  out += ',';
  out += crc_text(row);
  out += '\n';
}

std::vector<StoredItem> read_stored_items(const std::filesystem::path& file, std::uint64_t offset,
                                          std::uint64_t bytes) {
  std::string text(bytes, '\0');
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw StateError("campaign items " + file.string() + " cannot be opened: the campaign's file is missing");
  const ssize_t got = ::pread(fd, text.data(), bytes, static_cast<off_t>(offset));
  ::close(fd);
  if (got != static_cast<ssize_t>(bytes))
    throw StateError("campaign items " + file.string() + ": shorter than its log record says (reading " +
                     std::to_string(bytes) + " bytes at byte " + std::to_string(offset) + ")");
  auto csv = loaders::CsvFile::from_text(std::string(kStoredItemsHeader) + text, file.string());
  std::vector<StoredItem> items;
  std::string row;
  auto damaged = [&](std::uint64_t line) {
    throw StateError("campaign items " + file.string() + ": row " + std::to_string(line - 1) + " after byte " +
                     std::to_string(offset) + " is damaged (its checksum does not match); nothing was changed");
  };
  for (const auto& chunk : csv.split(SIZE_MAX))
    csv.parse(
        chunk,
        [&](const loaders::CsvRecord& record) {
          const auto& f = record.fields;
          if (f.size() != kFields) damaged(record.line);
          row.clear();
          append_csv_row(row, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
          row.pop_back();
          if (crc_text(row) != f[8]) damaged(record.line);
          items.push_back({std::string(f[0]), std::string(f[1]), std::string(f[2]), std::string(f[3]),
                           std::string(f[4]), std::string(f[5]), std::string(f[6]), std::string(f[7])});
        },
        [&](const loaders::CsvSyntaxError& error) { damaged(error.line); });
  return items;
}

std::string campaign_item_id(std::string_view campaign_id, std::string_view kind, std::string_view identity_id,
                             std::string_view account_id, std::string_view entitlement_id,
                             std::string_view reviewer_id) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a over the parts, each ended by a unit separator
  for (std::string_view part : {campaign_id, kind, identity_id, account_id, entitlement_id, reviewer_id}) {
    for (unsigned char c : part) hash = (hash ^ c) * 1099511628211ULL;
    hash = (hash ^ 0x1f) * 1099511628211ULL;
  }
  // FNV's low bits mix poorly for short inputs: finish with a 64-bit avalanche.
  hash ^= hash >> 33, hash *= 0xff51afd7ed558ccdULL, hash ^= hash >> 33, hash *= 0xc4ceb9fe1a85ec53ULL, hash ^= hash >> 33;
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace accessgraph
