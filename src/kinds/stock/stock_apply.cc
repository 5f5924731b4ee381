// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/stock/stock_apply.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <mutex>
#include <stop_token>
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

// "for SKU "A" at source "default"".
std::string Where(const StockRow& row) {
  return "for SKU " + QuoteForMessage(std::string(Trim(row.sku))) +
         " at source " + QuoteForMessage(std::string(Trim(row.source)));
}

std::string Describe(const StockRow& row) {
  return FormatQuantity(row.quantity) + " (" +
         (row.in_stock ? "in stock" : "out of stock") + ") " + Where(row);
}

// The outcome of a legacy update as Magento saved it, read back:
// StockItemRepository::save may store another status than the one sent
// (magento-rest.md §1.8), and the row must say what the shop now shows.
std::string LegacySavedMessage(const StockRow& row,
                               const Result<magento::StockItem>& saved) {
  const std::string asked = "updated the stock item to " + Describe(row);
  if (!saved.ok()) {
    return asked + " (Magento's saved stock status could not be read back: " +
           saved.status().message() + ")";
  }
  const bool same_status = saved->is_in_stock == row.in_stock;
  const bool same_qty = std::fabs(saved->qty - row.quantity) < 1e-9;
  if (same_status && same_qty) return asked;
  std::string text = "updated the stock item to " +
                     FormatQuantity(row.quantity) + " " + Where(row);
  if (!same_status && saved->is_in_stock) {
    text +=
        "; Magento saved it in stock, not out of stock as the file says (it "
        "puts back in stock an item it had set out of stock itself once the "
        "quantity allows)";
  } else if (!same_status) {
    text +=
        "; Magento saved it out of stock, not in stock as the file says "
        "(without backorders, an item at or below its out-of-stock threshold "
        "is out of stock)";
  }
  if (!same_qty) {
    text += "; Magento saved quantity " + FormatQuantity(saved->qty) +
            " (a product of this type keeps no quantity of its own)";
  }
  return text;
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

namespace {

// Sends `all` in units of `unit` rows on up to `max_parallel` threads:
// save(context, rows, &done) sends one unit through the context's client,
// sets the outcome of every row it decides (appending them to `done`), and
// returns the Status that stops the import after deferring the rows it
// left. The first such Status stops the units in flight (their rows are
// deferred with that cause) and defers the units not started; it is
// returned. Decided rows go to batch_done, one unit at a time.
using SaveUnit = std::function<Status(const StockApplyContext& c,
                                      std::span<const size_t> rows,
                                      std::vector<size_t>* done)>;

Status ApplyInUnits(const StockApplyContext& c, std::span<const size_t> all,
                    size_t unit, int max_parallel, const SaveUnit& save) {
  std::stop_source stopper;
  std::stop_callback forward(c.stop, [&] { stopper.request_stop(); });
  const StockApplyContext stoppable{c.rows, c.client, stopper.get_token(),
                                    c.batch_done, c.outcomes};
  std::mutex mu;
  Status stopped;  // guarded by mu
  const size_t units = (all.size() + unit - 1) / unit;
  ForEachParallel(units, max_parallel, [&](size_t u) {
    const std::span<const size_t> rows =
        all.subspan(u * unit, std::min(unit, all.size() - u * unit));
    if (stopper.stop_requested()) {
      std::lock_guard lock(mu);
      if (stopped.ok()) stopped = Status::Cancelled("the import was stopped");
      DeferStockRows(c, rows, stopped);
      return;
    }
    std::vector<size_t> done;
    Status status;
    try {
      status = save(stoppable, rows, &done);
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
      // Stopped because another unit found Magento away: say why.
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

// One legacy stock item update (a unit of one row).
Status UpdateOne(const StockApplyContext& c, std::span<const size_t> rows,
                 std::vector<size_t>* done) {
  const size_t i = rows.front();
  const StockRow& row = c.rows[i];
  Result<int64_t> id = c.client.UpdateStockItem(
      std::string(Trim(row.sku)), row.quantity, row.in_stock, c.stop);
  if (!id.ok() && StopsTheImport(id.status())) {
    DeferStockRows(c, rows, id.status());
    return id.status();
  }
  if (id.ok()) {
    const std::string sku(Trim(row.sku));
    SetOutcome(c, i, RowState::kApplied, "",
               LegacySavedMessage(row, c.client.GetStockItem(sku, c.stop)));
  } else {
    const bool unknown = id.status().code() == StatusCode::kNotFound;
    SetOutcome(
        c, i, RowState::kFailed, unknown ? "unknown_sku" : "magento_rejected",
        "Magento refused " + Describe(row) + ": " + id.status().message());
  }
  done->push_back(i);
  return Status::Ok();
}

}  // namespace

Status ApplyMsi(const StockApplyContext& c, const std::vector<size_t>& updates,
                int batch_size, int max_parallel) {
  return ApplyInUnits(c, updates, static_cast<size_t>(std::max(batch_size, 1)),
                      max_parallel, &SaveRange);
}

Status ApplyLegacy(const StockApplyContext& c,
                   const std::vector<size_t>& updates, int max_parallel) {
  return ApplyInUnits(c, updates, 1, max_parallel, &UpdateOne);
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
