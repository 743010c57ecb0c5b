#include "server/http/http_server.hpp"

#include <spdlog/spdlog.h>

#include <cmath>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include "server/auth/authenticator.hpp"
#include "server/http/access_log.hpp"
#include "server/http/http_metrics.hpp"
#include "server/http/openapi_document.hpp"
#include "server/http/rate_limiter.hpp"
#include "server/http/routes.hpp"

namespace accessgraph::server::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;
using SteadyClock = std::chrono::steady_clock;

constexpr std::uint32_t kHeaderLimit = 16 * 1024;  // request line and headers

// An answer and what it was an answer to, for the metrics and the log.
struct Routed {
  HttpAnswer answer;
  Endpoint endpoint = Endpoint::kUnknown;
  bool close = false;  // the connection cannot continue (a request not read whole)
  double retry_after = 0;
};

// "Bearer TOKEN" (the scheme in any case); empty when absent.
std::string_view bearer_token(const Request& request) {
  const auto found = request.find(bhttp::field::authorization);
  if (found == request.end()) return {};
  const std::string_view value(found->value().data(), found->value().size());
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() < kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return {};
  return value.substr(kScheme.size());
}

// The path as sent, without the query string (ids and dates, kept out of the log).
std::string logged_path(const Request& request) {
  const std::string_view target(request.target().data(), request.target().size());
  return std::string(target.substr(0, target.find('?')));
}

unsigned status_of(wire::ErrorCode code) { return code == wire::ErrorCode::Forbidden ? 403 : 401; }

// The engine's exceptions as HTTP errors; nothing a client sends escapes as an exception.
template <class Answer>
HttpAnswer guarded(Answer&& answer) {
  try {
    return answer();
  } catch (const NotFoundError& e) {
    return error_answer(404, "not_found", e.what());
  } catch (const InputError& e) {
    return error_answer(400, "bad_request", e.what());
  } catch (const std::bad_alloc&) {
    return error_answer(500, "internal", "the answer does not fit in memory: ask for a smaller page");
  } catch (const std::exception& e) {
    return error_answer(500, "internal", e.what());
  }
}

HttpAnswer text_answer(std::string body, std::string_view content_type) {
  HttpAnswer answer;
  answer.body = std::move(body);
  answer.content_type = content_type;
  return answer;
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(HttpOptions settings)
      : options(std::move(settings)),
        authenticator(std::move(options.tokens)),
        limiter(options.rate_limit, options.rate_burst > 0 ? options.rate_burst : std::max(1.0, options.rate_limit)),
        log(options.access_log),
        contexts(make_contexts(std::max(1u, options.io_threads))),
        workers(std::max(1u, options.worker_threads)),
        acceptor(*contexts.front()) {}

  // One io_context per I/O thread, each run by its thread alone: a connection lives on
  // one of them from accept to close, so no strand, lock or wake-up crosses threads
  // (a shared io_context cost a futex every other request).
  static std::vector<std::unique_ptr<asio::io_context>> make_contexts(unsigned count) {
    std::vector<std::unique_ptr<asio::io_context>> made;
    for (unsigned i = 0; i < count; ++i) made.push_back(std::make_unique<asio::io_context>(1));
    return made;
  }

  HttpOptions options;
  std::atomic<const DatedVersions*> versions{nullptr};
  Authenticator authenticator;
  RateLimiter limiter;
  HttpMetrics metrics;
  AccessLog log;
  // Declared after what connections use: destroying the io_contexts destroys the
  // connections' coroutines, which still count themselves out of the metrics.
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  // Keeps each context's run() going while it has no connection (until stop()).
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  std::size_t next_context = 0;  // on the acceptor's thread only
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::atomic<bool> stopped{false};
  std::uint16_t port = 0;

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(tcp::socket socket);
  asio::awaitable<Routed> route(const Request& request, bool loopback, const std::string& client);
  HttpAnswer operational(Endpoint endpoint) const;
};

