// SPDX-License-Identifier: Apache-2.0
// FakeFileSystem: an in-memory fs::FileSystem for tests (STYLE.md §4).
//
// Files and directories live in a map keyed by path. A path is taken as it
// is spelled, minus trailing slashes: the fake does not resolve ".", ".."
// or relative paths, so tests use one spelling per path (absolute ones are
// simplest). The directory "/" always exists.
//
// Test setup, never recorded and never failed:
//   WriteFile / Append / Touch set the mtime from the FakeClock (so a test
//   moves the clock to make a file "change" or "settle"); WriteFile creates
//   missing parent directories; AddDir, AddSymlink, Delete; SetKind says
//   what KindOf answers under a directory (kLocal by default).
// Inspection: Contents, Exists, ops().
//
// Every FileSystem call is recorded in ops() as one line:
//   "list DIR", "stat PATH", "rename FROM -> TO", "mkdirs DIR",
//   "remove PATH", "kind PATH", "open PATH", "newtemp DIR/.NAME.tmp-N",
//   "append PATH", "close PATH", "syncdir DIR", "lock PATH"
// (ninja's FakeCommandRunner), including calls that fail. FailNext(op, path,
// status) makes the next call of `op` on `path` (for a rename: its source;
// for kNewTempFile, kAppend and kClose: the directory of the temp file)
// return `status` without touching anything (leveldb's ErrorEnv); several
// failures queued for one (op, path) are used in order. A full disk is
// FailNext(kNewTempFile or kAppend, dir, Status::Io("No space left on
// device")).
//
// Open files: OpenRegular gives a ReadableFile over the bytes the file had
// when it was opened, with its identity (inode, device 1); a rename keeps
// the inode. TryLock ("lock PATH") is exclusive per inode among the fake's
// open files and released when the file is destroyed. NewTempFile creates
// the file at once (empty); Append adds to it. Open files must not outlive
// the fake.
//
// Faults by position, for crash tests (tests/crash/): FailAt(i, status)
// makes the call recorded as ops()[i] return `status` without touching
// anything, whatever call it is; CrashAt(i) makes that call and every
// later one — TryLock, ReadAt, Append and Close of open files included —
// throw FakeFileSystem::Crashed (no std::exception, so no catch in m2drop
// takes it for an error to handle: the stack unwinds like a process that
// died, and nothing after the crash runs). Restart(what) then sets up
// what survived, drops every lock and fault, and the next run starts.
//
// Crash model. Restart(Survives::kEverything) is kill -9: every call that
// returned stays done (the kernel has it), temp files half written stay
// half written. Restart(Survives::kSynced) is a power loss, after ext4
// (data=ordered) and XFS, which write metadata to their journal in order:
//   - names (files created, renamed, removed; directories made) survive as
//     they were at the last SyncDir of any directory: a directory fsync
//     commits the journal, so every earlier change, in every directory, is
//     durable with it and none after it is. A rename is atomic: a file is
//     under its old name or its new one, never both, never neither.
//   - file bytes survive as they were at the file's last Close (fsync):
//     bytes appended and never synced are lost (leveldb's
//     FaultInjectionTestEnv), so a temp file renamed into place unsynced
//     comes back empty (ext4's zero-length-after-rename).
// The harsh part is the gap: the ledger (SQLite, durable at each commit)
// keeps everything, the names only what was before the last SyncDir, so a
// ledger that records a move before the move is synced is caught. kill -9
// at every call covers every state in between. Setup calls (below) are
// durable at once, and so is everything before them.
//
// Thread-safe: every method takes one mutex. Header-only.
#ifndef M2DROP_TESTS_FAKES_FAKE_FILE_SYSTEM_H_
#define M2DROP_TESTS_FAKES_FAKE_FILE_SYSTEM_H_

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/strings.h"
#include "m2drop/fs/file_system.h"

