// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/stock_apply.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <mutex>
#include <stop_token>
#include <thread>
#include <utility>

#include "m2drop/base/parallel.h"
#include "m2drop/base/strings.h"

namespace m2drop::pipeline {
namespace {

bool StopsTheImport(const Status& s) {
  return s.code() == StatusCode::kUnavailable ||
         s.code() == StatusCode::kCancelled ||
         s.code() == StatusCode::kUnauthenticated;
}

std::string Describe(const StockRow& row) {
  return FormatQuantity(row.quantity) + " (" +
         (row.in_stock ? "in stock" : "out of stock") + ") for SKU " +
         QuoteForMessage(std::string(Trim(row.sku))) + " at source " +
         QuoteForMessage(std::string(Trim(row.source)));
}

void SetOutcome(const StockApplyContext& c, size_t i, RowState state,
                std::string code, std::string message) {
  RowOutcome& o = (*c.outcomes)[i];
  o.line = c.rows[i].line;
  o.state = state;
  o.code = std::move(code);
  o.message = std::move(message);
}

}  // namespace

void DeferStockRows(const StockApplyContext& c, std::span<const size_t> rows,
                    const Status& why) {
  const bool auth = why.code() == StatusCode::kUnauthenticated;
  for (size_t i : rows) {
    SetOutcome(c, i, RowState::kDeferred,
               auth ? "not_attempted" : "magento_unavailable",
               (auth ? "not saved: Magento refused the credentials ("
                     : "Magento unavailable (") +
                   why.message() + "); nothing lost, try again");
  }
}

namespace {

// Saves `rows` (indexes) with SaveSourceItems, bisecting rejected
// requests. Appends the rows decided to `done`. Returns the Status that
// stops the import (the rows it left are deferred), else OK.
Status SaveRange(const StockApplyContext& c, std::span<const size_t> rows,
                 std::vector<size_t>* done) {
  std::vector<magento::SourceItem> items;
  items.reserve(rows.size());
  for (size_t i : rows) items.push_back(SourceItemOf(c.rows[i]));
  magento::SaveSourceItemsOutcome saved =
      c.client.SaveSourceItems(items, c.stop);
  Status stopped;
  for (const magento::SourceItemsChunk& chunk : saved.chunks) {
    std::span<const size_t> part =
        rows.subspan(chunk.begin, chunk.end - chunk.begin);
    if (!stopped.ok() || StopsTheImport(chunk.status)) {
      if (stopped.ok()) stopped = chunk.status;
      DeferStockRows(c, part, stopped);
      continue;
    }
    if (chunk.status.ok()) {
      for (size_t i : part) {
        SetOutcome(c, i, RowState::kApplied, "",
                   "saved " + Describe(c.rows[i]));
      }
      done->insert(done->end(), part.begin(), part.end());
    } else if (part.size() == 1) {
      SetOutcome(c, part[0], RowState::kFailed, "magento_rejected",
                 "Magento refused " + Describe(c.rows[part[0]]) + ": " +
                     chunk.status.message());
      done->push_back(part[0]);
    } else {
      // All or nothing: find the bad rows by halves.
      const size_t half = part.size() / 2;
      stopped = SaveRange(c, part.first(half), done);
      if (stopped.ok()) {
        stopped = SaveRange(c, part.subspan(half), done);
      } else {
        DeferStockRows(c, part.subspan(half), stopped);
      }
    }
  }
  return stopped;
}

}  // namespace

magento::SourceItem SourceItemOf(const StockRow& row) {
  return {std::string(Trim(row.sku)), std::string(Trim(row.source)),
          row.quantity, row.in_stock ? 1 : 0};
}

Status ApplyMsi(const StockApplyContext& c, const std::vector<size_t>& updates,
                int batch_size, int max_parallel) {
  const size_t batch = static_cast<size_t>(std::max(batch_size, 1));
  const std::span<const size_t> all(updates);
  const size_t batches = (all.size() + batch - 1) / batch;
  // The first batch that stops the import stops the ones in flight.
  std::stop_source stopper;
  std::stop_callback forward(c.stop, [&] { stopper.request_stop(); });
  StockApplyContext stoppable{c.rows, c.client, stopper.get_token(),
                              c.batch_done, c.outcomes};
  std::mutex mu;
  Status stopped;  // guarded by mu
  ForEachParallel(batches, max_parallel, [&](size_t b) {
    const std::span<const size_t> rows =
        all.subspan(b * batch, std::min(batch, all.size() - b * batch));
    if (stopper.stop_requested()) {
      std::lock_guard lock(mu);
      if (stopped.ok()) stopped = Status::Cancelled("the import was stopped");
      DeferStockRows(c, rows, stopped);
      return;
    }
    std::vector<size_t> done;
    Status status;
    try {
      status = SaveRange(stoppable, rows, &done);
    } catch (const std::exception& e) {
      status = Status::Unavailable(std::string("internal error: ") + e.what());
      DeferStockRows(c, rows, status);
      done.clear();
    }
    std::lock_guard lock(mu);
    if (!status.ok() && stopped.ok()) {
      stopped = status;
      stopper.request_stop();
    } else if (status.code() == StatusCode::kCancelled &&
               stopped.code() != StatusCode::kCancelled) {
      // Stopped because another batch found Magento away: say why.
      for (size_t i : rows) {
        if ((*c.outcomes)[i].state == RowState::kDeferred) {
          DeferStockRows(c, std::span<const size_t>(&i, 1), stopped);
        }
      }
    }
    if (c.batch_done && !done.empty()) c.batch_done(done);
  });
  return stopped;
}

Status ApplyLegacy(const StockApplyContext& c,
                   const std::vector<size_t>& updates, int max_parallel) {
  std::stop_source stopper;
  std::stop_callback forward(c.stop, [&] { stopper.request_stop(); });
  std::atomic<size_t> next{0};
  std::mutex mu;
  Status stopped;  // guarded by mu
  auto update_one = [&](size_t i) -> Status {
    const StockRow& row = c.rows[i];
    Result<int64_t> id =
        c.client.UpdateStockItem(std::string(Trim(row.sku)), row.quantity,
                                 row.in_stock, stopper.get_token());
    if (id.ok()) {
      SetOutcome(c, i, RowState::kApplied, "",
                 "updated the stock item to " + Describe(row));
    } else if (StopsTheImport(id.status())) {
      return id.status();
    } else {
      const bool unknown = id.status().code() == StatusCode::kNotFound;
      SetOutcome(
          c, i, RowState::kFailed, unknown ? "unknown_sku" : "magento_rejected",
          "Magento refused " + Describe(row) + ": " + id.status().message());
    }
    return Status::Ok();
  };
  auto worker = [&] {
    for (size_t k; (k = next.fetch_add(1)) < updates.size();) {
      const size_t i = updates[k];
      Status status = Status::Cancelled("the import was stopped");
      if (!stopper.stop_requested()) {
        try {
          status = update_one(i);
        } catch (const std::exception& e) {
          status =
              Status::Unavailable(std::string("internal error: ") + e.what());
        }
      }
      std::lock_guard lock(mu);
      if (!status.ok()) {
        if (stopped.ok()) stopped = status;
        stopper.request_stop();
        DeferStockRows(c, std::span<const size_t>(&i, 1), stopped);
      } else if (c.batch_done) {
        c.batch_done(std::span<const size_t>(&i, 1));
      }
    }
  };
  const size_t threads = std::min<size_t>(
      updates.size(), static_cast<size_t>(std::max(max_parallel, 1)));
  {
    std::vector<std::jthread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
  }
  return stopped;
}

void PlanOnly(const StockApplyContext& c, const std::vector<size_t>& updates,
              bool legacy) {
  for (size_t i : updates) {
    SetOutcome(c, i, RowState::kWouldApply, "",
               (legacy ? "would update the stock item to " : "would save ") +
                   Describe(c.rows[i]));
  }
}

std::optional<RowOutcome> LegacySourceRefusal(
    const StockRow& row, const std::string& default_source) {
  if (Trim(row.source) == Trim(default_source)) return std::nullopt;
  RowOutcome o;
  o.line = row.line;
  o.state = RowState::kFailed;
  o.code = "source_not_supported";
  o.message = "the row names source " + QuoteForMessage(row.source) +
              ", but stock_api = \"legacy\" only updates the default source " +
              QuoteForMessage(default_source) +
              "; use stock_api = \"msi\" for multi-source stock";
  return o;
}

std::string FormatQuantity(double quantity) {
  char text[64];
  std::snprintf(text, sizeof text, "%.4f", quantity);
  std::string out = text;
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

}  // namespace m2drop::pipeline
