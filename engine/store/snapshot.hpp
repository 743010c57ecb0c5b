#pragma once
// A graph version as one binary file, read back without parsing a single CSV field:
// records and CSR arrays are stored as they lie in memory, strings as offsets into
// a per-section blob that becomes the loaded graph's arena.
//
// File: header (magic "AGSNAP", format, section count, header CRC), then sections,
// each tag | CRC-32C of its payload | payload length | payload (strings length,
// strings, data). Sections are independent, so they are read, checked and decoded in
// parallel. A CRC mismatch fails the read with the file and section named.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/graph/graph.hpp"

namespace accessgraph {

// An event waiting for the clock, as `state status` lists it.
struct PendingEvent {
  std::string event_id, effective_date;
};

struct SnapshotInfo {
  std::uint64_t version = 0;         // event batches applied to reach this graph
  std::uint64_t log_records = 0;     // how many records of the event log it includes
  std::uint64_t events_applied = 0;  // HR events in those batches
  std::string last_event_id;
  std::string clock;                  // the lifecycle clock of the graph
  std::vector<PendingEvent> pending;  // accepted events dated after it
};

struct Snapshot {
  Graph graph;
  SnapshotInfo info;
};

// Writes `graph` compacted (core/graph/compaction.hpp), atomically: a temporary
// file, fsync, rename, fsync of the folder.
void write_snapshot(const Graph& graph, const SnapshotInfo& info, const std::filesystem::path& path);

// Throws Error naming the file (and section) when it is missing, truncated, of another
// format or fails its checksum.
Snapshot read_snapshot(const std::filesystem::path& path);
// Only the header and the info section (cheap at any size).
SnapshotInfo read_snapshot_info(const std::filesystem::path& path);
// The info section after checking the checksum of every section (reads the whole file,
// decodes nothing): what `state status` trusts. Throws as read_snapshot does.
SnapshotInfo verify_snapshot(const std::filesystem::path& path);

}  // namespace accessgraph