namespace m2drop::fs {

class FakeFileSystem final : public FileSystem {
 public:
  // The operations FailNext can fail.
  enum class Op {
    kListDir,
    kStat,
    kRename,
    kMakeDirs,
    kRemove,
    kKindOf,
    kOpen,
    kNewTempFile,
    kAppend,
    kClose,
    kSyncDir,
    kLock,
  };

  // Thrown by every call from CrashAt's on (see the header comment).
  struct Crashed {
    size_t op;  // the index in ops() of the call that crashed
  };
  // What a crash leaves for the restart (see the header comment).
  enum class Survives { kEverything, kSynced };

  // `clock` gives the mtimes; it must outlive the fake.
  explicit FakeFileSystem(const Clock& clock) : clock_(clock) {}

  // --- Test setup (not recorded) -------------------------------------------

  // Creates or replaces the regular file `path` with `bytes`, creating
  // missing parent directories; mtime = now.
  void WriteFile(const std::string& path, std::string_view bytes) {
    std::lock_guard lock(mu_);
    AddDirsLocked(Parent(Normal(path)));
    Node& node = nodes_[Normal(path)];
    node = NewNodeLocked(FileType::kRegular);
    node.content = std::string(bytes);
    CommitLocked();
  }
  // Appends `bytes` to the file (created like WriteFile when missing);
  // mtime = now.
  void Append(const std::string& path, std::string_view bytes) {
    std::lock_guard lock(mu_);
    auto it = nodes_.find(Normal(path));
    if (it == nodes_.end()) {
      AddDirsLocked(Parent(Normal(path)));
      it =
          nodes_.emplace(Normal(path), NewNodeLocked(FileType::kRegular)).first;
    }
    it->second.content.append(bytes);
    it->second.mtime_ns = NowNsLocked();
    CommitLocked();
  }
  // Sets the mtime of whatever is at `path` to now (no-op when absent).
  void Touch(const std::string& path) {
    std::lock_guard lock(mu_);
    auto it = nodes_.find(Normal(path));
    if (it != nodes_.end()) it->second.mtime_ns = NowNsLocked();
    CommitLocked();
  }
  // Creates the directory and its missing parents.
  void AddDir(const std::string& path) {
    std::lock_guard lock(mu_);
    AddDirsLocked(Normal(path));
    CommitLocked();
  }
  // Creates a symbolic link at `path` whose content is `target`.
  void AddSymlink(const std::string& path, const std::string& target) {
    std::lock_guard lock(mu_);
    AddDirsLocked(Parent(Normal(path)));
    Node& node = nodes_[Normal(path)];
    node = NewNodeLocked(FileType::kSymlink);
    node.content = target;
    CommitLocked();
  }
  // Removes `path` and everything under it, as another process would.
  void Delete(const std::string& path) {
    std::lock_guard lock(mu_);
    std::string p = Normal(path);
    nodes_.erase(p);
    EraseUnderLocked(p);
    CommitLocked();
  }
  // KindOf answers `kind` for `dir` and everything under it (the longest
  // matching directory wins).
  void SetKind(const std::string& dir, FsKind kind) {
    std::lock_guard lock(mu_);
    kinds_[Normal(dir)] = kind;
  }
  // The next call of `op` on `path` returns `status` (not OK).
  void FailNext(Op op, const std::string& path, Status status) {
    std::lock_guard lock(mu_);
    failures_[{op, Normal(path)}].push_back(std::move(status));
  }
  // The call recorded as ops()[index] returns `status` (not OK), whatever
  // call it is; ClearOps restarts the count.
  void FailAt(size_t index, Status status) {
    std::lock_guard lock(mu_);
    fail_at_.insert_or_assign(index, std::move(status));
  }
  // The call recorded as ops()[index], and every one after it, throws
  // Crashed.
  void CrashAt(size_t index) {
    std::lock_guard lock(mu_);
    crash_at_ = index;
  }
  // After a crash (or to model one between calls): keeps `what` survives,
  // releases every lock, forgets every fault and crash. The state is then
  // durable, as at any start.
  void Restart(Survives what) {
    std::lock_guard lock(mu_);
    if (what == Survives::kSynced) {
      nodes_ = synced_names_;
      for (auto& [path, node] : nodes_) {
        if (node.type != FileType::kRegular) continue;
        auto data = synced_data_.find(node.inode);
        node.content = data == synced_data_.end() ? "" : data->second;
      }
    }
    locks_.clear();
    failures_.clear();
    fail_at_.clear();
    crash_at_.reset();
    crashed_ = false;
    CommitLocked();
  }

