// --progress auto|json|none: progress lines of long phases on stderr
// (core/common/progress.hpp). auto: a line rewritten in place, only when stderr is a
// terminal and not --quiet, so pipes and logs get nothing; json: JSON lines, terminal
// or not (--quiet silences the human messages, not what a machine asked for); none:
// nothing.
#include <unistd.h>

#include "cli/command.hpp"

namespace accessgraph::cli {

void add_progress_option(CLI::App& command, std::string& mode) {
  command
      .add_option("--progress", mode,
                  "auto (default: a progress line of each long phase, with done/total, rate and time left, when "
                  "stderr is a terminal and not --quiet), json (JSON lines {phase, done, total, rate, eta_s} on "
                  "stderr, terminal or not) or none")
      ->check(CLI::IsMember({"auto", "json", "none"}));
}

std::unique_ptr<Progress> make_progress(const std::string& mode, bool quiet) {
  if (mode == "json") return std::make_unique<Progress>(Progress::Mode::kJson);
  if (mode == "auto" && !quiet && ::isatty(STDERR_FILENO)) return std::make_unique<Progress>(Progress::Mode::kTerminal);
  return nullptr;
}

Progress* EvaluationOptions::progress() const {
  if (!progress_) progress_ = make_progress(progress_mode, quiet);
  return progress_.get();
}

}  // namespace accessgraph::cli
