#pragma once
// Runs `accessgraph serve` as a child process for tests: on a free port (the server
// writes the one it got to a port file), stopped with SIGTERM when the test is done.
#include <signal.h>
#include <spawn.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace accessgraph::testing {

class ServerProcess {
 public:
  // `arguments` follow `accessgraph serve`, e.g. {"--bundle", DIR, "--as-of", DATE}.
  explicit ServerProcess(std::vector<std::string> arguments) {
    char pattern[] = "/tmp/accessgraph-server-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    const std::filesystem::path port_file = dir_ / "port";
    std::vector<std::string> argv_text = {ACCESSGRAPH_CLI, "serve", "--listen", "127.0.0.1:0", "--port-file",
                                          port_file.string(), "--quiet"};
    argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& argument : argv_text) argv.push_back(argument.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_addopen(&actions, 1, (dir_ / "stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0)
      throw std::runtime_error("cannot start the server");
    ::posix_spawn_file_actions_destroy(&actions);
    // The port file appears (renamed into place) once the server listens.
    for (int waited = 0; !std::filesystem::exists(port_file); ++waited) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("the server exited before listening");
      }
      if (waited > 6000) throw std::runtime_error("the server did not start within a minute");
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::ifstream(port_file) >> port_;
  }
  ~ServerProcess() {
    stop();
    std::filesystem::remove_all(dir_);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }

  // SIGTERM, then waits; returns the exit status (-1 if it did not exit normally).
  int stop() {
    if (pid_ < 0) return exit_status_;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_status_;
  }
  bool running() {
    if (pid_ < 0) return false;
    int status = 0;
    return ::waitpid(pid_, &status, WNOHANG) == 0;
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  int exit_status_ = -1;
};

}  // namespace accessgraph::testing