  // --- Inspection ----------------------------------------------------------

  // The content of the regular file or symlink at `path`, if any.
  std::optional<std::string> Contents(const std::string& path) const {
    std::lock_guard lock(mu_);
    auto it = nodes_.find(Normal(path));
    if (it == nodes_.end() || it->second.type == FileType::kDirectory) {
      return std::nullopt;
    }
    return it->second.content;
  }
  bool crashed() const {
    std::lock_guard lock(mu_);
    return crashed_;
  }
  bool Exists(const std::string& path) const {
    std::lock_guard lock(mu_);
    return IsDirLocked(Normal(path)) || nodes_.contains(Normal(path));
  }
  // Every FileSystem call so far, in call order (see the header comment).
  std::vector<std::string> ops() const {
    std::lock_guard lock(mu_);
    return ops_;
  }
  void ClearOps() {
    std::lock_guard lock(mu_);
    ops_.clear();
  }

  // --- FileSystem ----------------------------------------------------------

  Result<std::vector<DirEntry>> ListDir(const std::string& dir) override {
    std::lock_guard lock(mu_);
    std::string d = Normal(dir);
    if (auto failed = BeginLocked(Op::kListDir, d, "list " + d)) return *failed;
    if (!IsDirLocked(d)) {
      if (nodes_.contains(d))
        return Status::Io(Msg("cannot list", d, "not a directory"));
      return Status::NotFound(Msg("cannot list", d, "no such directory"));
    }
    std::vector<DirEntry> entries;
    for (const auto& [path, node] : nodes_) {
      if (path != d && Parent(path) == d) {
        entries.push_back(DirEntry{path.substr(Prefix(d).size()), Info(node)});
      }
    }
    return entries;
  }

  Result<FileInfo> Stat(const std::string& path) override {
    std::lock_guard lock(mu_);
    std::string p = Normal(path);
    if (auto failed = BeginLocked(Op::kStat, p, "stat " + p)) return *failed;
    if (p == "/") return Info(Node{FileType::kDirectory, "", 0, 1});
    auto it = nodes_.find(p);
    if (it == nodes_.end())
      return Status::NotFound(Msg("cannot stat", p, "no such file"));
    return Info(it->second);
  }

  Status RenameNoReplace(const std::string& from,
                         const std::string& to) override {
    std::lock_guard lock(mu_);
    std::string f = Normal(from);
    std::string t = Normal(to);
    if (auto failed = BeginLocked(Op::kRename, f, "rename " + f + " -> " + t)) {
      return *failed;
    }
    std::string what =
        "cannot move " + QuoteForMessage(f) + " to " + QuoteForMessage(t);
    auto it = nodes_.find(f);
    if (it == nodes_.end()) {
      return Status::NotFound(what + ": " + QuoteForMessage(f) +
                              " no longer exists");
    }
    if (nodes_.contains(t) || t == "/") {
      return Status::Rejected(what + ": the target exists");
    }
    if (!IsDirLocked(Parent(t))) {
      return Status::Io(what + ": the target directory does not exist");
    }
    MoveLocked(f, t);
    return Status::Ok();
  }

