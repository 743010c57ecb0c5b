#pragma once
// The sample bundle served by a real `accessgraph serve` process, and the same bundle
// loaded in this process to say what the answers must be.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "accessgraph/client.hpp"
#include "accessgraph/engine.hpp"
#include "tests/support/server_process.hpp"

namespace accessgraph::testing {

inline const std::string kSample = std::string(ACCESSGRAPH_SOURCE_DIR) + "/datasets/sample";
inline const std::string kSampleAsOf = "2026-11-01";

inline Engine open_sample(const std::string& as_of = kSampleAsOf) {
  OpenOptions options;
  options.as_of = *Date::parse(as_of);
  return Engine::open_bundle(kSample, options);
}

}  // namespace accessgraph::testing
