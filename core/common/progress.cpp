#include "core/common/progress.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace accessgraph {
namespace {

// A JSON string for a phase name (names are ours: letters, digits, '_', but be safe).
std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
  }
  return out + "\"";
}

std::string duration_text(double seconds) {
  const long total = std::lround(seconds);
  char text[32];
  if (total >= 3600) std::snprintf(text, sizeof text, "%ldh%02ldm", total / 3600, total / 60 % 60);
  else if (total >= 60) std::snprintf(text, sizeof text, "%ldm%02lds", total / 60, total % 60);
  else std::snprintf(text, sizeof text, "%lds", total);
  return text;
}

}  // namespace

ProgressPhase::ProgressPhase(Progress* progress, std::string name, std::uint64_t total)
    : progress_(progress), name_(std::move(name)), total_(total) {
  start_ns_ = clock_ns();
  // The first line after a quarter second: phases that end sooner print only their last.
  next_print_ns_.store(total > 0 ? start_ns_ + kIntervalNs : INT64_MAX, std::memory_order_relaxed);
}

ProgressPhase::~ProgressPhase() { finish(); }

void ProgressPhase::finish() {
  if (!progress_ || finished_) return;
  finished_ = true;
  next_print_ns_.store(INT64_MAX, std::memory_order_relaxed);  // no more intermediate lines
  print(total_ > 0 ? total_ : done_.load(std::memory_order_relaxed), true);
}

std::int64_t ProgressPhase::clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void ProgressPhase::print(std::uint64_t done, bool last) {
  const std::uint64_t total = total_ > 0 ? total_ : done;
  if (done > total) done = total;  // units counted twice never show past the end
  const double seconds = std::max(1e-9, double(clock_ns() - start_ns_) / 1e9);
  const double rate = double(done) / seconds;
  const double eta = rate > 0 ? double(total - done) / rate : 0;
  char numbers[160];
  std::string line;
  if (progress_->mode() == Progress::Mode::kJson) {
    std::snprintf(numbers, sizeof numbers, ",\"done\":%llu,\"total\":%llu,\"rate\":%.1f,\"eta_s\":%.1f}",
                  static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), rate, eta);
    line = "{\"phase\":" + json_string(name_) + numbers;
  } else if (total_ == 0) {
    line = "accessgraph: " + name_ + (last ? " done in " + duration_text(seconds) : " ...");  // nothing to count
  } else {
    const double percent = total > 0 ? 100.0 * double(done) / double(total) : 100.0;
    std::snprintf(numbers, sizeof numbers, " %llu/%llu (%.0f%%) %.0f/s", static_cast<unsigned long long>(done),
                  static_cast<unsigned long long>(total), percent, rate);
    line = "accessgraph: " + name_ + numbers + (last ? " in " + duration_text(seconds) : ", " + duration_text(eta) + " left");
  }
  progress_->write_line(line, last);
}

void Progress::write_line(const std::string& line, bool last) {
  std::lock_guard lock(writing_);
  if (mode_ == Mode::kJson) {
    std::fprintf(out_, "%s\n", line.c_str());
  } else {
    // \r and "erase to the end of the line" rewrite the same terminal line.
    std::fprintf(out_, "\r%s\x1b[K%s", line.c_str(), last ? "\n" : "");
  }
  std::fflush(out_);
}

}  // namespace accessgraph
