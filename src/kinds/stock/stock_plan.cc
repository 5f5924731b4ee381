// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/stock/stock_plan.h"

#include <chrono>
#include <cstdio>
#include <set>
#include <utility>

#include "m2drop/base/strings.h"

namespace m2drop::pipeline {
namespace {

// Whether `later` must not replace `kept`: both versioned, of one kind,
// and `later` older.
bool OlderThan(const StockRow& later, const StockRow& kept) {
  return later.version && kept.version &&
         later.version->kind == kept.version->kind &&
         later.version->value < kept.version->value;
}

std::string KeyText(const StockRow& row) {
  return "SKU " + QuoteForMessage(row.sku) + " at source " +
         QuoteForMessage(row.source);
}

RowOutcome Stale(const StockRow& row, std::string message) {
  RowOutcome o;
  o.line = row.line;
  o.state = RowState::kStale;
  o.code = "stale";
  o.message = std::move(message);
  return o;
}

// Refuses the kept row when the ledger holds a newer version of its kind.
bool StaleAgainstLedger(
    const StockRow& row,
    const std::map<ledger::StockKey, ledger::StockStamp>& applied,
    RowOutcome* outcome) {
  if (!row.version) return false;
  auto it = applied.find(KeyOf(row));
  if (it == applied.end()) return false;
  const ledger::StockStamp& stamp = it->second;
  if (stamp.kind != static_cast<int>(row.version->kind) ||
      stamp.value <= row.version->value) {
    return false;
  }
  const StockVersion newer{row.version->kind, stamp.value};
  *outcome = Stale(
      row, "stale: " +
               (stamp.file.empty() ? std::string("an earlier file")
                                   : "file " + QuoteForMessage(stamp.file)) +
               " applied a newer quantity for " + KeyText(row) + " (" +
               DescribeVersion(newer) + ", this row has " +
               DescribeVersion(*row.version) + "); not sent");
  return true;
}

}  // namespace

ledger::StockKey KeyOf(const StockRow& row) {
  return {std::string(Trim(row.sku)), std::string(Trim(row.source))};
}

std::vector<ledger::StockKey> KeysOf(std::span<const StockRow> rows) {
  std::set<ledger::StockKey> keys;
  for (const StockRow& row : rows) keys.insert(KeyOf(row));
  return {keys.begin(), keys.end()};
}

StockPlan PlanStockRows(
    const std::vector<StockRow>& rows,
    const std::map<ledger::StockKey, ledger::StockStamp>& applied) {
  StockPlan plan;
  std::map<ledger::StockKey, size_t> kept;  // key -> row index
  for (size_t i = 0; i < rows.size(); ++i) {
    auto [it, first] = kept.try_emplace(KeyOf(rows[i]), i);
    if (first) continue;
    const StockRow& before = rows[it->second];
    if (OlderThan(rows[i], before)) {
      plan.stale.emplace_back(
          i, Stale(rows[i],
                   "stale: line " + std::to_string(before.line) +
                       " has a newer update for " + KeyText(before) + " (" +
                       DescribeVersion(*before.version) + ", this row has " +
                       DescribeVersion(*rows[i].version) + "); not sent"));
      continue;
    }
    plan.stale.emplace_back(
        it->second,
        Stale(before, "superseded by line " + std::to_string(rows[i].line) +
                          ", a later row for " + KeyText(before) +
                          " in this file; not sent"));
    it->second = i;
  }
  std::vector<bool> is_kept(rows.size(), false);
  for (const auto& [key, index] : kept) is_kept[index] = true;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!is_kept[i]) continue;
    RowOutcome outcome;
    if (StaleAgainstLedger(rows[i], applied, &outcome)) {
      plan.stale.emplace_back(i, std::move(outcome));
    } else {
      plan.updates.push_back(i);
    }
  }
  return plan;
}

std::string DescribeVersion(const StockVersion& version) {
  if (version.kind == StockVersion::Kind::kSequence) {
    return "sequence " + std::to_string(version.value);
  }
  using namespace std::chrono;
  const sys_time<microseconds> at{microseconds(version.value)};
  const sys_days day = floor<days>(at);
  const year_month_day ymd{day};
  const hh_mm_ss<microseconds> time{at - day};
  char text[48];
  std::snprintf(
      text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d",
      static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
      static_cast<unsigned>(ymd.day()), static_cast<int>(time.hours().count()),
      static_cast<int>(time.minutes().count()),
      static_cast<int>(time.seconds().count()));
  std::string out = text;
  if (time.subseconds().count() != 0) {
    std::snprintf(text, sizeof text, ".%06lld",
                  static_cast<long long>(time.subseconds().count()));
    out += text;
  }
  return out + "Z";
}

}  // namespace m2drop::pipeline
