#include "core/common/error.hpp"

namespace accessgraph {
namespace {

// FILE:LINE: column "COL": REASON (value "VALUE") -- every part only when known.
std::string format_input_error(const std::string& file, std::uint64_t line,
                               const std::string& column, const std::string& value,
                               const std::string& reason) {
  std::string message;
  if (file.empty()) {
    if (!column.empty()) message = column + ": ";  // an argument (ArgumentError), not a cell of a file
  } else {
    message = file;
    if (line > 0) message += ":" + std::to_string(line);
    message += ": ";
    if (!column.empty()) message += "column \"" + column + "\": ";
  }
  message += reason;
  if (!value.empty()) message += " (value \"" + value + "\")";
  return message;
}

}  // namespace

InputError::InputError(std::string file, std::uint64_t line, std::string column,
                       std::string value, std::string reason)
    : Error(format_input_error(file, line, column, value, reason)),
      file_(std::move(file)),
      line_(line),
      column_(std::move(column)),
      value_(std::move(value)),
      reason_(std::move(reason)) {}

// ARGUMENT: REASON (value "VALUE")
ArgumentError::ArgumentError(std::string argument, std::string value, std::string reason)
    : InputError("", 0, std::move(argument), std::move(value), std::move(reason)) {}

}  // namespace accessgraph
