// SPDX-License-Identifier: Apache-2.0
// What every kind's import shares around its own plan and apply steps:
//   - RunImport: the skeleton itself (open, read and check, hand over,
//     apply, finish), written once;
//   - CountingApiCaller: the requests one import made, whatever else shares
//     the caller (the summary's api_calls);
//   - RecordSlots: the read pass's per-record bookkeeping (one outcome and
//     one raw text per data record, malformed ones included), with the
//     rows an earlier attempt decided (`done_before`) taken as they were;
//   - RowsDoneSink: hands rows whose outcome is final to the caller's
//     `on_rows_done`, serialised, never deferred ones;
//   - FinishImport: the ImportResult (summary, outcomes, failed rows) from
//     the slots once every outcome is set.
//
// Thread-safety: CountingApiCaller and RowsDoneSink are thread-safe;
// RecordSlots is not (the read pass and the final merge run on one thread;
// apply threads write disjoint outcomes).
#ifndef M2DROP_PIPELINE_IMPORT_SUPPORT_H_
#define M2DROP_PIPELINE_IMPORT_SUPPORT_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <unordered_map>
#include <vector>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/magento/api_caller.h"
#include "m2drop/magento/client.h"
#include "m2drop/pipeline/drop_reader.h"
#include "m2drop/pipeline/import_drop.h"
#include "m2drop/pipeline/row_outcome.h"

namespace m2drop::pipeline {

// Counts the requests sent through it (ApiResult::attempts: every request
// that left the process), then forwards. Does not own `inner`, which must
// outlive it.
class CountingApiCaller final : public magento::ApiCaller {
 public:
  explicit CountingApiCaller(magento::ApiCaller& inner) : inner_(inner) {}
  magento::ApiResult Call(const magento::ApiRequest& request,
                          std::stop_token stop) override;
  Status WaitToResend(const magento::ApiRequest& request,
                      const magento::ApiResult& last,
                      magento::ResendBudget& budget,
                      std::stop_token stop) override {
    return inner_.WaitToResend(request, last, budget, stop);
  }
  uint64_t calls() const { return calls_.load(); }

 private:
  magento::ApiCaller& inner_;
  std::atomic<uint64_t> calls_{0};
};

// Outcomes decided by an earlier attempt, by line (import_drop.h).
using DoneBefore = std::unordered_map<uint64_t, RowOutcome>;

// The outcome `done_before` (may be null) holds for `line` when it is final
// (anything but kDeferred); else nullptr.
const RowOutcome* DecidedBefore(const DoneBefore* done_before, uint64_t line);

// One outcome and one raw text per data record, in file order.
struct RecordSlots {
  std::vector<RowOutcome> outcomes;
  std::vector<std::string> texts;
  // Indexes of the outcomes that became final while reading (local check
  // failures, malformed records), for on_rows_done; not those taken from
  // done_before.
  std::vector<size_t> final_while_reading;

  // Adds a record that needs no Magento call: the recorded outcome when
  // `done_before` decided `line`, else `outcome` (remembered as final).
  void AddDecided(RowOutcome outcome, std::string text,
                  const DoneBefore* done_before);
  // Adds a record whose outcome is still to come; returns its index.
  size_t AddPending(uint64_t line, std::string text);
  // Routes the reader's malformed records into AddDecided.
  void CollectMalformed(csv::Reader& reader, const DoneBefore* done_before);
};

// The outcome of a record that failed its local checks: kFailed, the first
// error's code, every message joined, the errors kept.
RowOutcome LocalFailure(uint64_t line, std::vector<RowError> errors);

// What the read pass of one drop keeps: the rows to import (checked, not
// decided before), where each one's outcome goes, and every other record's
// outcome already decided.
template <typename Row>
struct ReadPass {
  std::vector<Row> rows;
  std::vector<size_t> slot_of_row;  // row index -> slots index
  RecordSlots slots;
  uint64_t valid = 0;  // rows passing their checks, done_before's included
};

// Reads every record of `reader` into `pass`: malformed records and those
// `check` refuses become failed outcomes, records decided in done_before
// keep that outcome, and the rest become rows to import. `check` is
// (const csv::Record&, std::vector<RowError>*) -> std::optional<Row>, and
// appends one error per problem when it refuses. Returns the reader's
// status (a file-level problem that stopped it mid-file).
template <typename Row, typename Check>
Status ReadCheckedRows(csv::Reader& reader, const DoneBefore* done_before,
                       const Check& check, ReadPass<Row>* pass) {
  pass->slots.CollectMalformed(reader, done_before);
  csv::Record record;
  std::vector<RowError> errors;
  while (reader.Next(&record)) {
    errors.clear();
    std::optional<Row> row = check(record, &errors);
    if (!row) {
      pass->slots.AddDecided(LocalFailure(record.line(), std::move(errors)),
                             std::string(record.raw()), done_before);
      continue;
    }
    ++pass->valid;
    if (const RowOutcome* before = DecidedBefore(done_before, record.line())) {
      // Taken as recorded; AddDecided finds it in done_before again.
      pass->slots.AddDecided(*before, std::string(record.raw()), done_before);
      continue;
    }
    pass->slot_of_row.push_back(
        pass->slots.AddPending(record.line(), std::string(record.raw())));
    pass->rows.push_back(std::move(*row));
  }
  return reader.status();
}

// Serialises on_rows_done and leaves out kDeferred rows. Does nothing when
// the callback is empty or in a dry run.
class RowsDoneSink {
 public:
  using Callback = std::function<void(std::span<const RowOutcome> rows)>;
  RowsDoneSink(Callback callback, bool dry_run);

