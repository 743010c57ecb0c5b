#pragma once
// A campaign's items as a state directory keeps them: DIR/campaigns/ID/items.csv,
//
//   item_id,kind,identity_id,account_id,entitlement_id,reviewer_id,score,recommendation,crc
//
// grouped by reviewer in queue order. The campaign's log record says where each
// reviewer's rows lie, so `recert decide` reads only the queues its decisions name;
// each row ends with the CRC-32C (hex) of the row before it, so any range is checked on
// its own. The file is fsync'd before the campaign record is logged.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace accessgraph {

struct StoredItem {
  std::string item_id, kind, identity_id, account_id, entitlement_id, reviewer_id;
  std::string score;  // as printed, e.g. 57.50
  std::string recommendation;
};

inline constexpr std::string_view kStoredItemsHeader =
    "item_id,kind,identity_id,account_id,entitlement_id,reviewer_id,score,recommendation,crc\n";

// Appends one row, with its CRC.
void append_stored_item(std::string& out, const StoredItem& item);

// The rows of a byte range of items.csv (whole rows), each checked against its CRC.
// Throws StateError naming the file and the byte offset of a damaged row.
std::vector<StoredItem> read_stored_items(const std::filesystem::path& file, std::uint64_t offset,
                                          std::uint64_t bytes);

// A stable item id: the same for the same campaign, kind, identity, account,
// entitlement and first reviewer (an ownerless non-human identity is one item per
// system owner): 16 hex digits of a 64-bit hash.
std::string campaign_item_id(std::string_view campaign_id, std::string_view kind, std::string_view identity_id,
                             std::string_view account_id, std::string_view entitlement_id,
                             std::string_view reviewer_id);

}  // namespace accessgraph
