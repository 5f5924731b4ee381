// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/sales_routes.h"

#include "m2drop/base/strings.h"
#include "m2drop/sim/shipping.h"

namespace m2drop::sim {
namespace {

constexpr std::string_view kShipmentItemType =
    "\\Magento\\Sales\\Api\\Data\\ShipmentItemCreationInterface";
constexpr std::string_view kShipmentTrackType =
    "\\Magento\\Sales\\Api\\Data\\ShipmentTrackCreationInterface";

Response NoSuchEntity() { return ErrorResponse(404, kNoSuchEntityMessage); }

std::string StringField(const Json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key)) return "";
  const Json& v = obj[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return v.dump();
  return "";
}

// Track creation objects of the ship request.
std::vector<NewTrack> ShipTracks(const Json* tracks) {
  std::vector<NewTrack> out;
  if (tracks == nullptr || !tracks->is_array()) return out;
  for (const Json& t : *tracks) {
    out.push_back({StringField(t, "track_number"),
                   StringField(t, "carrier_code"), StringField(t, "title"),
                   StringField(t, "description")});
  }
  return out;
}

std::vector<ShipLine> ShipItems(const Json* items) {
  std::vector<ShipLine> out;
  if (items == nullptr || !items->is_array()) return out;
  for (const Json& i : *items) {
    if (!i.is_object()) continue;
    auto id = NumberValue(i.value("order_item_id", Json()));
    auto qty = NumberValue(i.value("qty", Json()));
    out.push_back({static_cast<int64_t>(id.value_or(0)), qty.value_or(0)});
  }
  return out;
}

// arguments.extension_attributes.source_code, else "default".
std::string ShipSourceCode(const Json& body) {
  const Json* arguments = BodyParam(body, "arguments");
  if (arguments == nullptr || !arguments->is_object()) return "default";
  std::string code = StringField(
      arguments->value("extension_attributes", Json()), "source_code");
  return code.empty() ? "default" : code;
}

// The Track validator's lines for the four required fields.
std::vector<std::string> TrackFieldErrors(const Json& entity) {
  static const std::pair<const char*, const char*> kRequired[] = {
      {"parent_id", "Parent Track Id"},
      {"order_id", "Order Id"},
      {"track_number", "Number"},
      {"carrier_code", "Carrier Code"}};
  std::vector<std::string> errors;
  for (const auto& [key, label] : kRequired) {
    if (!entity.contains(key) || entity[key].is_null()) {
      errors.push_back(std::string(label) + " is a required field");
      continue;
    }
    const Json& v = entity[key];
    bool empty = (v.is_string() && v.get<std::string>().empty()) ||
                 (v.is_number() && v.get<double>() == 0);
    if (empty) errors.push_back(std::string(label) + " can not be empty");
  }
  return errors;
}

// The orders a search may match, as JSON: those it names by increment_id
// or entity_id (eq or in), else all of them.
std::vector<Json> CandidateOrders(const Store& store,
                                  const SearchCriteria& criteria) {
  const auto numbers = EqualityCandidates(criteria, "increment_id");
  const auto ids = EqualityCandidates(criteria, "entity_id");
  std::vector<Json> rows;
  for (const auto& [id, order] : store.orders) {
    if (numbers && !numbers->count(AsciiLower(order.increment_id))) continue;
    if (ids && !ids->count(std::to_string(order.entity_id))) continue;
    rows.push_back(ToJson(order));
  }
  return rows;
}

}  // namespace

Response GetOrders(RouteContext& ctx) {
  Response error;
  auto criteria = SearchCriteriaOrError(ctx, &error);
  if (!criteria) return error;
  return Response::FromJson(
      200, RunSearch(*criteria, CandidateOrders(ctx.store, *criteria)));
}

Response GetOrder(RouteContext& ctx) {
  auto id = ParseId(ctx.params[0]);
  Order* order = id ? ctx.store.FindOrder(*id) : nullptr;
  if (order == nullptr) return NoSuchEntity();
  return Response::FromJson(200, ToJson(*order));
}

Response GetShipments(RouteContext& ctx) {
  Response error;
  auto criteria = SearchCriteriaOrError(ctx, &error);
  if (!criteria) return error;
  // Searches by order_id (eq or in) turn only those shipments into JSON.
  const auto orders = EqualityCandidates(*criteria, "order_id");
  std::vector<Json> rows;
  for (const auto& [id, s] : ctx.store.shipments) {
    if (orders && !orders->count(std::to_string(s.order_id))) continue;
    rows.push_back(ToJson(s));
  }
  return Response::FromJson(200, RunSearch(*criteria, std::move(rows)));
}

