// The admission rule of server/net/connection_registry.hpp, without sockets: who is
// evicted to make room (silent ones, then per address idle ones), when a newcomer is
// refused, and that closing gives room back.
//
//   limits: 3 connections, 2 per address, 2 unauthenticated
#include <gtest/gtest.h>

#include "server/net/connection_registry.hpp"

namespace accessgraph::server {
namespace {

const asio::ip::address kFirst = asio::ip::make_address("127.0.0.2");
const asio::ip::address kSecond = asio::ip::make_address("127.0.0.3");
const asio::ip::address kThird = asio::ip::make_address("::ffff:127.0.0.4");

class RegistryTest : public ::testing::Test {
 protected:
  ConnectionRegistry registry{AdmissionLimits{3, 2, 2}};
  int keys[16] = {};
  std::atomic<std::int64_t> idle_since[16] = {};  // 0: busy
  // Each key stands for one connection (the registry only compares them).
  bool admit(int key, const asio::ip::address& address) {
    return !registry.admit(&keys[key], {}, address, &idle_since[key]).refusal.has_value();
  }
};

TEST_F(RegistryTest, SilentConnectionsOfAnAddressMakeRoomForANewcomer) {
  ASSERT_TRUE(admit(0, kFirst));
  ASSERT_TRUE(admit(1, kFirst));
  registry.authenticated(&keys[0]);
  EXPECT_EQ(registry.unauthenticated(), 1u);
  EXPECT_TRUE(admit(2, kFirst));  // key 1, silent, is evicted
  EXPECT_EQ(registry.unauthenticated(), 1u);
  registry.authenticated(&keys[2]);
  // Both of the address's connections have authenticated: the next is refused.
  const auto refused = registry.admit(&keys[3], {}, kFirst, &idle_since[3]);
  ASSERT_TRUE(refused.refusal.has_value());
  EXPECT_NE(refused.refusal->find("per address"), std::string::npos) << *refused.refusal;
  EXPECT_TRUE(admit(4, kSecond));  // another address is not affected
  // Once one of them is idle, it makes room for the address's newcomer: the longest idle.
  idle_since[2] = 200;
  idle_since[0] = 100;
  EXPECT_TRUE(admit(5, kFirst));  // key 0 is evicted
  idle_since[2] = 0;              // busy again
  registry.authenticated(&keys[5]);
  EXPECT_FALSE(admit(6, kFirst));
}

TEST_F(RegistryTest, TheOldestUnauthenticatedConnectionMakesRoomWhenTheServerIsFull) {
  ASSERT_TRUE(admit(0, kFirst));
  ASSERT_TRUE(admit(1, kSecond));
  registry.authenticated(&keys[0]);
  ASSERT_TRUE(admit(2, kThird));
  registry.authenticated(&keys[2]);
  // Full (3): key 1 is the only one that has not authenticated.
  EXPECT_TRUE(admit(3, kThird));
  registry.authenticated(&keys[3]);
  const auto refused = registry.admit(&keys[4], {}, kSecond, &idle_since[4]);
  ASSERT_TRUE(refused.refusal.has_value());
  EXPECT_NE(refused.refusal->find("too many connections (limit 3)"), std::string::npos) << *refused.refusal;
  registry.closed(&keys[1]);  // the evicted one closes: nothing changes
  EXPECT_FALSE(admit(5, kSecond));
  registry.closed(&keys[0]);  // an authenticated one closes: room for one
  EXPECT_TRUE(admit(6, kSecond));
}

TEST_F(RegistryTest, UnauthenticatedConnectionsHaveALimitOfTheirOwn) {
  ASSERT_TRUE(admit(0, kFirst));
  ASSERT_TRUE(admit(1, kSecond));
  EXPECT_EQ(registry.unauthenticated(), 2u);
  EXPECT_TRUE(admit(2, kThird));  // key 0 makes room
  EXPECT_EQ(registry.unauthenticated(), 2u);
  registry.closed(&keys[0]);
  registry.closed(&keys[1]);
  registry.closed(&keys[2]);
  EXPECT_EQ(registry.size(), 0u);
  EXPECT_EQ(registry.unauthenticated(), 0u);
}

TEST(ClientAddress, AnIpv4ClientOnAnIpv6SocketCountsAsItsIpv4Address) {
  EXPECT_EQ(client_address(kThird), asio::ip::make_address("127.0.0.4"));
  EXPECT_EQ(client_address(kFirst), kFirst);
}

}  // namespace
}  // namespace accessgraph::server
