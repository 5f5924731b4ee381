// SPDX-License-Identifier: Apache-2.0
#include "m2drop/sim/inventory_routes.h"

#include <algorithm>
#include <cmath>
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

// A text field as the setter got it: ServiceInputProcessor's settype to
// string prints a number as PHP does, true as "1"; null stays "".
std::string TextOf(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "1" : "";
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_number()) return value.dump();
  return "";
}

// PHP's trim() with its default characters (NUL and VT included).
std::string_view PhpTrim(std::string_view s) {
  constexpr std::string_view kTrimmed(" \t\n\r\0\x0B", 6);
  size_t begin = s.find_first_not_of(kTrimmed);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kTrimmed) - begin + 1);
}

// Inventory/Model/Validators/NotAnEmptyString.php ('' === trim()), and for
// the SKU NoSpaceBeforeAndAfterString.php (MSI 1.2.7, Magento 2.4.7, on),
// for the source NoWhitespaceInString.php ('/\s/'): each check adds its own
// error, so "  " is both empty and padded.
void ValidateText(const std::string& field, const std::string& text,
                  bool is_sku, Json& errors) {
  if (PhpTrim(text).empty()) {
    errors.push_back(
        FieldError("\"%field\" can not be empty.", {{"field", field}}));
  }
  if (is_sku && PhpTrim(text) != text) {
    errors.push_back(
        FieldError("\"%field\" can not contain leading or trailing spaces.",
                   {{"field", field}}));
  }
  if (!is_sku && text.find_first_of(" \t\n\v\f\r") != std::string::npos) {
    errors.push_back(FieldError("\"%field\" can not contain whitespaces.",
                                {{"field", field}}));
  }
}

// The MSI validator chain for one item (Inventory/etc/di.xml
// SourceItemValidatorChain: Inventory/Model/SourceItem/Validator/
// SkuValidator, SourceCodeValidator, QuantityValidator, StatusValidator
// with allowedSourceItemStatuses 0 and 1). With accept_unknown_skus off,
// ExistentSkuValidator + Validators/NotExistentSku.php as magento/inventory
// commit 2693b95 (MC-37522) has them: in no released branch or tag, so
// released MSI saves unknown SKUs; the lookup is InventoryCatalog's
// GetProductIdsBySkus (Catalog ResourceModel/Product::getProductsIdsBySkus
// matches ignoring case), run for every SKU, the empty one too. `item`
// holds the fields under their snake_case names.
void ValidateSourceItem(const Store& store, const Json& item, Json& errors) {
  const std::string sku = TextOf(item.value("sku", Json()));
  ValidateText("sku", sku, /*is_sku=*/true, errors);
  ValidateText("source_code", TextOf(item.value("source_code", Json())),
               /*is_sku=*/false, errors);
  if (!NumberValue(item.value("quantity", Json()))) {
    errors.push_back(
        FieldError("\"%field\" should be numeric.", {{"field", "quantity"}}));
  }
  // `int $status` was converted (settype truncates) before the validators
  // run; a missing status is not numeric but (int)null is a known one.
  auto status = NumberValue(item.value("status", Json()));
  if (!status) {
    errors.push_back(
        FieldError("\"%field\" should be numeric.", {{"field", "status"}}));
  } else if (std::trunc(*status) != 0 && std::trunc(*status) != 1) {
    errors.push_back(
        FieldError("\"%field\" should a known status.", {{"field", "status"}}));
  }
  if (!store.flags.accept_unknown_skus &&
      store.ProductsIgnoringCase(AsciiLower(sku)).empty()) {
    errors.push_back(FieldError(
        "Product with requested \"%field\": \"%value\" was was not found.",
        {{"field", "sku"}, {"value", sku}}));
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
  // Inventory/Model/SourceItem/Command/Handler/SourceItemsSaveHandler.php:
  // empty input, then the validators (the first error rendered after
  // "Validation Failed: "), then the save.
  if (items->empty()) return ErrorResponse(400, "Input data is empty");
  Json errors = Json::array();
  for (const Json& item : *items) ValidateSourceItem(ctx.store, item, errors);
  if (!errors.empty()) {
    return ErrorResponse(400, "Validation Failed: " + Render(errors[0]),
                         nullptr, errors);
  }
  for (const Json& item : *items) {
    if (!ctx.store.sources.count(TextOf(item["source_code"]))) {
      // The source_code foreign key fails inside the save transaction.
      return ErrorResponse(400, "Could not save Source Item");
    }
  }
  for (const Json& item : *items) {
    SourceItem saved{
        TextOf(item["sku"]), TextOf(item["source_code"]),
        *NumberValue(item["quantity"]),
        static_cast<int>(std::trunc(*NumberValue(item["status"])))};
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
