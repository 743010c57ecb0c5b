// How the CLI names a server: HOST:PORT (IPv6 as [ADDR]:PORT) and a token file.
#include "cli/command.hpp"
#include "core/io/file_text.hpp"

namespace accessgraph::cli {

ServerEndpoint parse_server_endpoint(const std::string& text, const std::string& option) {
  const std::size_t colon = text.rfind(':');
  auto bad = [&](const std::string& reason) { return ArgumentError(option, text, reason); };
  if (colon == std::string::npos || colon == 0) throw bad("expected HOST:PORT");
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_text = text.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos)
    throw bad("expected a port number after the colon");
  const unsigned long port = std::stoul(port_text);
  if (port > 65535) throw bad("port out of range");
  return {host, static_cast<std::uint16_t>(port)};
}

std::string read_token_file(const std::string& path) {
  constexpr std::uint64_t kMaxTokenFileBytes = 64 << 10;  // one line; regular files only
  const std::string text = read_input_file(path, path, kMaxTokenFileBytes);
  std::string token = text.substr(0, text.find('\n'));
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ' || token.back() == '\t')) token.pop_back();
  if (token.empty()) throw InputError(path, 1, "", "", "the token file is empty");
  return token;
}

}  // namespace accessgraph::cli
