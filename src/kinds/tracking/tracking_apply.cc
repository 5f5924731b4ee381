// SPDX-License-Identifier: Apache-2.0
#include "m2drop/kinds/tracking/tracking_apply.h"

#include <optional>
#include <string>
#include <utility>

namespace m2drop::pipeline {
namespace {

using magento::Client;

struct PackageResult {
  RowState state = RowState::kFailed;
  std::string code;
  std::string message;
};

bool IsTransient(const Status& status) {
  return status.code() == StatusCode::kUnavailable ||
         status.code() == StatusCode::kCancelled;
}

// A failed write as the rows of its package report it.
PackageResult FromError(const Status& status) {
  if (IsTransient(status)) {
    return {RowState::kDeferred, "magento_unavailable",
            "Magento unavailable: " + status.message() +
                "; nothing lost, try again"};
  }
  if (status.code() == StatusCode::kUnauthenticated) {
    return {RowState::kDeferred, "unauthenticated",
            "Magento refused the credentials: " + status.message() +
                "; nothing was written for this row"};
  }
  return {RowState::kFailed, "magento_rejected", status.message()};
}

std::string TrackText(const magento::ShipTrack& track) {
  return "track " + track.track_number + " (" + track.carrier_code + ", " +
         track.title + ")";
}

// Applies the plan's actions in order, remembering the shipment a kShip
// creates for the kAddTrack packages planned after it.
class OrderApplier {
 public:
  OrderApplier(const OrderPlan& plan, Client& client, bool dry_run,
               std::stop_token stop)
      : plan_(plan),
        client_(client),
        dry_run_(dry_run),
        stop_(std::move(stop)),
        known_shipments_(plan.known_shipment_ids) {}

  PackageResult Apply(const PackageAction& action) {
    switch (action.kind) {
      case PackageActionKind::kAlreadyPresent:
        return {RowState::kAlreadyPresent, "", action.message};
      case PackageActionKind::kFail:
        return {RowState::kFailed, action.code, action.message};
      case PackageActionKind::kShip:
        return Ship(action);
      case PackageActionKind::kAddTrack:
        return AddTrack(action);
    }
    return {RowState::kFailed, "internal", "unknown package action"};
  }

  // The first kUnauthenticated seen, else OK.
  const Status& auth_status() const { return auth_status_; }

 private:
  PackageResult Ship(const PackageAction& action) {
    const std::string what = DescribeItems(action.items) + " with " +
                             TrackText(action.track) + Notified(action.notify);
    if (dry_run_) {
      return {RowState::kWouldApply, "", "would ship " + what};
    }
    magento::ShipRequest request;
    request.order_id = plan_.order_id;
    request.order_number = plan_.increment_id;
    for (const PlannedItem& p : action.items) request.items.push_back(p.item);
    request.tracks = {action.track};
    request.notify = action.notify;
    request.source_code = action.source_code;
    request.known_shipment_ids = known_shipments_;
    Result<int64_t> id = client_.ShipOrder(request, stop_);
    if (!id.ok()) return Failed(id.status());
    new_shipment_id_ = *id;
    known_shipments_.push_back(*id);
    return {RowState::kApplied, "",
            "shipped " + DescribeItems(action.items) + " as shipment " +
                std::to_string(*id) + " with " + TrackText(action.track) +
                (action.notify ? "; customer notified" : "")};
  }

  PackageResult AddTrack(const PackageAction& action) {
    const int64_t shipment_id =
        action.shipment_id != 0 ? action.shipment_id : new_shipment_id_;
    const std::string track = TrackText(action.track);
    if (dry_run_) {
      std::string where = shipment_id != 0
                              ? "shipment " + std::to_string(shipment_id)
                              : "the shipment created above";
      return {RowState::kWouldApply, "",
              "would add " + track + " to " + where + Notified(action.notify)};
    }
    if (shipment_id == 0) {
      return {RowState::kFailed, "no_shipment",
              "nothing left to ship on order " + plan_.increment_id +
                  " and the shipment of an earlier package was not created: "
                  "fix that row first"};
    }
    magento::AddTrackRequest request{plan_.order_id, shipment_id,
                                     plan_.increment_id, action.track};
    Result<int64_t> added = client_.AddTrack(request, stop_);
    if (!added.ok()) return Failed(added.status());
    std::string message = "added " + track + " to shipment " +
                          std::to_string(shipment_id) +
                          " (nothing left to ship)";
    if (action.notify) message += Notify(shipment_id);
    return {RowState::kApplied, "", message};
  }

