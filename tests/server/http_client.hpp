#pragma once
// A small HTTP/1.1 client for tests (Boost.Beast, blocking): one kept-alive connection.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include <sys/socket.h>

#include <string>

namespace accessgraph::testing {

struct HttpReply {
  unsigned status = 0;
  std::string body;
  std::string content_type, engine_version, as_of;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) : socket_(io_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    // A server that never answers fails the test (the read throws) instead of hanging it.
    const timeval timeout{60, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }

  HttpReply get(const std::string& target, const std::string& token = "") { return send("GET", target, "", token); }
  HttpReply post(const std::string& target, const std::string& body, const std::string& token = "",
                 const std::string& content_type = "application/json") {
    return send("POST", target, body, token, content_type);
  }

  HttpReply send(const std::string& method, const std::string& target, const std::string& body,
                 const std::string& token, const std::string& content_type = "application/json") {
    namespace http = boost::beast::http;
    http::request<http::string_body> request{http::string_to_verb(method), target, 11};
    request.set(http::field::host, "127.0.0.1");
    if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
    if (!body.empty()) request.set(http::field::content_type, content_type);
    request.body() = body;
    request.prepare_payload();
    http::write(socket_, request);
    http::response_parser<http::string_body> parser;
    parser.body_limit(1u << 30);
    http::read(socket_, buffer_, parser);
    const auto& response = parser.get();
    HttpReply reply;
    reply.status = response.result_int();
    reply.body = response.body();
    reply.content_type = std::string(response[http::field::content_type]);
    reply.engine_version = std::string(response["X-Engine-Version"]);
    reply.as_of = std::string(response["X-As-Of"]);
    return reply;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace accessgraph::testing
