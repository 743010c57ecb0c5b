// Hostile input on one connection never crashes or stalls the server and never
// disturbs another connection: garbage, truncated, oversized and random frames, NONE
// and unknown request bodies, pipelined requests, a client that stops mid-frame.
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "tests/server/server_fixture.hpp"
#include "tests/server/wire_test_support.hpp"

namespace accessgraph {
namespace {

using namespace testing;

class RobustnessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess({"--bundle", kSample, "--as-of", kSampleAsOf, "--max-request-bytes", "65536",
                                 "--io-timeout", "1"});
  }
  static void TearDownTestSuite() { delete server_; }
  static client::FrameSocket connect() { return client::FrameSocket("127.0.0.1", server_->port(), std::chrono::seconds(60)); }

  // A well-behaved client on its own connection still gets right answers.
  static void expect_healthy() {
    const Client good("127.0.0.1", server_->port());
    EXPECT_TRUE(good.check("u-alice", "ent-ad-vpn").has);
  }

  static ServerProcess* server_;
};
ServerProcess* RobustnessTest::server_ = nullptr;

TEST_F(RobustnessTest, GarbageFramesAreAnsweredWithErrorsAndTheConnectionGoesOn) {
  auto socket = connect();
  send(socket, raw_frame({}));                             // empty
  EXPECT_EQ(error_code(receive(socket)), wire::ErrorCode::BadRequest);
  send(socket, raw_frame(Frame(3, 0xff)));                  // shorter than any message
  EXPECT_EQ(error_code(receive(socket)), wire::ErrorCode::BadRequest);
  send(socket, raw_frame(Frame(1000, 0x41)));               // offsets pointing anywhere
  EXPECT_EQ(error_code(receive(socket)), wire::ErrorCode::BadRequest);
  Frame valid = check_frame(7, "u-alice", "ent-ad-vpn");
  Frame cut(valid.begin() + 4, valid.end() - 6);             // a request missing its tail, framed as whole
  send(socket, raw_frame(cut));
  EXPECT_EQ(error_code(receive(socket)), wire::ErrorCode::BadRequest);
  send(socket, valid);
  const Received answer = receive(socket);
  ASSERT_EQ(answer.response->body_type(), wire::ResponseBody::CheckResponse);
  EXPECT_EQ(answer.response->id(), 7u);
  EXPECT_TRUE(answer.response->body_as_CheckResponse()->has());
}

TEST_F(RobustnessTest, NoneAndUnknownBodiesGetErrors) {
  auto socket = connect();
  flatbuffers::FlatBufferBuilder none;
  none.FinishSizePrefixed(wire::CreateRequest(none, 11, wire::kProtocolVersion));
  send(socket, Frame(none.GetBufferPointer(), none.GetBufferPointer() + none.GetSize()));
  Received answer = receive(socket);
  EXPECT_EQ(error_code(answer), wire::ErrorCode::BadRequest);
  EXPECT_EQ(answer.response->id(), 11u);

  // A body type from a future schema: it verifies (unions are open), and is refused.
  flatbuffers::FlatBufferBuilder future;
  auto table = wire::CreateHealthRequest(future);
  future.FinishSizePrefixed(wire::CreateRequest(future, 12, wire::kProtocolVersion, 0,
                                                static_cast<wire::RequestBody>(200), table.Union()));
  send(socket, Frame(future.GetBufferPointer(), future.GetBufferPointer() + future.GetSize()));
  answer = receive(socket);
  EXPECT_EQ(error_code(answer), wire::ErrorCode::BadRequest);
  EXPECT_EQ(answer.response->id(), 12u);
}

// A known body type whose table is absent verifies too (found by the fuzzer: it was a
// null dereference); it is refused like a missing body.
TEST_F(RobustnessTest, BodyTypeWithoutItsBodyGetsAnError) {
  auto socket = connect();
  flatbuffers::FlatBufferBuilder fbb;
  fbb.FinishSizePrefixed(wire::CreateRequest(fbb, 13, wire::kProtocolVersion, 0, wire::RequestBody::AccessRequest, 0));
  send(socket, Frame(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize()));
  Received answer = receive(socket);
  EXPECT_EQ(error_code(answer), wire::ErrorCode::BadRequest);
  EXPECT_EQ(answer.response->id(), 13u);
}

