#include "engine/store/state_directory.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>
#include <nlohmann/json.hpp>

#include "core/common/error.hpp"
#include "core/io/file_text.hpp"
#include "engine/store/control_file.hpp"

namespace accessgraph {

namespace {

bool present(const std::filesystem::path& path) {
  std::error_code error;
  return std::filesystem::exists(std::filesystem::symlink_status(path, error));
}

}  // namespace

void StatePaths::require_state() const {
  if (!std::filesystem::is_directory(dir))
    throw StateError("state directory " + dir.string() + " does not exist: create it with `accessgraph state init "
                     "BUNDLE --state " + dir.string() + "`");
  const bool has_snapshot = present(snapshot()), has_log = present(log()), has_control = present(control());
  if (!has_control && !has_snapshot && !has_log && !present(base()))
    throw StateError(dir.string() + " is not a state directory (no control, snapshot.bin or events.log): create one "
                     "with `accessgraph state init BUNDLE --state " + dir.string() + "`");
  if (!has_control)
    throw StateError("state directory " + dir.string() + " has no control file, which `state init` writes last: an "
                     "interrupted init, a state made by an older accessgraph, or a deleted file; nothing was changed "
                     "(`accessgraph state repair --help` rebuilds it from events.log)");
  if (!has_snapshot) {
    std::string keep = "VERSION";
    try {
      keep = std::to_string(ControlFile::read(control()).commit.records);
    } catch (const StateError&) {
    }
    throw StateError("state directory " + dir.string() + ": snapshot.bin is missing; the state is not opened (it is "
                     "never taken for an empty one); `accessgraph state repair --state " + dir.string() +
                     " --truncate-after " + keep + "` puts base.bin back in its place and keeps every batch");
  }
  if (!has_log)
    throw StateError("state directory " + dir.string() + ": events.log is missing; the state is not opened (it is "
                     "never taken for an empty one): restore it from a backup");
}

void StatePaths::require_no_state() const {
  std::vector<std::string> found;
  for (const auto& path : {snapshot(), log(), base(), control()})
    if (present(path)) found.push_back(path.filename().string());
  if (found.empty()) return;
  std::string names;
  for (const std::string& name : found) names += (names.empty() ? "" : ", ") + name;
  throw StateError("state directory " + dir.string() + " already holds a state (" + names +
                   "): init never overwrites one, and nothing was deleted; choose another directory");
}

namespace {

constexpr std::string_view kBatchKindNames[] = {"hr_events", "campaign", "review"};

}  // namespace

std::string encode_batch(const LoggedBatch& batch) {
  if (batch.kind == LoggedBatch::Kind::kHrEvents)
    return nlohmann::json{{"kind", "hr_events"},
                          {"as_of", batch.as_of.to_string()},
                          {"retention_days", batch.retention_days},
                          {"events", batch.events_csv}}
        .dump();
  return nlohmann::json{{"kind", kBatchKindNames[static_cast<std::size_t>(batch.kind)]},
                        {"as_of", batch.as_of.to_string()},
                        {"retention_days", batch.retention_days},
                        {"record", nlohmann::json::parse(batch.record_json)}}
      .dump();
}

LoggedBatch decode_batch(std::string_view payload, const std::filesystem::path& log, std::size_t record_number) {
  auto fail = [&](const std::string& why) -> LoggedBatch {
    throw StateError("event log " + log.string() + ": record " + std::to_string(record_number) + " " + why);
  };
  const nlohmann::json record = nlohmann::json::parse(payload, nullptr, false);
  if (record.is_discarded() || !record.is_object() || !record.contains("kind") || !record["kind"].is_string())
    return fail("is not a batch of this version of accessgraph");
  const std::string kind = record["kind"].get<std::string>();
  const auto known = std::find(std::begin(kBatchKindNames), std::end(kBatchKindNames), kind);
  if (known == std::end(kBatchKindNames)) return fail("is of an unknown kind \"" + kind + "\"");
  LoggedBatch batch;
  batch.kind = static_cast<LoggedBatch::Kind>(known - std::begin(kBatchKindNames));
  const auto as_of = Date::parse(record.value("as_of", ""));
  if (!as_of) return fail("lacks its as_of date");
  batch.as_of = *as_of;
  batch.retention_days = record.value("retention_days", 90);
  if (batch.kind == LoggedBatch::Kind::kHrEvents) {
    if (!record.contains("events") || !record["events"].is_string()) return fail("lacks its events");
    batch.events_csv = record["events"].get<std::string>();
  } else {
    if (!record.contains("record") || !record["record"].is_object()) return fail("lacks its record");
    batch.record_json = record["record"].dump();
  }
  return batch;
}

namespace {

// "pid 123: accessgraph serve --state st", from /proc (Linux); the pid alone elsewhere.
std::string holder_description() {
  std::string command;
  if (std::optional<std::string> cmdline = read_file_text("/proc/self/cmdline")) {
    for (char c : *cmdline) command += c == '\0' ? ' ' : (static_cast<unsigned char>(c) < 0x20 ? '?' : c);
    while (!command.empty() && command.back() == ' ') command.pop_back();
    if (command.size() > 300) command = command.substr(0, 300) + "...";
  }
  return "pid " + std::to_string(::getpid()) + (command.empty() ? "" : ": " + command);
}

}  // namespace

StateLock::StateLock(const StatePaths& paths) {
  fd_ = ::open(paths.lock().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw StateError("cannot open " + paths.lock().string() + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    std::string holder = read_file_text(paths.lock()).value_or("");
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == '\0')) holder.pop_back();
    ::close(fd_);
    throw StateError("state directory " + paths.dir.string() + " is in use by another writer (" +
                     (holder.empty() ? std::string("holder unknown") : holder) +
                     "): one process writes a state at a time; send the batch to that server with the client, or "
                     "wait for it to finish");
  }
  // Ours now: say who holds it (best effort: the flock is the lock, this is a label).
  const std::string holder = holder_description() + "\n";
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] const ssize_t written = ::pwrite(fd_, holder.data(), holder.size(), 0);
  }
}

StateLock::~StateLock() {
  if (::ftruncate(fd_, 0) != 0) {
    // the label only; closing releases the lock all the same
  }
  ::close(fd_);  // closing releases the lock
}

}  // namespace accessgraph
