#pragma once
// The HTTP/1.1 front end (Boost.Beast): JSON over the same engine versions, tokens
// and scopes as the FlatBuffers server in the same process (SPEC section 11,
// docs/server.md). It listens from construction, before the engine is loaded: then
// /healthz answers 200 and /readyz 503 until ready() hands it the versions.
//
// Like the FlatBuffers server, I/O threads read, route and answer light requests
// (check, access, explain, the operational endpoints); heavier ones run on a worker
// pool so that they never hold up a connection on the same thread.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/auth/token_table.hpp"
#include "server/dispatch/dated_versions.hpp"

namespace accessgraph::server::http {

struct HttpOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port (see port())
  unsigned io_threads = 1;
  unsigned worker_threads = 1;            // heavy requests
  std::uint32_t max_connections = 1024;   // beyond: 503 and close
  std::uint64_t max_body_bytes = 16u << 20;  // beyond: 413 and close
  std::uint32_t max_page_items = 10'000;
  double rate_limit = 0;                  // requests per second per token (or address); 0: none
  double rate_burst = 0;                  // bucket size; 0: one second's worth
  std::chrono::seconds idle_timeout{300};  // between requests on a kept-alive connection
  std::chrono::seconds io_timeout{30};     // to read a started request or write an answer
  std::string access_log = "-";            // "-": stderr, "off", or a file
  std::optional<TokenTable> tokens;        // absent: loopback clients only, every scope
};

class HttpServer {
 public:
  // Binds and listens, and starts its threads; throws Error when the address cannot
  // be used.
  explicit HttpServer(HttpOptions options);
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;
  std::string address() const;  // HOST:PORT

  // The engine is loaded: queries are answered from now on. `versions` must outlive
  // this server (or stop() must come first).
  void ready(const DatedVersions& versions);
  // Stops accepting, closes the connections and joins the threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace accessgraph::server::http
