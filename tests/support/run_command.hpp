#pragma once
// Runs a command line through the shell and captures exit status, stdout and stderr.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace accessgraph::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

inline std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// `command` is passed to /bin/sh as is: quote arguments with shell_quote.
inline CommandResult run_command(const std::string& command) {
  static int counter = 0;
  std::filesystem::path err_path =
      std::filesystem::temp_directory_path() / ("accessgraph-stderr-" + std::to_string(::getpid()) + "-" +
                                                std::to_string(counter++));
  CommandResult result;
  std::FILE* pipe = ::popen((command + " 2>" + shell_quote(err_path.string())).c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = read_file(err_path);
  std::filesystem::remove(err_path);
  return result;
}

}  // namespace accessgraph::testing
