// SPDX-License-Identifier: Apache-2.0
// FakeRemote: an in-memory SFTP server directory behind the RemoteConnector
// seam (ninja's FakeCommandRunner): files with content and mtime, every
// call recorded, and failures injected per operation. FakePullMemory: a
// PullMemory over a map, which can refuse writes.
//
// Header-only; one test thread (the fake is not thread-safe).
#ifndef M2DROP_TESTS_PULL_FAKE_REMOTE_H_
#define M2DROP_TESTS_PULL_FAKE_REMOTE_H_

#include <unistd.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "m2drop/pull/pull_memory.h"
#include "m2drop/pull/remote_dir.h"

namespace m2drop::pull::testing {

class FakeRemote final : public RemoteConnector {
 public:
  struct File {
    std::string content;
    int64_t mtime_s = 1'700'000'000;
  };

  std::map<std::string, File> files;  // the listed directory
  std::map<std::string, File> moved;  // "DIR/NAME" after MoveTo
  std::vector<std::string> calls;     // "connect", "list", "get a.csv"…
  // Statuses the next calls of each kind return instead of working.
  std::deque<Status> connect_failures;
  std::deque<Status> list_failures;
  std::deque<Status> download_failures;
  std::deque<Status> after_failures;  // Remove and MoveTo
  // Bytes a download writes before failing with download_failures' front
  // (0: fail before writing anything).
  size_t fail_after_bytes = 0;
  // Called between the download's blocks; may change `files`.
  std::function<void(uint64_t)> mid_download;

  void Put(const std::string& name, std::string content,
           int64_t mtime_s = 1'700'000'000) {
    files[name] = File{std::move(content), mtime_s};
  }

  Result<std::unique_ptr<RemoteSession>> Connect(std::stop_token) override {
    calls.push_back("connect");
    if (Status s = Pop(connect_failures); !s.ok()) return s;
    return std::unique_ptr<RemoteSession>(new Session(*this));
  }
  std::string Describe() const override { return "sftp://fake@host:22/out"; }

 private:
  static Status Pop(std::deque<Status>& q) {
    if (q.empty()) return Status::Ok();
    Status s = q.front();
    q.pop_front();
    return s;
  }

  class Session final : public RemoteSession {
   public:
    explicit Session(FakeRemote& r) : r_(r) {}
    const SessionInfo& info() const override { return info_; }

    Result<std::vector<RemoteFile>> List() override {
      r_.calls.push_back("list");
      if (Status s = Pop(r_.list_failures); !s.ok()) return s;
      std::vector<RemoteFile> out;
      for (const auto& [name, f] : r_.files) {
        out.push_back({name, f.content.size(), f.mtime_s, true});
      }
      return out;
    }

    Status Download(const RemoteFile& file, int fd,
                    const Progress& progress) override {
      r_.calls.push_back("get " + file.name);
      auto it = r_.files.find(file.name);
      if (it == r_.files.end()) return Status::NotFound(file.name + " gone");
      const std::string content = it->second.content;
      const bool fail = !r_.download_failures.empty();
      const size_t limit = fail ? r_.fail_after_bytes : content.size();
      size_t written = 0;
      while (written < limit) {
        const size_t n = std::min<size_t>(4, limit - written);
        if (::write(fd, content.data() + written, n) !=
            static_cast<ssize_t>(n)) {
          return Status::Io("write failed");
        }
        written += n;
        if (progress) progress(written);
        if (r_.mid_download) r_.mid_download(written);
      }
      if (fail) return Pop(r_.download_failures);
      it = r_.files.find(file.name);
      if (it == r_.files.end() || it->second.content.size() != file.size ||
          it->second.mtime_s != file.mtime_s) {
        return Status::Rejected(file.name + " changed while it was read");
      }
      return Status::Ok();
    }

    Status Remove(const std::string& name) override {
      r_.calls.push_back("rm " + name);
      if (Status s = Pop(r_.after_failures); !s.ok()) return s;
      if (r_.files.erase(name) == 0) return Status::NotFound(name);
      return Status::Ok();
    }

    Status MoveTo(const std::string& name, const std::string& dir) override {
      r_.calls.push_back("mv " + name + " " + dir);
      if (Status s = Pop(r_.after_failures); !s.ok()) return s;
      auto it = r_.files.find(name);
      if (it == r_.files.end()) return Status::NotFound(name);
      if (r_.moved.contains(dir + "/" + name)) {
        return Status::Rejected(dir + "/" + name + " exists");
      }
      r_.moved[dir + "/" + name] = it->second;
      r_.files.erase(it);
      return Status::Ok();
    }

    void Interrupt() override { r_.calls.push_back("interrupt"); }

   private:
    FakeRemote& r_;
    SessionInfo info_{"ED25519 SHA256:fake", "key /k", "/out"};
  };
};

class FakePullMemory final : public PullMemory {
 public:
  std::map<std::string, Remembered> files;
  bool refuse_writes = false;

  Result<std::vector<Remembered>> All() override {
    std::vector<Remembered> out;
    for (const auto& [name, r] : files) out.push_back(r);
    return out;
  }
  Status Remember(const Remembered& file) override {
    if (refuse_writes) return Status::Io("ledger is read-only");
    files[file.name] = file;
    return Status::Ok();
  }
  Status Forget(const std::string& name) override {
    if (refuse_writes) return Status::Io("ledger is read-only");
    files.erase(name);
    return Status::Ok();
  }
};

}  // namespace m2drop::pull::testing

#endif  // M2DROP_TESTS_PULL_FAKE_REMOTE_H_