  Status MakeDirs(const std::string& dir) override {
    std::lock_guard lock(mu_);
    std::string d = Normal(dir);
    if (auto failed = BeginLocked(Op::kMakeDirs, d, "mkdirs " + d)) {
      return *failed;
    }
    for (std::string p = d; p != "/" && !p.empty(); p = Parent(p)) {
      auto it = nodes_.find(p);
      if (it != nodes_.end() && it->second.type != FileType::kDirectory) {
        return Status::Io(Msg("cannot create the directory", d,
                              QuoteForMessage(p) + " is not a directory"));
      }
    }
    AddDirsLocked(d);
    return Status::Ok();
  }

  Status Remove(const std::string& path) override {
    std::lock_guard lock(mu_);
    std::string p = Normal(path);
    if (auto failed = BeginLocked(Op::kRemove, p, "remove " + p))
      return *failed;
    if (IsDirLocked(p))
      return Status::Io(Msg("cannot remove", p, "is a directory"));
    nodes_.erase(p);
    return Status::Ok();
  }

  Result<FsKind> KindOf(const std::string& path) override {
    std::lock_guard lock(mu_);
    std::string p = Normal(path);
    if (auto failed = BeginLocked(Op::kKindOf, p, "kind " + p)) return *failed;
    if (!IsDirLocked(p) && !nodes_.contains(p)) {
      return Status::NotFound(Msg("cannot statfs", p, "no such file"));
    }
    for (std::string d = p;; d = Parent(d)) {
      if (auto it = kinds_.find(d); it != kinds_.end()) return it->second;
      if (d == "/" || d.empty()) return FsKind::kLocal;
    }
  }

  Result<std::unique_ptr<ReadableFile>> OpenRegular(
      const std::string& path) override {
    std::lock_guard lock(mu_);
    std::string p = Normal(path);
    if (auto failed = BeginLocked(Op::kOpen, p, "open " + p)) return *failed;
    auto it = nodes_.find(p);
    if (it == nodes_.end()) {
      return Status::NotFound(Msg("cannot open", p, "no such file"));
    }
    if (it->second.type != FileType::kRegular) {
      return Status::InvalidInput(QuoteForMessage(p) +
                                  " is not a regular file");
    }
    return std::unique_ptr<ReadableFile>(
        new FakeReadableFile(this, p, Info(it->second), it->second.content));
  }

  Result<std::unique_ptr<WritableFile>> NewTempFile(
      const std::string& dir, std::string_view name) override {
    std::lock_guard lock(mu_);
    std::string d = Normal(dir);
    std::string p = Prefix(d) + "." + std::string(name) + ".tmp-" +
                    std::to_string(next_temp_++);
    if (auto failed = BeginLocked(Op::kNewTempFile, d, "newtemp " + p)) {
      return *failed;
    }
    if (nodes_.contains(d) && !IsDirLocked(d)) {
      return Status::Io(Msg("cannot create a file in", d, "not a directory"));
    }
    if (!IsDirLocked(d)) {
      return Status::NotFound(
          Msg("cannot create a file in", d, "no such directory"));
    }
    nodes_[p] = NewNodeLocked(FileType::kRegular);
    return std::unique_ptr<WritableFile>(new FakeWritableFile(this, p, d));
  }

  Status SyncDir(const std::string& dir) override {
    std::lock_guard lock(mu_);
    std::string d = Normal(dir);
    if (auto failed = BeginLocked(Op::kSyncDir, d, "syncdir " + d)) {
      return *failed;
    }
    if (!IsDirLocked(d)) {
      return Status::Io(
          Msg("cannot sync the directory", d, "no such directory"));
    }
    // The journal commits: every name change so far survives a power loss.
    synced_names_ = nodes_;
    return Status::Ok();
  }

 private:
  class FakeReadableFile final : public ReadableFile {
   public:
    FakeReadableFile(FakeFileSystem* owner, std::string path, FileInfo info,
                     std::string bytes)
        : owner_(owner),
          path_(std::move(path)),
          info_(info),
          bytes_(std::move(bytes)) {}
    ~FakeReadableFile() override { owner_->Unlock(info_.inode, this); }

