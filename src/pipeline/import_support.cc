// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/import_support.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "m2drop/base/strings.h"

namespace m2drop::pipeline {

magento::ApiResult CountingApiCaller::Call(const magento::ApiRequest& request,
                                           std::stop_token stop) {
  magento::ApiResult result = inner_.Call(request, stop);
  calls_ += static_cast<uint64_t>(std::max(result.attempts, 0));
  return result;
}

const RowOutcome* DecidedBefore(const DoneBefore* done_before, uint64_t line) {
  if (done_before == nullptr) return nullptr;
  auto it = done_before->find(line);
  if (it == done_before->end() || it->second.state == RowState::kDeferred) {
    return nullptr;
  }
  return &it->second;
}

void RecordSlots::AddDecided(RowOutcome outcome, std::string text,
                             const DoneBefore* done_before) {
  if (const RowOutcome* before = DecidedBefore(done_before, outcome.line)) {
    // A row that failed its local checks fails them again the same way (the
    // content is the same): the fresh outcome keeps the columns the ledger
    // does not record.
    const uint64_t line = outcome.line;
    outcomes.push_back(outcome.errors.empty() ? *before : std::move(outcome));
    outcomes.back().line = line;
  } else {
    final_while_reading.push_back(outcomes.size());
    outcomes.push_back(std::move(outcome));
  }
  texts.push_back(std::move(text));
}

size_t RecordSlots::AddPending(uint64_t line, std::string text) {
  RowOutcome pending;
  pending.line = line;
  outcomes.push_back(std::move(pending));
  texts.push_back(std::move(text));
  return outcomes.size() - 1;
}

void RecordSlots::CollectMalformed(csv::Reader& reader,
                                   const DoneBefore* done_before) {
  reader.set_error_sink([this, done_before](const csv::RecordError& e) {
    RowOutcome outcome;
    outcome.line = e.line;
    outcome.code = "malformed_record";
    outcome.message = e.message;
    outcome.errors.push_back({e.line, e.column, "malformed_record", e.message});
    AddDecided(std::move(outcome), e.raw, done_before);
  });
}

RowOutcome LocalFailure(uint64_t line, std::vector<RowError> errors) {
  RowOutcome outcome;
  outcome.line = line;
  outcome.state = RowState::kFailed;
  if (!errors.empty()) outcome.code = errors.front().code;
  std::vector<std::string> messages;
  for (const RowError& e : errors) messages.push_back(e.message);
  outcome.message = Join(messages, "; ");
  outcome.errors = std::move(errors);
  return outcome;
}

RowsDoneSink::RowsDoneSink(Callback callback, bool dry_run)
    : callback_(dry_run ? Callback() : std::move(callback)) {}

void RowsDoneSink::Emit(std::span<const RowOutcome> rows) {
  if (!callback_) return;
  std::vector<RowOutcome> final_rows;
  for (const RowOutcome& row : rows) {
    if (row.state != RowState::kDeferred) final_rows.push_back(row);
  }
  if (final_rows.empty()) return;
  std::lock_guard lock(mu_);
  callback_(final_rows);
}

namespace {

// Copies of all[i] for every i in `indexes` (a vector or a RowOutcomes).
template <typename Outcomes>
std::vector<RowOutcome> Picked(const Outcomes& all,
                               std::span<const size_t> indexes) {
  std::vector<RowOutcome> picked;
  picked.reserve(indexes.size());
  for (size_t i : indexes) picked.push_back(all[i]);
  return picked;
}

}  // namespace

void RowsDoneSink::EmitIndexes(const std::vector<RowOutcome>& all,
                               std::span<const size_t> indexes) {
  if (callback_) Emit(Picked(all, indexes));
}

void RowsDoneSink::EmitIndexes(const RowOutcomes& all,
                               std::span<const size_t> indexes) {
  if (callback_) Emit(Picked(all, indexes));
}

ImportResult FinishImport(const std::string& path,
                          const config::Profile& profile,
                          const config::LimitsConfig& limits, const Drop& drop,
                          bool dry_run, uint64_t valid, uint64_t api_calls,
                          const Clock& clock, SteadyTime started,
                          RecordSlots slots) {
  ImportResult result;
  FileSummary& summary = result.summary;
  summary.file = path;
  summary.profile = profile.name;
  summary.mode = dry_run ? "dry-run" : "import";
  summary.dialect = SummarizeDialect(drop.reader->dialect());
  summary.rows_total = slots.outcomes.size();
  summary.valid = valid;
  const size_t error_limit = static_cast<size_t>(limits.max_errors_reported);
  for (size_t i = 0; i < slots.outcomes.size(); ++i) {
    CountOutcome(slots.outcomes[i], error_limit, &summary);
    if (slots.outcomes[i].state == RowState::kFailed) {
      result.failed_rows.push_back(
          {slots.outcomes[i].line, std::move(slots.texts[i])});
    }
  }
  summary.api_calls = api_calls;
  result.delimiter = drop.reader->dialect().delimiter;
  result.header_raw = drop.reader->header_raw();
  result.outcomes = std::move(slots.outcomes);
  summary.elapsed_ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now() -
                                                            started)
          .count());
  return result;
}

}  // namespace m2drop::pipeline
