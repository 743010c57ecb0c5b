#pragma once
// The request log: one JSON object per line and request, with the method, the path
// (never the query string, which may carry ids a log should not keep), the status, the
// duration and the bytes answered. Never a token, never a body.
#include <spdlog/logger.h>

#include <memory>
#include <string>
#include <string_view>

namespace accessgraph::server::http {

struct AccessRecord {
  std::string_view method, path, endpoint, client;
  unsigned status;
  double seconds;
  std::uint64_t bytes_in, bytes_out;
};

class AccessLog {
 public:
  // "-": standard error; "off": nothing; else a file appended to.
  explicit AccessLog(const std::string& destination);
  void write(const AccessRecord& record) const;

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace accessgraph::server::http
