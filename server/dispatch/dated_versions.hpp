#pragma once
// The engine a request is answered from: the published version evaluated at the date
// the request names, or else at the server's default date. The default is today (UTC),
// moving with the calendar, so a server started on Monday answers "as of Friday" on
// Friday; `serve --as-of DAY` pins it instead.
//
// Evaluating a version at another date rebuilds its closures (about a second per
// million identities), so the evaluated versions are kept, a few at a time, newest
// use first; concurrent requests for the same (version, date) wait for one evaluation.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <optional>

#include "accessgraph/versioned_engine.hpp"

namespace accessgraph::server {

struct DatedVersion {
  std::shared_ptr<const PublishedVersion> published;  // version number, status
  Engine engine;                                      // that version at the asked date
};

class DatedVersions {
 public:
  static constexpr std::size_t kKept = 4;  // evaluated (version, date) pairs kept

  // fixed_default: the date `serve --as-of` pinned; absent means today, every day.
  DatedVersions(VersionedEngine& engine, std::optional<Date> fixed_default)
      : engine_(engine), fixed_default_(fixed_default) {}

  // The date a request without as_of is answered at.
  Date default_date() const { return fixed_default_ ? *fixed_default_ : Date::today_utc(); }

  // The current version at `day` (default_date() when absent). The version evaluated
  // at the default date also gets the point-query table (check is one lookup).
  DatedVersion at(std::optional<Date> day = std::nullopt) const;

  VersionedEngine& versions() const { return engine_; }

 private:
  struct Entry {
    std::uint64_t version;
    Date day;
    std::shared_future<Engine> engine;
  };
  VersionedEngine& engine_;
  std::optional<Date> fixed_default_;
  mutable std::mutex mutex_;
  mutable std::list<Entry> kept_;  // most recently used first
  // The last version answered at the default date after the calendar moved past the
  // served version's date: every request of the day takes it without the lock.
  mutable std::atomic<std::shared_ptr<const DatedVersion>> latest_default_;
};

}  // namespace accessgraph::server