HttpAnswer HttpServer::Impl::operational(Endpoint endpoint) const {
  const DatedVersions* served = versions.load();
  switch (endpoint) {
    case Endpoint::kHealthz: return text_answer(R"({"status":"ok"})", "application/json");
    case Endpoint::kReadyz:
      if (!served) return error_answer(503, "unavailable", "loading the engine");
      return text_answer(nlohmann::ordered_json{{"status", "ready"},
                                                {"version", served->versions().published()->status.version},
                                                {"as_of", served->default_date().to_string()}}
                             .dump(),
                         "application/json");
    case Endpoint::kMetrics: return text_answer(metrics.render(served), "text/plain; version=0.0.4; charset=utf-8");
    case Endpoint::kOpenApi: return text_answer(std::string(kOpenApiDocument), "application/json");
    default: return error_answer(404, "not_found", "no such endpoint");
  }
}

asio::awaitable<Routed> HttpServer::Impl::route(const Request& request, bool loopback, const std::string& client) {
  Routed routed;
  HttpCall call;
  try {
    call.target = Target::parse(std::string_view(request.target().data(), request.target().size()));
  } catch (const InputError& e) {
    routed.answer = error_answer(400, "bad_request", e.what());
    co_return routed;
  }
  const std::string_view method(request.method_string().data(), request.method_string().size());
  RouteMatch match = match_route(method, call.target.path);
  if (!match.route) {
    routed.answer = match.path_known ? error_answer(405, "method_not_allowed", "this path takes another method")
                                     : error_answer(404, "not_found", "no endpoint " + call.target.path);
    co_return routed;
  }
  const Route& route = *match.route;
  routed.endpoint = route.endpoint;
  if (!route.handle) {
    routed.answer = operational(route.endpoint);
    co_return routed;
  }
  const std::string_view token = bearer_token(request);
  const AuthDecision decision = authenticator.authorize(token, route.acts_as, loopback);
  if (!decision.allowed) {
    routed.answer = error_answer(status_of(decision.code),
                                 decision.code == wire::ErrorCode::Forbidden ? "forbidden" : "unauthenticated",
                                 decision.message);
    co_return routed;
  }
  if (!limiter.admit(token.empty() ? std::string_view(client) : token)) {
    routed.answer = error_answer(429, "rate_limited", "too many requests for this token: slow down");
    routed.retry_after = limiter.seconds_per_request();
    co_return routed;
  }
  const DatedVersions* served = versions.load();
  if (!served) {
    routed.answer = error_answer(503, "unavailable", "loading the engine: see /readyz");
    co_return routed;
  }
  call.path_id = std::move(match.id);
  call.body = request.body();
  const QueryContext context{*served, options.max_page_items};
  auto answer = [&] { return guarded([&] { return route.handle(call, context); }); };
  if (route.light) {
    routed.answer = answer();
  } else {
    routed.answer = co_await asio::co_spawn(
        workers, [&]() -> asio::awaitable<HttpAnswer> { co_return answer(); }, asio::use_awaitable);
  }
  co_return routed;
}

