#include "engine/store/state_directory.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/common/error.hpp"

namespace accessgraph {

void StatePaths::require_state() const {
  if (!std::filesystem::is_directory(dir)) throw StateError("state directory " + dir.string() + " does not exist");
  if (!std::filesystem::exists(snapshot()))
    throw StateError("state directory " + dir.string() + " has no snapshot.bin: create it with `accessgraph state init`");
}

std::string encode_batch(const LoggedBatch& batch) {
  return nlohmann::json{{"kind", "hr_events"},
                        {"as_of", batch.as_of.to_string()},
                        {"retention_days", batch.retention_days},
                        {"events", batch.events_csv}}
      .dump();
}

LoggedBatch decode_batch(std::string_view payload, const std::filesystem::path& log, std::size_t record_number) {
  auto fail = [&](const std::string& why) -> LoggedBatch {
    throw StateError("event log " + log.string() + ": record " + std::to_string(record_number) + " " + why);
  };
  const nlohmann::json record = nlohmann::json::parse(payload, nullptr, false);
  if (record.is_discarded() || !record.is_object() || record.value("kind", "") != "hr_events")
    return fail("is not an HR event batch");
  LoggedBatch batch;
  const auto as_of = Date::parse(record.value("as_of", ""));
  if (!as_of || !record.contains("events") || !record["events"].is_string())
    return fail("lacks its as_of date or its events");
  batch.as_of = *as_of;
  batch.retention_days = record.value("retention_days", 90);
  batch.events_csv = record["events"].get<std::string>();
  return batch;
}

StateLock::StateLock(const StatePaths& paths) {
  fd_ = ::open(paths.lock().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw StateError("cannot open " + paths.lock().string() + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    throw StateError("state directory " + paths.dir.string() +
                " is in use by another process that applies events (accessgraph apply or serve)");
  }
}

StateLock::~StateLock() { ::close(fd_); }  // closing releases the lock

}  // namespace accessgraph