Response GetShipment(RouteContext& ctx) {
  auto id = ParseId(ctx.params[0]);
  if (id && *id == 0) {
    return ErrorResponse(400, "An ID is needed. Set the ID and try again.");
  }
  Shipment* shipment = id ? ctx.store.FindShipment(*id) : nullptr;
  if (shipment == nullptr) return NoSuchEntity();
  return Response::FromJson(200, ToJson(*shipment));
}

Response PostTrack(RouteContext& ctx) {
  const Json* entity = BodyParam(ctx.body, "entity");
  if (entity == nullptr || !entity->is_object()) {
    return RequiredFieldError("entity");
  }
  std::vector<std::string> errors = TrackFieldErrors(*entity);
  if (!errors.empty()) {
    // ResourceModel Track::_beforeSave: __("Cannot save track:\n%1", ...).
    return ErrorResponse(400, "Cannot save track:\n%1",
                         Json::array({Join(errors, "\n")}));
  }
  auto parent_id = NumberValue((*entity)["parent_id"]);
  auto order_id = NumberValue((*entity)["order_id"]);
  Shipment* shipment =
      parent_id ? ctx.store.FindShipment(static_cast<int64_t>(*parent_id))
                : nullptr;
  if (shipment == nullptr || !order_id ||
      shipment->order_id != static_cast<int64_t>(*order_id)) {
    // TrackRepository::save logs "The shipment doesn't belong to the order."
    return ErrorResponse(400, "Could not save the shipment tracking.");
  }
  NewTrack track{StringField(*entity, "track_number"),
                 StringField(*entity, "carrier_code"),
                 StringField(*entity, "title"),
                 StringField(*entity, "description")};
  Track saved = AddTrack(
      ctx.store, *shipment, track,
      NumberValue(entity->value("weight", Json())).value_or(0),
      NumberValue(entity->value("qty", Json())).value_or(0), ctx.Timestamp());
  return Response::FromJson(200, ToJson(saved));
}

Response DeleteTrack(RouteContext& ctx) {
  auto id = ParseId(ctx.params[0]);
  for (auto& [sid, shipment] : ctx.store.shipments) {
    std::erase_if(shipment.tracks,
                  [&](const Track& t) { return id && t.entity_id == *id; });
  }
  return Response::FromJson(200, true);
}

Response PostShipOrder(RouteContext& ctx) {
  auto id = ParseId(ctx.params[0]);
  Order* order = id ? ctx.store.FindOrder(*id) : nullptr;
  if (order == nullptr) return NoSuchEntity();
  const Json* items = BodyParam(ctx.body, "items");
  const Json* tracks = BodyParam(ctx.body, "tracks");
  if (auto e = CheckArrayLimit(ctx.store.flags, items, kShipmentItemType)) {
    return *e;
  }
  if (auto e = CheckArrayLimit(ctx.store.flags, tracks, kShipmentTrackType)) {
    return *e;
  }
  ShipRequest request;
  request.items = ShipItems(items);
  request.tracks = ShipTracks(tracks);
  request.source_code = ShipSourceCode(ctx.body);
  request.created_at = ctx.Timestamp();
  if (const Json* comment = BodyParam(ctx.body, "comment")) {
    std::string text = StringField(*comment, "comment");
    if (!text.empty()) request.comment = text;
  }
  if (!ctx.store.sources.empty() &&
      !ctx.store.sources.count(request.source_code)) {
    // MSI source deduction fails inside the save (CouldNotShipException).
    return ErrorResponse(
        400, "Could not save a shipment, see error log for details");
  }
  ShipResult result = ShipOrder(ctx.store, *order, request);
  if (!result.validation_errors.empty()) {
    // Magento concatenates the rendered lines into the message itself.
    return ErrorResponse(400, std::string(kShipValidationPrefix) +
                                  Join(result.validation_errors, "\n"));
  }
  // ShipOrder with notify sends the shipment e-mail (ShipmentNotifier) and
  // marks the shipment, as POST /V1/shipment/{id}/emails does.
  const Json* notify = BodyParam(ctx.body, "notify");
  const bool wants_email =
      notify != nullptr &&
      ((notify->is_boolean() && notify->get<bool>()) ||
       (notify->is_number() && notify->get<double>() != 0) ||
       (notify->is_string() && (*notify == "1" || *notify == "true")));
  if (wants_email && ctx.store.flags.shipment_emails_enabled) {
    if (Shipment* shipment = ctx.store.FindShipment(result.shipment_id)) {
      shipment->email_sent = true;
    }
  }
  return Response::FromJson(200, result.shipment_id);
}

Response PostShipmentEmails(RouteContext& ctx) {
  auto id = ParseId(ctx.params[0]);
  Shipment* shipment = id ? ctx.store.FindShipment(*id) : nullptr;
  if (shipment == nullptr) return NoSuchEntity();
  bool sent = ctx.store.flags.shipment_emails_enabled;
  if (sent) shipment->email_sent = true;
  return Response::FromJson(200, sent);
}

}  // namespace m2drop::sim
