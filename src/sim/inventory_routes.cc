// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/inventory_routes.h"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "m2drop/base/strings.h"
#include "m2drop/sim/data_objects.h"

namespace m2drop::sim {
namespace {

constexpr std::string_view kSourceItemType =
    "\\Magento\\InventoryApi\\Api\\Data\\SourceItemInterface";
constexpr std::string_view kDefaultSource = "default";

Json FieldError(std::string_view message, const Json& parameters) {
  return {{"message", message}, {"parameters", parameters}};
}

// Renders %name placeholders from `parameters` (for "Validation Failed: ",
// which Magento sends filled in).
std::string Render(const Json& error) {
  std::string text = error["message"].get<std::string>();
  for (const auto& [name, value] : error["parameters"].items()) {
    std::string placeholder = "%" + name;
    std::string v = value.is_string() ? value.get<std::string>() : value.dump();
    for (size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + v.size())) {
      text.replace(at, placeholder.size(), v);
    }
  }
  return text;
}

bool HasWhitespace(std::string_view s) {
  return s.find_first_of(" \t\r\n") != std::string_view::npos;
}

// The MSI validator chain for one item: sku, source_code, quantity, status,
// then (when configured) ExistentSkuValidator.
void ValidateSourceItem(const Store& store, const Json& item, Json& errors) {
  const Json& sku = item.is_object() ? item.value("sku", Json()) : Json();
  std::string sku_text = sku.is_string() ? sku.get<std::string>() : "";
  if (sku_text.empty()) {
    errors.push_back(
        FieldError("\"%field\" can not be empty.", {{"field", "sku"}}));
  } else if (Trim(sku_text) != sku_text) {
    errors.push_back(
        FieldError("\"%field\" can not contain leading or trailing spaces.",
                   {{"field", "sku"}}));
  }
  const Json& source =
      item.is_object() ? item.value("source_code", Json()) : Json();
  std::string source_text = source.is_string() ? source.get<std::string>() : "";
  if (source_text.empty()) {
    errors.push_back(
        FieldError("\"%field\" can not be empty.", {{"field", "source_code"}}));
  } else if (HasWhitespace(source_text)) {
    errors.push_back(FieldError("\"%field\" can not contain whitespaces.",
                                {{"field", "source_code"}}));
  }
  if (!NumberValue(item.is_object() ? item.value("quantity", Json())
                                    : Json())) {
    errors.push_back(
        FieldError("\"%field\" should be numeric.", {{"field", "quantity"}}));
  }
  auto status =
      NumberValue(item.is_object() ? item.value("status", Json()) : Json());
  if (!status) {
    errors.push_back(
        FieldError("\"%field\" should be numeric.", {{"field", "status"}}));
  } else if (*status != 0 && *status != 1) {
    errors.push_back(
        FieldError("\"%field\" should a known status.", {{"field", "status"}}));
  }
  if (!store.flags.accept_unknown_skus && !sku_text.empty() &&
      !store.products.count(sku_text)) {
    errors.push_back(FieldError(
        "Product with requested \"%field\": \"%value\" was was not found.",
        {{"field", "sku"}, {"value", sku_text}}));
  }
}

// MSI keeps the legacy stock item of the default source in step.
void SyncLegacyFromSource(Store& store, const SourceItem& item) {
  if (item.source_code != kDefaultSource) return;
  auto it = store.stock_items.find(item.sku);
  if (it == store.stock_items.end()) return;
  it->second.qty = item.quantity;
  it->second.is_in_stock = item.status == 1;
}

}  // namespace

Response PostSourceItems(RouteContext& ctx) {
  const Json* sent = BodyParam(ctx.body, "sourceItems");
  if (sent == nullptr) return RequiredFieldError("sourceItems");
  if (auto e = CheckArrayLimit(ctx.store.flags, sent, kSourceItemType)) {
    return *e;
  }
  if (auto e = CheckDataObjectList(*sent, kSourceItemSpec)) return *e;
  // A JSON object's values are a list too (PHP decodes both to arrays).
  Json list = Json::array();
  for (const Json& item : *sent) {
    list.push_back(CanonicalObject(item, kSourceItemSpec));
  }
  const Json* items = &list;
  if (items->empty()) return ErrorResponse(400, "Input data is empty");
  Json errors = Json::array();
  for (const Json& item : *items) ValidateSourceItem(ctx.store, item, errors);
  if (!errors.empty()) {
    return ErrorResponse(400, "Validation Failed: " + Render(errors[0]),
                         nullptr, errors);
  }
  for (const Json& item : *items) {
    if (!ctx.store.sources.count(item["source_code"].get<std::string>())) {
      // The source_code foreign key fails inside the save transaction.
      return ErrorResponse(400, "Could not save Source Item");
    }
  }
  for (const Json& item : *items) {
    SourceItem saved{item["sku"].get<std::string>(),
                     item["source_code"].get<std::string>(),
                     *NumberValue(item["quantity"]),
                     static_cast<int>(*NumberValue(item["status"]))};
    ctx.store.source_items[{saved.sku, saved.source_code}] = saved;
    SyncLegacyFromSource(ctx.store, saved);
  }
  return Response::FromJson(200, Json::array());
}

Response GetSourceItems(RouteContext& ctx) {
  Response error;
  auto criteria = SearchCriteriaOrError(ctx, &error);
  if (!criteria) return error;
  std::vector<Json> rows;
  for (const auto& [key, item] : ctx.store.source_items) {
    rows.push_back(ToJson(item));
  }
  return Response::FromJson(200, RunSearch(*criteria, std::move(rows)));
}

Response GetProducts(RouteContext& ctx) {
  Response error;
  auto criteria = SearchCriteriaOrError(ctx, &error);
  if (!criteria) return error;
  // A search by `sku in (…)` or `sku eq …` (how m2drop checks SKUs) is
  // answered from the candidates it names.
  const auto skus = EqualityCandidates(*criteria, "sku");
  std::vector<Json> rows;
  if (skus) {
    std::vector<const Product*> named;
    for (const std::string& sku : *skus) {
      for (const Product* p : ctx.store.ProductsIgnoringCase(sku)) {
        named.push_back(p);
      }
    }
    std::sort(
        named.begin(), named.end(),
        [](const Product* a, const Product* b) { return a->sku < b->sku; });
    for (const Product* p : named) rows.push_back(ToJson(*p));
  } else {
    for (const auto& [sku, product] : ctx.store.products) {
      rows.push_back(ToJson(product));
    }
  }
  return Response::FromJson(200, RunSearch(*criteria, std::move(rows)));
}

}  // namespace m2drop::sim