    const std::string& path() const override { return path_; }
    const FileInfo& info() const override { return info_; }
    Result<size_t> ReadAt(uint64_t offset, char* buffer,
                          size_t capacity) const override {
      owner_->ThrowIfCrashed();
      if (offset >= bytes_.size()) return size_t{0};
      const size_t n = std::min<uint64_t>(capacity, bytes_.size() - offset);
      bytes_.copy(buffer, n, offset);
      return n;
    }
    Result<bool> TryLock() override {
      return owner_->Lock(path_, info_.inode, this);
    }

   private:
    FakeFileSystem* owner_;
    const std::string path_;
    const FileInfo info_;
    const std::string bytes_;
  };

  class FakeWritableFile final : public WritableFile {
   public:
    FakeWritableFile(FakeFileSystem* owner, std::string path, std::string dir)
        : owner_(owner), path_(std::move(path)), dir_(std::move(dir)) {}

    const std::string& path() const override { return path_; }
    Status Append(std::string_view bytes) override {
      return owner_->AppendTemp(path_, dir_, bytes);
    }
    Status Close() override { return owner_->CloseTemp(path_, dir_); }

   private:
    FakeFileSystem* owner_;
    const std::string path_;
    const std::string dir_;
  };

  Result<bool> Lock(const std::string& path, uint64_t inode,
                    const void* holder) {
    std::lock_guard lock(mu_);
    if (auto failed = BeginLocked(Op::kLock, path, "lock " + path)) {
      return *failed;
    }
    auto [it, inserted] = locks_.emplace(inode, holder);
    return inserted || it->second == holder;
  }
  void Unlock(uint64_t inode, const void* holder) {
    std::lock_guard lock(mu_);
    auto it = locks_.find(inode);
    if (it != locks_.end() && it->second == holder) locks_.erase(it);
  }
  Status AppendTemp(const std::string& path, const std::string& dir,
                    std::string_view bytes) {
    std::lock_guard lock(mu_);
    if (auto failed = BeginLocked(Op::kAppend, dir, "append " + path)) {
      return *failed;
    }
    auto it = nodes_.find(path);
    if (it == nodes_.end()) {
      return Status::Io(Msg("cannot write", path, "removed while written"));
    }
    it->second.content.append(bytes);
    it->second.mtime_ns = NowNsLocked();
    return Status::Ok();
  }
  Status CloseTemp(const std::string& path, const std::string& dir) {
    std::lock_guard lock(mu_);
    if (auto failed = BeginLocked(Op::kClose, dir, "close " + path)) {
      return *failed;
    }
    // fsync(2): the bytes written so far survive a power loss.
    if (auto it = nodes_.find(path); it != nodes_.end()) {
      synced_data_[it->second.inode] = it->second.content;
    }
    return Status::Ok();
  }

  struct Node {
    FileType type = FileType::kRegular;
    std::string content;  // file bytes or symlink target
    int64_t mtime_ns = 0;
    uint64_t inode = 0;
  };

  static std::string Normal(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
  }
  // "/a/b" → "/a", "/a" → "/", "a" → "".
  static std::string Parent(const std::string& path) {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) return "";
    return slash == 0 ? "/" : path.substr(0, slash);
  }
  // `dir` as the prefix of its children's paths.
  static std::string Prefix(const std::string& dir) {
    if (dir.empty()) return "";
    return dir == "/" ? "/" : dir + "/";
  }
  static std::string Msg(std::string_view what, const std::string& path,
                         std::string_view why) {
    return std::string(what) + " " + QuoteForMessage(path) + ": " +
           std::string(why);
  }
  static FileInfo Info(const Node& node) {
    FileInfo info;
    info.type = node.type;
    info.size = node.type == FileType::kDirectory ? 0 : node.content.size();
    info.mtime_ns = node.mtime_ns;
    info.inode = node.inode;
    info.device = 1;
    return info;
  }

