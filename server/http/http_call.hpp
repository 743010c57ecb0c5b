#pragma once
// One HTTP request as the handlers see it (already authorised and within limits), and
// the answer they give. Apart from Beast, so that handlers are plain functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace accessgraph::server::http {

// The request target split into its path and its decoded query parameters.
struct Target {
  std::string path;                                        // percent-decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order

  // Throws ArgumentError for bad percent-encoding.
  static Target parse(std::string_view target);
  // The first value of `name`, if given.
  std::optional<std::string_view> param(std::string_view name) const;
};

struct HttpCall {
  Target target;
  std::string path_id;  // the {id} at the end of /v1/access/{identity} and the like
  std::string_view body;
};

struct HttpAnswer {
  unsigned status = 200;
  std::string body;  // JSON unless content_type says otherwise
  std::string_view content_type = "application/json";
  std::uint64_t engine_version = 0;  // X-Engine-Version, 0: not an engine answer
  std::string as_of;                 // X-As-Of: the date the answer was evaluated at
};

// {"error": code, "message": message}
HttpAnswer error_answer(unsigned status, std::string_view code, std::string_view message);

}  // namespace accessgraph::server::http
