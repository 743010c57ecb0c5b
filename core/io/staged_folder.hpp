#pragma once
// An output folder (--out) that holds one whole run or the previous one, never a mix.
//
// A run writes into a staging folder, a hidden sibling of the target
// (`.NAME.accessgraph-tmp-PID-XXXXXX`), and commit() puts it in the target's place with
// one atomic rename (renameat2 RENAME_EXCHANGE when the target exists), then removes the
// previous folder. A run that fails or is killed leaves the target as it was; what it
// wrote stays only in the hidden sibling, which the next run into the same target
// removes once its process is gone.
//
// The target may hold more than this run writes (SPEC: "writes, besides anything
// else"): an entry whose name is in `owned` (the names this command writes) belongs to
// the previous run and is replaced or dropped; every other entry (the user's files,
// another command's outputs) is carried into the new folder at commit, as hard links
// (copies where linking is refused), so it is there before and after the swap.
//
// Where no sibling can be made (the target is a mount point, or its parent folder is
// not writable) the staging folder is made inside the target instead and commit()
// renames the entries into place one by one: each is whole, but a kill during that last
// step can leave some entries of the new run beside some of the previous one.
#include <filesystem>
#include <string>
#include <vector>

namespace accessgraph {

class StagedFolder {
 public:
  // Creates the target's parent folders and the staging folder; throws Error when it
  // cannot, or when the target exists and is not a folder.
  StagedFolder(std::filesystem::path target, std::vector<std::string> owned);
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;
  ~StagedFolder();  // removes the staging folder unless commit() ran

  // Where the run writes: the staging folder.
  const std::filesystem::path& path() const { return staging_; }
  // The folder the run's outputs appear in (absolute, symbolic links resolved).
  const std::filesystem::path& target() const { return target_; }
  // Whether commit() swaps the whole folder in one rename (false: entry by entry).
  bool atomic() const { return beside_; }

  // Puts the run in the target's place; throws Error when it cannot (the target then
  // still holds the previous run).
  void commit();

 private:
  void carry_foreign_entries();
  void commit_in_place();
  bool owned(const std::string& name) const;

  std::filesystem::path target_, staging_;
  std::vector<std::string> owned_;
  bool beside_ = true;  // staging is the target's sibling (else inside it)
  bool committed_ = false;
};

}  // namespace accessgraph
