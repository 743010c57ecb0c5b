#include "server/http/access_log.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <nlohmann/json.hpp>

namespace accessgraph::server::http {

AccessLog::AccessLog(const std::string& destination) {
  if (destination == "off") return;
  spdlog::sink_ptr sink;
  if (destination == "-") sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  else sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(destination);  // throws spdlog_ex naming it
  logger_ = std::make_shared<spdlog::logger>("http-access", std::move(sink));
  // The line is the JSON object itself; its "time" field is the timestamp.
  logger_->set_pattern("{\"time\":\"%Y-%m-%dT%H:%M:%S.%fZ\",%v}", spdlog::pattern_time_type::utc);
  logger_->set_level(spdlog::level::info);
  logger_->flush_on(spdlog::level::info);
}

void AccessLog::write(const AccessRecord& r) const {
  if (!logger_) return;
  // Keys after "time" (the pattern writes it): dump() escapes what a client sent.
  const nlohmann::ordered_json line{{"method", r.method}, {"path", r.path},   {"endpoint", r.endpoint},
                            {"status", r.status}, {"duration_ms", r.seconds * 1e3},
                            {"bytes_in", r.bytes_in}, {"bytes_out", r.bytes_out}, {"client", r.client}};
  const std::string object = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  logger_->info(std::string_view(object).substr(1, object.size() - 2));  // without its braces
}

}  // namespace accessgraph::server::http