  int64_t NowNsLocked() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               clock_.WallNow().time_since_epoch())
        .count();
  }
  Node NewNodeLocked(FileType type) {
    return Node{type, "", NowNsLocked(), next_inode_++};
  }
  bool IsDirLocked(const std::string& path) const {
    if (path == "/" || path.empty()) return true;
    auto it = nodes_.find(path);
    return it != nodes_.end() && it->second.type == FileType::kDirectory;
  }
  // mkdir -p without checks (setup and MakeDirs after its checks).
  void AddDirsLocked(const std::string& dir) {
    for (std::string p = dir; p != "/" && !p.empty(); p = Parent(p)) {
      if (nodes_.contains(p)) break;
      nodes_[p] = NewNodeLocked(FileType::kDirectory);
    }
  }
  void EraseUnderLocked(const std::string& dir) {
    std::string prefix = Prefix(dir);
    auto it = nodes_.lower_bound(prefix);
    while (it != nodes_.end() && it->first.starts_with(prefix)) {
      it = nodes_.erase(it);
    }
  }
  // Moves `from` and, for a directory, everything under it.
  void MoveLocked(const std::string& from, const std::string& to) {
    std::vector<std::pair<std::string, Node>> moved;
    std::string prefix = Prefix(from);
    for (auto it = nodes_.lower_bound(prefix);
         it != nodes_.end() && it->first.starts_with(prefix); ++it) {
      moved.emplace_back(Prefix(to) + it->first.substr(prefix.size()),
                         it->second);
    }
    Node node = nodes_[from];
    nodes_.erase(from);
    if (node.type == FileType::kDirectory) EraseUnderLocked(from);
    nodes_[to] = node;
    if (node.type != FileType::kDirectory) return;
    for (auto& [path, child] : moved) nodes_[path] = std::move(child);
  }
  void ThrowIfCrashed() const {
    std::lock_guard lock(mu_);
    if (crashed_) throw Crashed{ops_.size()};
  }
  // Records the call `line` and says how it ends: throws Crashed from
  // CrashAt's call on; the Status of a FailAt or FailNext fault; nullopt
  // when the call goes ahead.
  std::optional<Status> BeginLocked(Op op, const std::string& path,
                                    std::string line) {
    const size_t index = ops_.size();
    ops_.push_back(std::move(line));
    if (crashed_ || (crash_at_ && index >= *crash_at_)) {
      crashed_ = true;
      throw Crashed{index};
    }
    if (auto at = fail_at_.find(index); at != fail_at_.end()) {
      Status status = std::move(at->second);
      fail_at_.erase(at);
      return status;
    }
    return TakeFailureLocked(op, path);
  }
  // Setup: everything so far is durable.
  void CommitLocked() {
    synced_names_ = nodes_;
    for (const auto& [path, node] : nodes_) {
      if (node.type == FileType::kRegular) {
        synced_data_[node.inode] = node.content;
      }
    }
  }
  std::optional<Status> TakeFailureLocked(Op op, const std::string& path) {
    auto it = failures_.find({op, path});
    if (it == failures_.end() || it->second.empty()) return std::nullopt;
    Status status = std::move(it->second.front());
    it->second.pop_front();
    return status;
  }

  const Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, Node> nodes_;
  std::map<std::string, FsKind> kinds_;
  std::map<std::pair<Op, std::string>, std::deque<Status>> failures_;
  std::vector<std::string> ops_;
  std::map<uint64_t, const void*> locks_;  // inode -> the open file holding it
  std::map<size_t, Status> fail_at_;       // ops() index -> its failure
  std::optional<size_t> crash_at_;         // ops() index of the crash
  bool crashed_ = false;
  // What a power loss keeps: the names at the last SyncDir, and each
  // file's bytes (by inode) at its last Close.
  std::map<std::string, Node> synced_names_;
  std::map<uint64_t, std::string> synced_data_;
  uint64_t next_inode_ = 2;
  uint64_t next_temp_ = 1;
};

}  // namespace m2drop::fs

#endif  // M2DROP_TESTS_FAKES_FAKE_FILE_SYSTEM_H_
