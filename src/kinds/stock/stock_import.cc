// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/stock/stock_import.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "m2drop/kinds/stock/stock_apply.h"
#include "m2drop/kinds/stock/stock_plan.h"
#include "m2drop/kinds/stock/stock_row.h"
#include "m2drop/kinds/stock/stock_sku_check.h"
#include "m2drop/pipeline/drop_reader.h"
#include "m2drop/pipeline/import_support.h"

namespace m2drop::pipeline {
namespace {

Status ReadRows(Drop& drop, const config::Profile& profile,
                const DoneBefore* done_before, ReadPass<StockRow>* pass) {
  const StockColumns columns = StockColumns::From(drop.columns);
  const StockRules rules{profile.stock.default_source,
                         profile.stock.allow_negative,
                         drop.reader->dialect().delimiter != ','};
  return ReadCheckedRows(
      *drop.reader, done_before,
      [&](const csv::Record& record, std::vector<RowError>* errors) {
        return CheckStockRecord(record, columns, rules, errors);
      },
      pass);
}

bool IsTransient(const Status& s) {
  return s.code() == StatusCode::kUnavailable ||
         s.code() == StatusCode::kCancelled;
}

// One import's apply phase: the rows, where their outcomes go, and what
// is told as rows become final.
class StockRun {
 public:
  StockRun(const std::vector<StockRow>& rows, const config::Profile& profile,
           magento::Client& client, const DropImportOptions& options,
           RowsDoneSink& sink, RowOutcomes* outcomes)
      : rows_(rows),
        profile_(profile),
        client_(client),
        options_(options),
        sink_(sink),
        outcomes_(outcomes),
        context_{rows, client, options.stop,
                 [this](std::span<const size_t> done) { BatchDone(done); },
                 outcomes} {}

  // Steps 2-5 (stock_import.h). Returns the Status that ends the import
  // (kUnauthenticated, a refused or garbled search, the ledger's); sets
  // `interrupted` when rows were deferred.
  Status Run(Status* interrupted) {
    M2DROP_ASSIGN_OR_RETURN(std::vector<size_t> updates, Plan());
    if (profile_.stock.stock_api == config::StockApi::kLegacy) {
      updates = RefuseOtherSources(updates);
    }
    if (profile_.stock.check_skus && !updates.empty()) {
      Status status = CheckSkus(&updates);
      if (IsTransient(status)) {
        DeferStockRows(context_, updates, status);
        *interrupted = status;
        return Status::Ok();
      }
      M2DROP_RETURN_IF_ERROR(status);
    }
    total_ = updates.size();
    if (options_.dry_run) {
      PlanOnly(context_, updates,
               profile_.stock.stock_api == config::StockApi::kLegacy);
      return Status::Ok();
    }
    Status status = profile_.stock.stock_api == config::StockApi::kLegacy
                        ? ApplyLegacy(context_, updates, options_.max_parallel)
                        : ApplyMsi(context_, updates, profile_.stock.batch_size,
                                   options_.max_parallel);
    if (IsTransient(status)) {
      *interrupted = status;
      return Status::Ok();
    }
    return status;
  }

 private:
  // Step 2: the updates to send; stale rows decided (and handed over).
  Result<std::vector<size_t>> Plan() {
    std::map<ledger::StockKey, ledger::StockStamp> applied;
    if (options_.stock_versions != nullptr) {
      // A slice of rows at a time: the keys of a whole 100k-row file were
      // a copy of every SKU and source (16 MB), for a map that is empty
      // but for the keys applied before.
      constexpr size_t kRowsPerLookup = 5000;
      const std::span<const StockRow> all(rows_);
      for (size_t begin = 0; begin < all.size(); begin += kRowsPerLookup) {
        const std::vector<ledger::StockKey> keys = KeysOf(
            all.subspan(begin, std::min(kRowsPerLookup, all.size() - begin)));
        M2DROP_ASSIGN_OR_RETURN(
            auto found, options_.stock_versions->LastStockVersions(keys));
        applied.merge(found);
      }
    }
    StockPlan plan = PlanStockRows(rows_, applied);
    std::vector<size_t> decided;
    for (auto& [index, outcome] : plan.stale) {
      (*outcomes_)[index] = std::move(outcome);
      decided.push_back(index);
    }
    sink_.EmitIndexes(*outcomes_, decided);
    return std::move(plan.updates);
  }

