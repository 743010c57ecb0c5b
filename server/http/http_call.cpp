#include "server/http/http_call.hpp"

#include <nlohmann/json.hpp>

#include "core/common/error.hpp"

namespace accessgraph::server::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `plus_is_space`: in a query string '+' encodes a space; in a path it is itself.
std::string percent_decoded(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (high < 0 || low < 0) throw ArgumentError("url", std::string(text), "bad percent-encoding");
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
  }
  return out;
}

}  // namespace

Target Target::parse(std::string_view target) {
  Target parsed;
  const std::size_t question = target.find('?');
  parsed.path = percent_decoded(target.substr(0, question), false);
  if (question == std::string_view::npos) return parsed;
  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    parsed.query.emplace_back(percent_decoded(pair.substr(0, equals), true),
                              equals == std::string_view::npos ? std::string()
                                                               : percent_decoded(pair.substr(equals + 1), true));
  }
  return parsed;
}

std::optional<std::string_view> Target::param(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return value;
  return std::nullopt;
}

HttpAnswer error_answer(unsigned status, std::string_view code, std::string_view message) {
  HttpAnswer answer;
  answer.status = status;
  answer.body = nlohmann::ordered_json{{"error", code}, {"message", message}}.dump();
  return answer;
}

}  // namespace accessgraph::server::http
