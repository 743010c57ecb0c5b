// StagedFolder: an --out folder that holds one whole run or the previous one; the
// folder's other entries are kept, a run that does not commit leaves nothing.
#include "core/io/staged_folder.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "core/common/error.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;

class StagedFolderTest : public ::testing::Test {
 protected:
  StagedFolderTest() {
    char pattern[] = "/tmp/accessgraph-staged-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    target_ = dir_ / "out";
  }
  ~StagedFolderTest() override { fs::remove_all(dir_); }

  static void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  static std::string read(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::set<std::string> entries(const fs::path& folder) const {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder)) names.insert(entry.path().filename().string());
    return names;
  }

  fs::path dir_, target_;
};

TEST_F(StagedFolderTest, ANewFolderAppearsOnlyOnCommit) {
  {
    StagedFolder out(target_, {"a.csv"});
    EXPECT_TRUE(out.atomic());
    EXPECT_EQ(out.path().parent_path(), dir_);
    EXPECT_EQ(out.path().filename().string().rfind(".out.accessgraph-tmp-", 0), 0u);
    write(out.path() / "a.csv", "new\n");
    EXPECT_FALSE(fs::exists(target_));
    out.commit();
  }
  EXPECT_EQ(read(target_ / "a.csv"), "new\n");
  EXPECT_EQ(entries(dir_), std::set<std::string>{"out"});
}

TEST_F(StagedFolderTest, ARunThatDoesNotCommitLeavesThePreviousOne) {
  write(target_ / "a.csv", "old\n");
  {
    StagedFolder out(target_, {"a.csv", "b.csv"});
    write(out.path() / "a.csv", "new\n");
    write(out.path() / "b.csv", "new\n");
  }
  EXPECT_EQ(entries(target_), std::set<std::string>{"a.csv"});
  EXPECT_EQ(read(target_ / "a.csv"), "old\n");
  EXPECT_EQ(entries(dir_), std::set<std::string>{"out"});
}

TEST_F(StagedFolderTest, OwnedEntriesAreReplacedOrDroppedAndOthersKept) {
  write(target_ / "a.csv", "old\n");
  write(target_ / "b.csv", "old\n");          // this run writes none: the previous run's, dropped
  write(target_ / "queues" / "x.csv", "old");  // an owned folder, replaced whole
  write(target_ / ".a.csv.tmp", "partial");    // a temporary of an older in-place run
  write(target_ / "notes.txt", "mine\n");
  write(target_ / "mine" / "deep" / "kept.csv", "k\n");
  fs::create_symlink("notes.txt", target_ / "link");
  ::chmod(target_.c_str(), 0750);
  struct stat before {};
  ::stat((target_ / "notes.txt").c_str(), &before);
  {
    StagedFolder out(target_, {"a.csv", "b.csv", "queues"});
    write(out.path() / "a.csv", "new\n");
    write(out.path() / "queues" / "y.csv", "new");
    out.commit();
  }
  EXPECT_EQ(entries(target_), (std::set<std::string>{"a.csv", "queues", "notes.txt", "mine", "link"}));
  EXPECT_EQ(read(target_ / "a.csv"), "new\n");
  EXPECT_EQ(entries(target_ / "queues"), std::set<std::string>{"y.csv"});
  EXPECT_EQ(read(target_ / "notes.txt"), "mine\n");
  EXPECT_EQ(read(target_ / "mine" / "deep" / "kept.csv"), "k\n");
  EXPECT_EQ(fs::read_symlink(target_ / "link"), "notes.txt");
  struct stat after {};
  ::stat((target_ / "notes.txt").c_str(), &after);
  EXPECT_EQ(after.st_ino, before.st_ino);  // the same file, linked, not copied
  struct stat folder {};
  ::stat(target_.c_str(), &folder);
  EXPECT_EQ(folder.st_mode & 0777, 0750u);  // the folder keeps its mode
  EXPECT_EQ(entries(dir_), std::set<std::string>{"out"});
}

TEST_F(StagedFolderTest, StagingOfADeadRunIsRemovedThatOfALiveOneKept) {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  const fs::path dead = dir_ / (".out.accessgraph-tmp-" + std::to_string(child) + "-0000abcd");
  const fs::path alive = dir_ / (".out.accessgraph-tmp-" + std::to_string(::getppid()) + "-0000abcd");
  write(dead / "effective_access.csv", "x");
  write(alive / "effective_access.csv", "x");
  {
    StagedFolder out(target_, {});
    out.commit();
  }
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(alive));
}

TEST_F(StagedFolderTest, ALinkToAFolderIsFollowed) {
  write(dir_ / "real" / "a.csv", "old\n");
  fs::create_directory_symlink("real", target_);
  {
    StagedFolder out(target_, {"a.csv"});
    write(out.path() / "a.csv", "new\n");
    out.commit();
  }
  EXPECT_TRUE(fs::is_symlink(target_));
  EXPECT_EQ(read(dir_ / "real" / "a.csv"), "new\n");
}

TEST_F(StagedFolderTest, AFileIsNotAFolder) {
  write(target_, "a file");
  EXPECT_THROW(StagedFolder(target_, {}), Error);
  EXPECT_EQ(read(target_), "a file");
}

}  // namespace
}  // namespace accessgraph