  // Step 3 (legacy only).
  std::vector<size_t> RefuseOtherSources(const std::vector<size_t>& updates) {
    std::vector<size_t> kept;
    std::vector<size_t> refused;
    for (size_t i : updates) {
      auto refusal =
          LegacySourceRefusal(rows_[i], profile_.stock.default_source);
      if (!refusal) {
        kept.push_back(i);
        continue;
      }
      (*outcomes_)[i] = std::move(*refusal);
      refused.push_back(i);
    }
    sink_.EmitIndexes(*outcomes_, refused);
    return kept;
  }

  // Step 4: unknown SKUs become failed rows and leave `updates`.
  Status CheckSkus(std::vector<size_t>* updates) {
    M2DROP_ASSIGN_OR_RETURN(
        std::vector<size_t> unknown,
        FindUnknownSkus(rows_, *updates, client_, options_.stop));
    if (unknown.empty()) return Status::Ok();
    for (size_t i : unknown) (*outcomes_)[i] = UnknownSkuOutcome(rows_[i]);
    sink_.EmitIndexes(*outcomes_, unknown);
    std::vector<bool> is_unknown(rows_.size(), false);
    for (size_t i : unknown) is_unknown[i] = true;
    std::erase_if(*updates, [&](size_t i) { return is_unknown[i]; });
    return Status::Ok();
  }

  // After each batch: versions into the ledger, rows to on_rows_done,
  // progress. Serialised by the appliers.
  void BatchDone(std::span<const size_t> done) {
    RecordVersions(done);
    sink_.EmitIndexes(*outcomes_, done);
    done_ += done.size();
    if (options_.progress) options_.progress(done_, total_);
  }

  void RecordVersions(std::span<const size_t> done) {
    if (options_.stock_versions == nullptr) return;
    std::vector<std::pair<ledger::StockKey, ledger::StockStamp>> stamps;
    for (size_t i : done) {
      const StockRow& row = rows_[i];
      if ((*outcomes_)[i].state != RowState::kApplied || !row.version) continue;
      stamps.push_back({KeyOf(row),
                        {static_cast<int>(row.version->kind),
                         row.version->value, options_.source_name}});
    }
    if (stamps.empty()) return;
    Status status = options_.stock_versions->RecordStockVersions(stamps);
    if (!status.ok()) {
      // The quantities are in Magento; only the cross-file staleness check
      // of later files loses these versions.
      spdlog::warn("stock import {}: could not record {} stock versions: {}",
                   options_.source_name, stamps.size(), status.message());
    }
  }

  const std::vector<StockRow>& rows_;
  const config::Profile& profile_;
  magento::Client& client_;
  const DropImportOptions& options_;
  RowsDoneSink& sink_;
  RowOutcomes* outcomes_;
  StockApplyContext context_;
  uint64_t done_ = 0;
  uint64_t total_ = 0;
};

}  // namespace

Result<ImportResult> ImportStockDrop(
    const std::string& path, const config::Profile& profile,
    const config::LimitsConfig& limits, magento::ApiCaller& caller,
    const magento::ClientOptions& client_options, const Clock& clock,
    const DropImportOptions& options) {
  magento::ClientOptions stock_client = client_options;
  stock_client.array_limit = std::max(profile.stock.batch_size, 1);
  return RunImport<StockRow>(
      path, profile, limits, caller, stock_client, clock, options,
      [&](Drop& drop, ReadPass<StockRow>* pass) {
        return ReadRows(drop, profile, options.done_before, pass);
      },
      [&](const std::vector<StockRow>& rows, magento::Client& client,
          RowsDoneSink& sink, RowOutcomes* outcomes, Status* interrupted) {
        StockRun run(rows, profile, client, options, sink, outcomes);
        return run.Run(interrupted);
      });
}

}  // namespace m2drop::pipeline