  // Hands over the final outcomes among `rows` (in one call, if any).
  void Emit(std::span<const RowOutcome> rows);
  // Same, for outcomes picked by index out of `all`.
  void EmitIndexes(const std::vector<RowOutcome>& all,
                   std::span<const size_t> indexes);
  void EmitIndexes(const RowOutcomes& all, std::span<const size_t> indexes);

 private:
  Callback callback_;
  std::mutex mu_;
};

// Assembles the result once every outcome in `slots` is set: the summary
// (counts, errors up to limits.max_errors_reported, dialect, api_calls,
// elapsed since `started`), the outcomes and the failed rows' texts.
ImportResult FinishImport(const std::string& path,
                          const config::Profile& profile,
                          const config::LimitsConfig& limits, const Drop& drop,
                          bool dry_run, uint64_t valid, uint64_t api_calls,
                          const Clock& clock, SteadyTime started,
                          RecordSlots slots);

// The import every kind shares; the kinds differ only in how a record
// becomes a Row and how rows are applied:
//   1. open the drop (or read the claimed file, options.file) and read
//      every record with `read_rows(drop, &pass)` (ReadCheckedRows with the
//      kind's check);
//   2. hand the records decided while reading to options.on_rows_done;
//   3. `apply(rows, client, sink, outcomes, &interrupted)` through a
//      Client made with `client_options` over a caller that counts this
//      import's requests; it sets `interrupted` when Magento went away or
//      the import was stopped (the rows not reached deferred) and returns
//      only file-level failures;
//   4. assemble the result (FinishImport).
template <typename Row, typename ReadRows, typename Apply>
Result<ImportResult> RunImport(const std::string& path,
                               const config::Profile& profile,
                               const config::LimitsConfig& limits,
                               magento::ApiCaller& caller,
                               const magento::ClientOptions& client_options,
                               const Clock& clock,
                               const DropImportOptions& options,
                               const ReadRows& read_rows, const Apply& apply) {
  const SteadyTime started = clock.Now();
  M2DROP_ASSIGN_OR_RETURN(Drop drop,
                          OpenDrop(path, profile, limits, options.file));
  ReadPass<Row> pass;
  M2DROP_RETURN_IF_ERROR(read_rows(drop, &pass));
  RowsDoneSink sink(options.on_rows_done, options.dry_run);
  sink.EmitIndexes(pass.slots.outcomes, pass.slots.final_while_reading);

  CountingApiCaller counting(caller);
  magento::Client client(counting, client_options);
  RowOutcomes row_outcomes(pass.slots.outcomes, &pass.slot_of_row);
  Status interrupted;
  M2DROP_RETURN_IF_ERROR(
      apply(pass.rows, client, sink, &row_outcomes, &interrupted));
  ImportResult result =
      FinishImport(path, profile, limits, drop, options.dry_run, pass.valid,
                   counting.calls(), clock, started, std::move(pass.slots));
  result.interrupted = std::move(interrupted);
  return result;
}

}  // namespace m2drop::pipeline

#endif  // M2DROP_PIPELINE_IMPORT_SUPPORT_H_
