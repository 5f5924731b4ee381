// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/sales_routes.h"

#include "m2drop/base/strings.h"
#include "m2drop/sim/data_objects.h"
#include "m2drop/sim/shipping.h"

namespace m2drop::sim {
namespace {

constexpr std::string_view kShipmentItemType =
    "\\Magento\\Sales\\Api\\Data\\ShipmentItemCreationInterface";
constexpr std::string_view kShipmentTrackType =
    "\\Magento\\Sales\\Api\\Data\\ShipmentTrackCreationInterface";
constexpr std::string_view kShipmentPackageType =
    "\\Magento\\Sales\\Api\\Data\\ShipmentPackageCreationInterface";

Response NoSuchEntity() { return ErrorResponse(404, kNoSuchEntityMessage); }

std::string StringField(const Json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key)) return "";
  const Json& v = obj[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return v.dump();
  return "";
}

// Track creation objects of the ship request (a JSON object's values count
// as a list: PHP decodes both to arrays).
std::vector<NewTrack> ShipTracks(const Json* tracks) {
  std::vector<NewTrack> out;
  if (tracks == nullptr || !tracks->is_structured()) return out;
  for (const Json& sent : *tracks) {
    const Json t = CanonicalObject(sent, kShipmentTrackCreationSpec);
    out.push_back({StringField(t, "track_number"),
                   StringField(t, "carrier_code"), StringField(t, "title"),
                   StringField(t, "description")});
  }
  return out;
}

std::vector<ShipLine> ShipItems(const Json* items) {
  std::vector<ShipLine> out;
  if (items == nullptr || !items->is_structured()) return out;
  for (const Json& sent : *items) {
    if (!sent.is_object()) continue;
    const Json i = CanonicalObject(sent, kShipmentItemCreationSpec);
    auto id = NumberValue(i.value("order_item_id", Json()));
    auto qty = NumberValue(i.value("qty", Json()));
    out.push_back({static_cast<int64_t>(id.value_or(0)), qty.value_or(0)});
  }
  return out;
}

// arguments.extension_attributes.source_code, else "default".
std::string ShipSourceCode(const Json& body) {
  const Json* sent = BodyParam(body, "arguments");
  if (sent == nullptr) return "default";
  const Json arguments = CanonicalObject(*sent, kShipmentCreationArgumentsSpec);
  std::string code = StringField(
      arguments.value("extension_attributes", Json()), "source_code");
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

// ServiceInputProcessor::process for ShipOrderInterface::execute: each
// data-object parameter in the order of the method's signature, each list
// first against the input limit (IOLimit's validateComplexArrayType).
std::optional<Response> CheckShipInput(const RouteContext& ctx) {
  struct Param {
    std::string_view name;
    const ObjectSpec& spec;
    std::string_view list_type;  // "" for a single object
  };
  const Param params[] = {
      {"items", kShipmentItemCreationSpec, kShipmentItemType},
      {"comment", kShipmentCommentCreationSpec, ""},
      {"tracks", kShipmentTrackCreationSpec, kShipmentTrackType},
      {"packages", kShipmentPackageCreationSpec, kShipmentPackageType},
      {"arguments", kShipmentCreationArgumentsSpec, ""}};
  for (const Param& p : params) {
    const Json* value = BodyParam(ctx.body, p.name);
    if (value == nullptr) continue;
    if (p.list_type.empty()) {
      if (auto e = CheckDataObject(*value, p.spec)) return e;
      continue;
    }
    if (auto e = CheckArrayLimit(ctx.store.flags, value, p.list_type)) {
      return e;
    }
    if (auto e = CheckDataObjectList(*value, p.spec)) return e;
  }
  return std::nullopt;
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
  Response error;
  auto id = PathId(ctx, 0, /*zero_needs_id=*/true, &error);
  if (!id) return error;
  Order* order = ctx.store.FindOrder(*id);
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
  Response error;
  auto id = PathId(ctx, 0, /*zero_needs_id=*/true, &error);
  if (!id) return error;
  Shipment* shipment = ctx.store.FindShipment(*id);
  if (shipment == nullptr) return NoSuchEntity();
  return Response::FromJson(200, ToJson(*shipment));
}

Response PostTrack(RouteContext& ctx) {
  const Json* sent = BodyParam(ctx.body, "entity");
  if (sent == nullptr) return RequiredFieldError("entity");
  if (auto e = CheckDataObject(*sent, kShipmentTrackSpec)) return *e;
  // _createFromArray reads anything but an array as an empty object.
  const Json entity_json = CanonicalObject(*sent, kShipmentTrackSpec);
  const Json* entity = &entity_json;
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
  // TrackRepository::deleteById loads without checking the id, and deleting
  // a track that is not there is still true.
  Response error;
  auto id = PathId(ctx, 0, /*zero_needs_id=*/false, &error);
  if (!id) return error;
  for (auto& [sid, shipment] : ctx.store.shipments) {
    std::erase_if(shipment.tracks,
                  [&](const Track& t) { return t.entity_id == *id; });
  }
  return Response::FromJson(200, true);
}

Response PostShipOrder(RouteContext& ctx) {
  Response error;
  if (!PathId(ctx, 0, /*zero_needs_id=*/false, &error)) return error;
  if (auto e = CheckShipInput(ctx)) return *e;
  // ShipOrder::execute starts with OrderRepository::get.
  auto id = PathId(ctx, 0, /*zero_needs_id=*/true, &error);
  if (!id) return error;
  Order* order = ctx.store.FindOrder(*id);
  if (order == nullptr) return NoSuchEntity();
  const Json* items = BodyParam(ctx.body, "items");
  const Json* tracks = BodyParam(ctx.body, "tracks");
  ShipRequest request;
  request.items = ShipItems(items);
  request.tracks = ShipTracks(tracks);
  request.source_code = ShipSourceCode(ctx.body);
  request.created_at = ctx.Timestamp();
  if (const Json* comment = BodyParam(ctx.body, "comment")) {
    std::string text = StringField(
        CanonicalObject(*comment, kShipmentCommentCreationSpec), "comment");
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
  // `bool $notify` converted by filter_var: "yes" and "on" are true too.
  const Json* notify = BodyParam(ctx.body, "notify");
  const bool wants_email = notify != nullptr && PhpBool(*notify);
  if (wants_email && ctx.store.flags.shipment_emails_enabled) {
    if (Shipment* shipment = ctx.store.FindShipment(result.shipment_id)) {
      shipment->email_sent = true;
    }
  }
  return Response::FromJson(200, result.shipment_id);
}

Response PostShipmentEmails(RouteContext& ctx) {
  // ShipmentService::notify loads through ShipmentRepository::get.
  Response error;
  auto id = PathId(ctx, 0, /*zero_needs_id=*/true, &error);
  if (!id) return error;
  Shipment* shipment = ctx.store.FindShipment(*id);
  if (shipment == nullptr) return NoSuchEntity();
  bool sent = ctx.store.flags.shipment_emails_enabled;
  if (sent) shipment->email_sent = true;
  return Response::FromJson(200, sent);
}

}  // namespace m2drop::sim
