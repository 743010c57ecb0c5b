#include "core/io/staged_folder.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>

#include "core/common/error.hpp"
#include "core/io/output_file.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMarker = ".accessgraph-tmp-";

[[noreturn]] void fail(const std::string& what, const fs::path& path, int error) {
  throw Error("cannot " + what + " " + path.string() + ": " + std::strerror(error));
}

// The prefix of the staging folders of `target`: beside it, or inside it.
std::string staging_prefix(const fs::path& target, bool beside) {
  return beside ? "." + target.filename().string() + std::string(kMarker) : std::string(kMarker);
}

// Removes the staging folders in `folder` left by runs whose process is gone (killed).
void remove_stale_staging(const fs::path& folder, const std::string& prefix) {
  std::error_code error;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string rest = name.substr(prefix.size());
    const auto dash = rest.find('-');
    if (dash == std::string::npos || dash == 0) continue;
    pid_t pid = 0;
    for (char c : rest.substr(0, dash)) {
      if (c < '0' || c > '9' || pid > 100'000'000) pid = -1;
      if (pid < 0) break;
      pid = pid * 10 + (c - '0');
    }
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive (or not ours to ask): keep
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
  }
}

// A new empty folder `prefix PID-RANDOM` in `folder` (mode 0777 less the umask); errno
// of the failure otherwise.
std::pair<fs::path, int> make_staging(const fs::path& folder, const std::string& prefix) {
  std::random_device device;
  std::mt19937_64 random(device());
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, "%ld-%08llx", static_cast<long>(::getpid()),
                  static_cast<unsigned long long>(random() & 0xffffffffULL));
    const fs::path path = folder / (prefix + suffix);
    if (::mkdir(path.c_str(), 0777) == 0) return {path, 0};
    if (errno != EEXIST) return {fs::path(), errno};
  }
  return {fs::path(), EEXIST};
}

// `to` made the same as the existing folder `like`: mode and, where allowed, owner.
void same_mode_and_owner(const fs::path& to, const struct stat& like) {
  if (::chmod(to.c_str(), like.st_mode & 07777) != 0) fail("set the mode of", to, errno);
  if (::chown(to.c_str(), like.st_uid, like.st_gid) != 0) {
    // Not allowed to give it away (not root): it stays the caller's, as a new folder would.
  }
}

// `from` reproduced at `to` without copying file bytes: folders made anew, regular
// files hard-linked (copied where the file system refuses the link), links copied.
void link_tree(const fs::path& from, const fs::path& to) {
  struct stat info {};
  if (::lstat(from.c_str(), &info) != 0) {
    if (errno == ENOENT) return;  // gone meanwhile: nothing to keep
    fail("read", from, errno);
  }
  if (S_ISDIR(info.st_mode)) {
    if (::mkdir(to.c_str(), 0700) != 0) fail("create", to, errno);
    std::error_code error;
    for (fs::directory_iterator it(from, error), end; !error && it != end; it.increment(error))
      link_tree(it->path(), to / it->path().filename());
    if (error) fail("list", from, error.value());
    same_mode_and_owner(to, info);
  } else if (S_ISREG(info.st_mode)) {
    if (::link(from.c_str(), to.c_str()) != 0) {
      std::error_code error;
      fs::copy_file(from, to, error);
      if (error) fail("keep", from, error.value());
    }
  } else if (S_ISLNK(info.st_mode)) {
    std::error_code error;
    fs::copy_symlink(from, to, error);
    if (error) fail("keep", from, error.value());
  } else {
    throw Error("cannot keep " + from.string() +
                " in the new output folder: it is neither a file, a folder nor a link (move it elsewhere)");
  }
}

// rename(2) that swaps two existing paths; false where the file system cannot.
bool exchange(const fs::path& a, const fs::path& b) {
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) return true;
  if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) return false;
  fail("swap in", b, errno);
}

void rename_or_fail(const fs::path& from, const fs::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) fail("rename " + from.string() + " to", to, errno);
}

}  // namespace