TEST_F(RobustnessTest, RandomFramesNeverHurtAnotherConnection) {
  auto hostile = connect();
  std::mt19937 random(42);
  Frame valid = check_frame(1, "u-maria", "ent-ad-vpn");
  for (int round = 0; round < 300; ++round) {
    Frame payload;
    if (round % 3 == 0) {
      // A valid request with random bytes flipped: the hardest case for a verifier.
      payload.assign(valid.begin() + 4, valid.end());
      for (int flips = 1 + round % 5; flips > 0; --flips) payload[random() % payload.size()] ^= 1u << (random() % 8);
    } else {
      payload.resize(random() % 300);
      for (auto& byte : payload) byte = static_cast<std::uint8_t>(random());
    }
    send(hostile, raw_frame(payload));
    receive(hostile);  // some answer, verified, for every frame
    if (round % 50 == 0) expect_healthy();
  }
  expect_healthy();
}

TEST_F(RobustnessTest, OversizedFrameIsRefusedBeforeAllocating) {
  auto socket = connect();
  send(socket, {0xff, 0xff, 0xff, 0x7f});  // announces 2 GiB, sends nothing more
  EXPECT_EQ(error_code(receive(socket)), wire::ErrorCode::TooLarge);
  EXPECT_THROW(socket.receive(1024), Error);  // then closed: the stream cannot be resynchronised
  expect_healthy();
}

TEST_F(RobustnessTest, StalledPartialFrameIsClosedAndOthersGoOn) {
  auto stalled = connect();
  Frame valid = check_frame(3, "u-alice", "ent-ad-vpn");
  stalled.send(valid.data(), valid.size() / 2);  // half a request, then silence
  expect_healthy();
  EXPECT_THROW(stalled.receive(1024), Error);  // closed by the server's --io-timeout
  expect_healthy();
}

TEST_F(RobustnessTest, PipelinedRequestsAreAllAnsweredWithTheirIds) {
  auto socket = connect();
  Frame batch;
  const std::vector<std::string> identities = {"u-alice", "u-maria", "u-henry", "u-nobody"};
  for (std::uint64_t id = 1; id <= 200; ++id) {
    Frame frame = check_frame(id, identities[id % identities.size()], "ent-ad-vpn");
    batch.insert(batch.end(), frame.begin(), frame.end());
  }
  send(socket, batch);  // one write, 200 requests
  std::vector<bool> seen(201, false);
  for (int n = 0; n < 200; ++n) {
    const Received answer = receive(socket);
    const std::uint64_t id = answer.response->id();
    ASSERT_TRUE(id >= 1 && id <= 200 && !seen[id]) << id;
    seen[id] = true;
    const bool unknown = identities[id % identities.size()] == "u-nobody";
    EXPECT_EQ(answer.response->body_type(), unknown ? wire::ResponseBody::Error : wire::ResponseBody::CheckResponse);
  }
}

TEST_F(RobustnessTest, ConnectionLimitRefusesTheExtraClient) {
  ServerProcess small({"--bundle", kSample, "--as-of", kSampleAsOf, "--max-connections", "2"});
  // One at a time: a connection that has sent nothing yet counts as unauthenticated,
  // and a newcomer may evict it (docs/server.md), which is not what this test is about.
  client::FrameSocket first("127.0.0.1", small.port(), std::chrono::seconds(60));
  send(first, check_frame(1, "u-alice", "ent-ad-vpn"));
  receive(first);
  client::FrameSocket second("127.0.0.1", small.port(), std::chrono::seconds(60));
  send(second, check_frame(1, "u-alice", "ent-ad-vpn"));
  receive(second);  // both are served
  client::FrameSocket third("127.0.0.1", small.port(), std::chrono::seconds(60));
  EXPECT_EQ(error_code(receive(third)), wire::ErrorCode::Unavailable);
}

}  // namespace
}  // namespace accessgraph