asio::awaitable<void> HttpServer::Impl::session(tcp::socket socket) {
  struct Counted {  // this connection in accessgraph_http_connections
    explicit Counted(HttpMetrics& m) : metrics(m) { ++metrics.connections; }
    ~Counted() { --metrics.connections; }
    HttpMetrics& metrics;
  } counted(metrics);
  beast::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  if (ec) co_return;
  const bool loopback = remote.address().is_loopback();
  const std::string client = remote.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  bool refuse = metrics.connections.load() > options.max_connections;
  if (refuse) ++metrics.connections_refused;
  for (;;) {
    std::optional<bhttp::request_parser<bhttp::string_body>> parser(std::in_place);
    parser->header_limit(kHeaderLimit);
    parser->body_limit(options.max_body_bytes);
    stream.expires_after(options.idle_timeout);
    const std::size_t buffered = buffer.size();
    const std::size_t read = co_await bhttp::async_read(stream, buffer, *parser, asio::redirect_error(asio::use_awaitable, ec));
    const auto start = SteadyClock::now();
    Routed routed;
    std::string path;
    std::string method = "-";
    unsigned version = 11;
    if (ec == bhttp::error::body_limit) {
      routed.answer = error_answer(413, "too_large",
                                   "the body is over the server's limit of " + std::to_string(options.max_body_bytes) +
                                       " bytes (--max-request-bytes)");
      routed.close = true;
    } else if (ec == bhttp::error::header_limit) {
      routed.answer = error_answer(431, "too_large", "request headers over 16 KiB");
      routed.close = true;
    } else if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
               ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      routed.answer = error_answer(400, "bad_request", "not an HTTP/1.1 request: " + ec.message());
      routed.close = true;
    } else if (ec) {
      break;  // closed, reset or timed out: nothing to answer
    }
    if (ec) {
      if (parser->is_header_done()) {
        method = std::string(parser->get().method_string());
        path = logged_path(parser->get());
      }
    } else {
      const Request& request = parser->get();
      method = std::string(request.method_string());
      version = request.version();
      if (refuse) {
        routed.answer = error_answer(503, "unavailable", "too many connections: try again later");
        routed.close = true;
      } else {
        routed = co_await route(request, loopback, client);
        routed.close = routed.close || !request.keep_alive();
      }
      path = logged_path(request);
    }
    Response response{static_cast<bhttp::status>(routed.answer.status), version};
    response.set(bhttp::field::server, "accessgraph");
    response.set(bhttp::field::content_type,
                 beast::string_view(routed.answer.content_type.data(), routed.answer.content_type.size()));
    if (routed.answer.engine_version != 0 || !routed.answer.as_of.empty()) {
      response.set("X-Engine-Version", std::to_string(routed.answer.engine_version));
      response.set("X-As-Of", routed.answer.as_of);
    }
    if (routed.answer.status == 429)
      response.set(bhttp::field::retry_after, std::to_string(std::max(1, static_cast<int>(std::ceil(routed.retry_after)))));
    response.body() = std::move(routed.answer.body);
    response.keep_alive(!routed.close);
    response.prepare_payload();
    const std::uint64_t bytes_out = response.body().size();
    parser.reset();  // the request's memory goes before the answer is written
    stream.expires_after(options.io_timeout);
    beast::error_code write_error;
    co_await bhttp::async_write(stream, response, asio::redirect_error(asio::use_awaitable, write_error));
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    metrics.record(routed.endpoint, routed.answer.status, seconds);
    log.write({method, path, endpoint_name(routed.endpoint), client, routed.answer.status, seconds,
               read > buffered ? read : 0, bytes_out});
    if (write_error || routed.close) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> HttpServer::Impl::accept_loop() {
  for (;;) {
    beast::error_code ec;
    asio::io_context& home = *contexts[next_context++ % contexts.size()];  // round robin
    tcp::socket socket = co_await acceptor.async_accept(home, asio::redirect_error(asio::use_awaitable, ec));
    if (stopped) co_return;
    if (ec) {
      // Out of descriptors and the like: wait a little rather than spin.
      spdlog::warn("http: accept failed: {}", ec.message());
      asio::steady_timer backoff(*contexts.front(), std::chrono::milliseconds(50));
      co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(home, session(std::move(socket)), asio::detached);
  }
}

HttpServer::HttpServer(HttpOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  Impl& s = *impl_;
  beast::error_code ec;
  const auto address = asio::ip::make_address(s.options.host == "localhost" ? "127.0.0.1" : s.options.host, ec);
  if (ec) throw ArgumentError("--http", s.options.host, "not an IP address");
  const tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw Error("cannot listen on " + s.options.host + ":" + std::to_string(s.options.port) + " (--http): " +
                ec.message());
  s.port = s.acceptor.local_endpoint().port();
  asio::co_spawn(*s.contexts.front(), s.accept_loop(), asio::detached);
  try {
    for (auto& context : s.contexts) {
      s.keep_running.push_back(asio::make_work_guard(*context));
      s.threads.emplace_back([&context] { context->run(); });
    }
  } catch (const std::system_error& error) {
    stop();
    throw Error(std::string("cannot start the HTTP I/O threads: ") + error.what());
  }
}

HttpServer::~HttpServer() { stop(); }

std::uint16_t HttpServer::port() const { return impl_->port; }

std::string HttpServer::address() const { return impl_->options.host + ":" + std::to_string(impl_->port); }

void HttpServer::ready(const DatedVersions& versions) { impl_->versions.store(&versions); }

void HttpServer::stop() {
  Impl& s = *impl_;
  if (s.stopped.exchange(true)) return;
  asio::post(*s.contexts.front(), [&s] {
    beast::error_code ignored;
    s.acceptor.close(ignored);
  });
  s.workers.stop();  // requests under way finish; their answers are not written
  s.workers.join();
  for (auto& context : s.contexts) context->stop();
  for (auto& thread : s.threads) thread.join();
  s.versions.store(nullptr);
}

}  // namespace accessgraph::server::http
