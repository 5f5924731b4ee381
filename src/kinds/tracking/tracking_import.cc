// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/tracking/tracking_import.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <mutex>
#include <span>
#include <unordered_map>
#include <utility>

#include "m2drop/base/parallel.h"
#include "m2drop/base/strings.h"
#include "m2drop/kinds/tracking/order_numbers.h"
#include "m2drop/kinds/tracking/tracking_apply.h"
#include "m2drop/kinds/tracking/tracking_plan.h"
#include "m2drop/kinds/tracking/tracking_row.h"
#include "m2drop/pipeline/drop_reader.h"
#include "m2drop/pipeline/import_support.h"

namespace m2drop::pipeline {
namespace {

using magento::Order;
using magento::Shipment;

Status ReadRows(Drop& drop, const config::Profile& profile,
                const DoneBefore* done_before, ReadPass<TrackingRow>* pass) {
  const TrackingColumns columns = TrackingColumns::From(drop.columns);
  const TrackingRules rules{profile.tracking.ship_remaining,
                            drop.reader->dialect().delimiter != ','};
  return ReadCheckedRows(
      *drop.reader, done_before,
      [&](const csv::Record& record, std::vector<RowError>* errors) {
        return CheckTrackingRecord(record, columns, rules, errors);
      },
      pass);
}

// Magento's orders for the file's order numbers, keyed by the number as
// written, with the normalisation note where it was padded.
struct ResolvedOrders {
  std::unordered_map<std::string, Order> by_written;
  std::unordered_map<std::string, std::string> notes;
  std::map<int64_t, std::vector<Shipment>> shipments;  // by order entity_id
};

Status Resolve(std::span<const OrderRows> groups, int profile_width,
               magento::Client& client, std::stop_token stop,
               ResolvedOrders* resolved) {
  std::vector<std::string> asked;
  for (const OrderRows& group : groups) asked.push_back(group.order);
  M2DROP_ASSIGN_OR_RETURN(std::vector<Order> found,
                          client.OrdersByIncrementIds(asked, stop));
  std::vector<std::string> found_ids;
  for (Order& order : found) {
    found_ids.push_back(order.increment_id);
    resolved->by_written.try_emplace(order.increment_id, std::move(order));
  }
  auto candidates = PaddedCandidates(asked, found_ids, profile_width);
  if (!candidates.empty()) {
    std::vector<std::string> padded;
    for (const auto& [written, pad] : candidates) padded.push_back(pad);
    M2DROP_ASSIGN_OR_RETURN(std::vector<Order> more,
                            client.OrdersByIncrementIds(padded, stop));
    for (const auto& [written, pad] : candidates) {
      // Compared in a loop, not a lambda: clang 14 (the fuzz build) cannot
      // capture a structured binding.
      auto it = more.begin();
      while (it != more.end() && it->increment_id != pad) ++it;
      if (it == more.end()) continue;
      resolved->by_written.try_emplace(written, *it);
      resolved->notes[written] = "order number " + written + " read as " + pad;
    }
  }
  std::vector<int64_t> order_ids;
  for (const auto& [written, order] : resolved->by_written) {
    order_ids.push_back(order.entity_id);
  }
  std::sort(order_ids.begin(), order_ids.end());
  order_ids.erase(std::unique(order_ids.begin(), order_ids.end()),
                  order_ids.end());
  if (order_ids.empty()) return Status::Ok();
  M2DROP_ASSIGN_OR_RETURN(std::vector<Shipment> shipments,
                          client.ShipmentsByOrderIds(order_ids, stop));
  for (Shipment& s : shipments) {
    resolved->shipments[s.order_id].push_back(std::move(s));
  }
  return Status::Ok();
}

std::vector<OrderPlan> PlanAll(std::span<const OrderRows> groups,
                               const std::vector<TrackingRow>& rows,
                               const ResolvedOrders& resolved,
                               const PlanSettings& settings) {
  static const std::vector<Shipment> kNoShipments;
  std::vector<OrderPlan> plans;
  plans.reserve(groups.size());
  for (const OrderRows& group : groups) {
    auto order = resolved.by_written.find(group.order);
    auto note = resolved.notes.find(group.order);
    const Order* found =
        order == resolved.by_written.end() ? nullptr : &order->second;
    const std::vector<Shipment>* shipments = &kNoShipments;
    if (found != nullptr) {
      auto it = resolved.shipments.find(found->entity_id);
      if (it != resolved.shipments.end()) shipments = &it->second;
    }
    plans.push_back(PlanOrder(group, rows, found, *shipments,
                              note == resolved.notes.end() ? "" : note->second,
                              settings));
  }
  return plans;
}

std::vector<size_t> RowsOf(const OrderPlan& plan) {
  std::vector<size_t> rows;
  for (const PackageAction& a : plan.actions) {
    rows.insert(rows.end(), a.rows.begin(), a.rows.end());
  }
  return rows;
}

// Why rows were not written, for their deferred outcome: Magento
// unavailable, the credentials refused, or the import stopped.
std::string NotWritten(const Status& why) {
  switch (why.code()) {
    case StatusCode::kUnavailable:
      return "Magento unavailable: " + why.message() +
             "; nothing lost, try again";
    case StatusCode::kUnauthenticated:
      return "not attempted: Magento refused the credentials (" +
             why.message() + ")";
    default:
      return "the import stopped before this order was written; nothing "
             "lost, try again";
  }
}

// Applies `plans` on at most options.max_parallel threads, orders in
// parallel. Returns kUnauthenticated if Magento refused the credentials,
// kCancelled if `stop` ended it early, else OK. Every row of every plan
// gets an outcome; each order's final ones go to `sink` as soon as the
// order is done.
Status ApplyAll(const std::vector<OrderPlan>& plans,
                const std::vector<TrackingRow>& rows, magento::Client& client,
                const DropImportOptions& options, RowsDoneSink& sink,
                RowOutcomes* row_outcomes, uint64_t* rows_done) {
  std::stop_source stopper;
  std::stop_callback forward(options.stop, [&] { stopper.request_stop(); });
  std::mutex mu;
  Status auth;                  // guarded by mu
  uint64_t& done = *rows_done;  // guarded by mu
  const uint64_t total = rows.size();
  ForEachParallel(
      plans.size(), std::max(options.max_parallel, 1), [&](size_t i) {
        Status status;
        if (stopper.stop_requested()) {
          std::lock_guard lock(mu);
          DeferOrderPlan(plans[i], rows,
                         NotWritten(auth.ok() ? Status::Cancelled("") : auth),
                         row_outcomes);
        } else {
          try {
            status = ApplyOrderPlan(plans[i], rows, client, options.dry_run,
                                    stopper.get_token(), row_outcomes);
          } catch (const std::exception& e) {
            DeferOrderPlan(
                plans[i], rows,
                std::string("internal error, nothing lost: ") + e.what(),
                row_outcomes);
          }
        }
        const std::vector<size_t> plan_rows = RowsOf(plans[i]);
        sink.EmitIndexes(*row_outcomes, plan_rows);
        std::lock_guard lock(mu);
        if (!status.ok() && auth.ok()) {
          auth = status;
          stopper.request_stop();
        }
        done += plan_rows.size();
        if (options.progress) options.progress(done, total);
      });
  if (!auth.ok()) return auth;
  if (options.stop.stop_requested()) {
    return Status::Cancelled(
        "the import was stopped before every order was written");
  }
  return Status::Ok();
}

// Defers every row of `groups`, none of them written (NotWritten(why)).
void DeferGroups(std::span<const OrderRows> groups,
                 const std::vector<TrackingRow>& rows, const Status& why,
                 RowOutcomes* row_outcomes) {
  const std::string message = NotWritten(why);
  const char* code = why.code() == StatusCode::kUnavailable
                         ? "magento_unavailable"
                         : "not_attempted";
  for (const OrderRows& group : groups) {
    for (const PackageRows& package : group.packages) {
      for (size_t i : package.rows) {
        RowOutcome& o = (*row_outcomes)[i];
        o.line = rows[i].line;
        o.state = RowState::kDeferred;
        o.code = code;
        o.message = message;
      }
    }
  }
}

bool IsTransient(const Status& s) {
  return s.code() == StatusCode::kUnavailable ||
         s.code() == StatusCode::kCancelled;
}

// Orders looked up, planned and applied at a time (8 searches of page
// size 300): a window's orders, shipments and plans are freed before the
// next window is looked up, so they do not grow with the file. The cost is
// a pause per window while the last orders of one finish and the next is
// looked up (two searches, at Magento's latency).
constexpr size_t kOrdersPerWindow = 2400;

// Runs steps 2-5 on the checked rows; fills `row_outcomes` (one per row).
Status ImportRows(const std::vector<TrackingRow>& rows,
                  const config::Profile& profile, magento::Client& client,
                  const DropImportOptions& options, RowsDoneSink& sink,
                  RowOutcomes* row_outcomes, Status* interrupted) {
  if (rows.empty()) return Status::Ok();
  const std::vector<OrderRows> groups = GroupTrackingRows(rows);
  const std::span<const OrderRows> all(groups);
  const PlanSettings settings{
      profile.tracking.notify_customer, profile.tracking.ship_remaining,
      profile.tracking.ship_source, profile.tracking.carriers};
  uint64_t rows_done = 0;
  for (size_t begin = 0; begin < all.size(); begin += kOrdersPerWindow) {
    const std::span<const OrderRows> window =
        all.subspan(begin, std::min(kOrdersPerWindow, all.size() - begin));
    ResolvedOrders resolved;
    Status status = Resolve(window, profile.tracking.order_number_width, client,
                            options.stop, &resolved);
    size_t not_reached = begin;  // the first order without outcomes
    if (status.ok()) {
      status = ApplyAll(PlanAll(window, rows, resolved, settings), rows, client,
                        options, sink, row_outcomes, &rows_done);
      not_reached = begin + window.size();
    }
    if (status.ok()) continue;
    // The orders not reached wait for the next attempt.
    DeferGroups(all.subspan(not_reached), rows, status, row_outcomes);
    if (!IsTransient(status)) return status;
    *interrupted = status;
    return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

Result<ImportResult> ImportTrackingDrop(
    const std::string& path, const config::Profile& profile,
    const config::LimitsConfig& limits, magento::ApiCaller& caller,
    const magento::ClientOptions& client_options, const Clock& clock,
    const DropImportOptions& options) {
  return RunImport<TrackingRow>(
      path, profile, limits, caller, client_options, clock, options,
      [&](Drop& drop, ReadPass<TrackingRow>* pass) {
        return ReadRows(drop, profile, options.done_before, pass);
      },
      [&](const std::vector<TrackingRow>& rows, magento::Client& client,
          RowsDoneSink& sink, RowOutcomes* outcomes, Status* interrupted) {
        return ImportRows(rows, profile, client, options, sink, outcomes,
                          interrupted);
      });
}

}  // namespace m2drop::pipeline