  // Asks Magento to e-mail the shipment; the track stays applied whatever
  // the answer, which the message reports.
  std::string Notify(int64_t shipment_id) {
    Result<bool> sent = client_.NotifyShipment(shipment_id, stop_);
    if (!sent.ok()) {
      Remember(sent.status());
      return "; the shipment e-mail was not sent: " + sent.status().message();
    }
    return *sent ? "; customer notified"
                 : "; Magento did not send the shipment e-mail (e-mails "
                   "disabled or sending failed)";
  }

  static std::string Notified(bool notify) {
    return notify ? ", notifying the customer" : "";
  }

  PackageResult Failed(const Status& status) {
    Remember(status);
    return FromError(status);
  }

  void Remember(const Status& status) {
    if (status.code() == StatusCode::kUnauthenticated && auth_status_.ok()) {
      auth_status_ = status;
    }
  }

  const OrderPlan& plan_;
  Client& client_;
  const bool dry_run_;
  std::stop_token stop_;
  std::vector<int64_t> known_shipments_;
  int64_t new_shipment_id_ = 0;
  Status auth_status_;
};

void SetOutcomes(const PackageAction& action, const PackageResult& result,
                 const std::string& note, const std::vector<TrackingRow>& rows,
                 RowOutcomes* outcomes) {
  for (size_t index : action.rows) {
    RowOutcome& outcome = (*outcomes)[index];
    outcome.line = rows[index].line;
    outcome.state = result.state;
    outcome.code = result.code;
    outcome.message =
        note.empty() ? result.message : note + "; " + result.message;
    outcome.errors.clear();
  }
}

}  // namespace

Status ApplyOrderPlan(const OrderPlan& plan,
                      const std::vector<TrackingRow>& rows, Client& client,
                      bool dry_run, std::stop_token stop,
                      RowOutcomes* outcomes) {
  OrderApplier applier(plan, client, dry_run, stop);
  std::optional<PackageResult> deferred_rest;
  for (const PackageAction& action : plan.actions) {
    PackageResult result;
    if (deferred_rest && action.kind != PackageActionKind::kFail &&
        action.kind != PackageActionKind::kAlreadyPresent) {
      result = *deferred_rest;
    } else {
      result = applier.Apply(action);
    }
    if (result.state == RowState::kDeferred && !deferred_rest) {
      // Later packages may build on this one (its shipment, its quantities).
      deferred_rest = PackageResult{
          RowState::kDeferred, result.code,
          "not attempted: an earlier package of order " + plan.increment_id +
              " could not be written (" + result.message + ")"};
    }
    SetOutcomes(action, result, plan.note, rows, outcomes);
  }
  return applier.auth_status();
}

void DeferOrderPlan(const OrderPlan& plan, const std::vector<TrackingRow>& rows,
                    const std::string& reason, RowOutcomes* outcomes) {
  const PackageResult deferred{RowState::kDeferred, "not_attempted", reason};
  for (const PackageAction& action : plan.actions) {
    // What needed no write is as decided; only the writes wait.
    PackageResult result = deferred;
    if (action.kind == PackageActionKind::kAlreadyPresent) {
      result = {RowState::kAlreadyPresent, "", action.message};
    } else if (action.kind == PackageActionKind::kFail) {
      result = {RowState::kFailed, action.code, action.message};
    }
    SetOutcomes(action, result, plan.note, rows, outcomes);
  }
}

}  // namespace m2drop::pipeline