StagedFolder::StagedFolder(fs::path target, std::vector<std::string> owned) : owned_(std::move(owned)) {
  std::error_code error;
  target = fs::absolute(target, error).lexically_normal();
  if (error) fail("use", target, error.value());
  if (target.filename().empty() && target.has_parent_path() && target != target.root_path())
    target = target.parent_path();  // "out/" is "out"
  const fs::file_status status = fs::status(target, error);
  if (error && error != std::errc::no_such_file_or_directory) fail("use", target, error.value());
  const bool exists = fs::exists(status);
  if (exists && !fs::is_directory(status)) throw Error(target.string() + " exists and is not a folder");
  if (exists) {
    target = fs::canonical(target, error);  // a link to a folder: the folder is replaced, not the link
    if (error) fail("resolve", target, error.value());
  }
  target_ = target;
  const fs::path parent = target_.parent_path();
  if (!exists) {
    fs::create_directories(parent, error);
    if (error) fail("create", parent, error.value());
  }

  struct stat target_info {}, parent_info {};
  if (exists && ::stat(target_.c_str(), &target_info) != 0) fail("read", target_, errno);
  // A mount point (or /) cannot be renamed: stage inside it.
  beside_ = !exists || (target_ != parent && ::stat(parent.c_str(), &parent_info) == 0 &&
                        parent_info.st_dev == target_info.st_dev);
  if (beside_) {
    remove_stale_staging(parent, staging_prefix(target_, true));
    auto [path, problem] = make_staging(parent, staging_prefix(target_, true));
    if (problem != 0 && (!exists || (problem != EACCES && problem != EPERM && problem != EROFS)))
      fail("create a folder in", parent, problem);
    if (problem != 0) beside_ = false;  // the parent is not ours to write in: stage inside
    staging_ = path;
  }
  if (!beside_) {
    remove_stale_staging(target_, staging_prefix(target_, false));
    auto [path, problem] = make_staging(target_, staging_prefix(target_, false));
    if (problem != 0) fail("create a folder in", target_, problem);
    staging_ = path;
  }
  if (exists && beside_) same_mode_and_owner(staging_, target_info);
}

StagedFolder::~StagedFolder() {
  std::error_code ignored;
  if (!staging_.empty()) fs::remove_all(staging_, ignored);
}

bool StagedFolder::owned(const std::string& name) const {
  if (name.starts_with(kMarker) || name.starts_with(".accessgraph-probe-")) return true;  // never carried
  return std::any_of(owned_.begin(), owned_.end(), [&](const std::string& o) {
    return name == o || name == "." + o + ".tmp";  // or an in-place run's temporary
  });
}

void StagedFolder::carry_foreign_entries() {
  std::error_code error;
  for (fs::directory_iterator it(target_, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (owned(name) || fs::exists(fs::symlink_status(staging_ / name))) continue;
    link_tree(it->path(), staging_ / name);
  }
  if (error && error != std::errc::no_such_file_or_directory) fail("list", target_, error.value());
}

void StagedFolder::commit() {
  if (committed_) return;
  if (!beside_) return commit_in_place();
  carry_foreign_entries();
  if (!fs::exists(target_)) {
    rename_or_fail(staging_, target_);
  } else if (!exchange(staging_, target_)) {
    // No atomic swap on this file system: the target is missing for a moment.
    const fs::path old = staging_.string() + "-old";
    rename_or_fail(target_, old);
    rename_or_fail(staging_, target_);
    rename_or_fail(old, staging_);
  }
  committed_ = true;
  std::error_code ignored;
  fs::remove_all(staging_, ignored);  // now the previous run
  sync_directory(target_.parent_path());
}

void StagedFolder::commit_in_place() {
  std::vector<std::string> written;
  std::error_code error;
  for (fs::directory_iterator it(staging_, error), end; !error && it != end; it.increment(error))
    written.push_back(it->path().filename().string());
  if (error) fail("list", staging_, error.value());
  for (const std::string& name : written) {
    const fs::path from = staging_ / name, to = target_ / name;
    const bool from_folder = fs::is_directory(fs::symlink_status(from));
    const fs::file_status to_status = fs::symlink_status(to);
    if (fs::is_directory(to_status) && from_folder && exchange(from, to)) continue;  // the old one goes below
    if (fs::is_directory(to_status)) fs::remove_all(to);
    rename_or_fail(from, to);
  }
  for (const auto& name : owned_)
    if (std::find(written.begin(), written.end(), name) == written.end()) fs::remove_all(target_ / name, error);
  committed_ = true;
  fs::remove_all(staging_, error);
  sync_directory(target_);
}

}  // namespace accessgraph
