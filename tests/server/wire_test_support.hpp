#pragma once
// Raw frames for the tests that speak the wire protocol directly.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/client/frame_socket.hpp"
#include "server/protocol/framing.hpp"

namespace accessgraph::testing {

using Frame = std::vector<std::uint8_t>;

inline Frame check_frame(std::uint64_t id, const std::string& identity, const std::string& entitlement,
                         const std::string& token = "") {
  flatbuffers::FlatBufferBuilder fbb;
  auto body = wire::CreateCheckRequestDirect(fbb, identity.c_str(), entitlement.c_str());
  fbb.FinishSizePrefixed(wire::CreateRequestDirect(fbb, id, wire::kProtocolVersion, token.empty() ? nullptr : token.c_str(),
                                                   wire::RequestBody::CheckRequest, body.Union()));
  return {fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize()};
}

// A frame: the length prefix, then `payload` as is.
inline Frame raw_frame(const Frame& payload) {
  Frame frame(4 + payload.size());
  for (int i = 0; i < 4; ++i) frame[i] = static_cast<std::uint8_t>(payload.size() >> (8 * i));
  for (std::size_t i = 0; i < payload.size(); ++i) frame[4 + i] = payload[i];
  return frame;
}

inline void send(client::FrameSocket& socket, const Frame& frame) { socket.send(frame.data(), frame.size()); }

// The next response, which must verify.
struct Received {
  Frame bytes;
  const wire::Response* response = nullptr;
};
inline Received receive(client::FrameSocket& socket) {
  Received received;
  received.bytes = socket.receive(64u << 20);
  received.response = wire::verified_response(received.bytes);
  EXPECT_NE(received.response, nullptr) << "the server sent a frame that does not verify";
  return received;
}

inline wire::ErrorCode error_code(const Received& received) {
  EXPECT_EQ(received.response->body_type(), wire::ResponseBody::Error);
  return received.response->body_as_Error() ? received.response->body_as_Error()->code() : wire::ErrorCode::Internal;
}

}  // namespace accessgraph::testing
