// libFuzzer target: request decoding and dispatch, as a connection does it for each
// frame (verify, then answer from an engine over the sample bundle). A crash, a
// sanitizer report or an exception escaping answer() is a finding.
// Built with -DACCESSGRAPH_FUZZ=ON and clang; run with server/fuzz/run_fuzz.sh.
#include <cstdint>
#include <cstring>
#include <vector>

#include "server/dispatch/request_dispatcher.hpp"

namespace {

struct Target {
  Target() : versioned(accessgraph::VersionedEngine::in_memory(open())), dispatcher(dated, limits(), counters) {}

  static accessgraph::Engine open() {
    accessgraph::OpenOptions options;
    options.as_of = *accessgraph::Date::parse("2026-11-01");
    return accessgraph::Engine::open_bundle(ACCESSGRAPH_SOURCE_DIR "/datasets/sample", options);
  }
  static accessgraph::server::DispatchLimits limits() {
    accessgraph::server::DispatchLimits limits;
    limits.max_page_items = 5;
    return limits;
  }

  accessgraph::VersionedEngine versioned;
  accessgraph::server::DatedVersions dated{versioned, versioned.current().as_of()};
  accessgraph::server::ServerCounters counters;
  accessgraph::server::RequestDispatcher dispatcher;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Target target;
  // The connection's framing: the input is the payload; the frame gets a correct
  // prefix, in an aligned buffer of its own.
  std::vector<std::uint8_t> frame(4 + size);
  const auto length = static_cast<std::uint32_t>(size);
  for (int i = 0; i < 4; ++i) frame[i] = static_cast<std::uint8_t>(length >> (8 * i));
  if (size > 0) std::memcpy(frame.data() + 4, data, size);
  const accessgraph::wire::Request* request = accessgraph::wire::verified_request(frame);
  if (!request) return 0;
  // Apply would change the engine between inputs and make findings irreproducible.
  if (request->body_type() == accessgraph::wire::RequestBody::ApplyEventsRequest) return 0;
  const auto response = target.dispatcher.answer(*request);
  // The answer must itself be a valid Response.
  if (!accessgraph::wire::verified_response({response.data(), response.size()})) __builtin_trap();
  return 0;
}
