#pragma once
// Answers one verified, authorised Request from the served engine version: the whole
// query API behind one switch. Every failure becomes an Error response; nothing a
// client sends can make answer() throw.
#include <atomic>
#include <cstdint>
#include <vector>

#include "accessgraph/versioned_engine.hpp"
#include "server/dispatch/dated_versions.hpp"
#include "server/protocol/framing.hpp"

namespace accessgraph::server {

struct DispatchLimits {
  std::uint32_t max_page_items = 10'000;                            // per page of any list
  std::uint32_t max_response_bytes = wire::kDefaultMaxResponseBytes;  // larger answers become TooLarge errors
};

// What health reports about the server around the dispatcher.
struct ServerCounters {
  std::atomic<std::uint32_t> connections{0};
  std::atomic<bool> stopping{false};
};

// A size-prefixed Response, ready to write.
using ResponseFrame = flatbuffers::DetachedBuffer;

class RequestDispatcher {
 public:
  // Requests carry no date: each is answered at the versions' default date.
  RequestDispatcher(const DatedVersions& versions, DispatchLimits limits, const ServerCounters& counters)
      : versions_(versions), limits_(limits), counters_(counters) {}

  ResponseFrame answer(const wire::Request& request) const;

  // Cheap enough to answer on an I/O thread (microseconds to tens of microseconds,
  // output bounded by the page size); everything else goes to the TBB arena.
  static bool is_light(wire::RequestBody body);

  static ResponseFrame error(std::uint64_t id, wire::ErrorCode code, const std::string& message,
                             std::uint64_t engine_version = 0);

 private:
  const DatedVersions& versions_;
  DispatchLimits limits_;
  const ServerCounters& counters_;
};

}  // namespace accessgraph::server
