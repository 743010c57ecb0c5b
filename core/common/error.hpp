#pragma once
// The error types that cross the public API. Bad input is expected and reported with
// enough context to fix it; programmer errors are asserts, never these.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace accessgraph {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A defect in user input: a bundle file, an events file, a command argument.
// line == 0 means the whole file (missing, unreadable, no header).
class InputError : public Error {
 public:
  InputError(std::string file, std::uint64_t line, std::string column, std::string value,
             std::string reason);

  const std::string& file() const { return file_; }
  std::uint64_t line() const { return line_; }
  const std::string& column() const { return column_; }
  const std::string& value() const { return value_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string file_;
  std::uint64_t line_;
  std::string column_;
  std::string value_;
  std::string reason_;
};

// A bad argument of an API call: a number out of range, an unknown name. `argument` is
// the caller's name for it: the engine names its own parameters ("min_score"), the
// CLI renames them to its flags ("--risk-min-score") and the server to request fields,
// so a message always names what the user actually typed.
class ArgumentError : public InputError {
 public:
  ArgumentError(std::string argument, std::string value, std::string reason);
  const std::string& argument() const { return column(); }
  // The same error under another name.
  ArgumentError renamed(std::string argument) const { return ArgumentError(std::move(argument), value(), reason()); }
};

// A state directory that cannot be used as asked: missing, already initialised, in
// use by another writer, unreadable or damaged (the message names file and offset).
class StateError : public Error {
 public:
  using Error::Error;
};

// A query named an id the loaded data does not have.
class NotFoundError : public Error {
 public:
  NotFoundError(const std::string& kind, const std::string& id)
      : Error("unknown " + kind + " \"" + id + "\"") {}
};

}  // namespace accessgraph
