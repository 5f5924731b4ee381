// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/types.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>
#include <system_error>

#include "m2drop/base/strings.h"

namespace m2drop::magento {
namespace {

using nlohmann::json;

Status Unexpected(std::string_view what) {
  return Status::Internal("unexpected Magento response: " + std::string(what));
}

// Reads the fields of one JSON object leniently (magento-rest.md §0) and
// keeps the first error. Absent and null leave the output untouched.
class FieldReader {
 public:
  FieldReader(const json& object, std::string_view what) : what_(what) {
    if (IsEmptyPhpArray(object)) return;  // an object with no fields
    if (!object.is_object()) {
      Fail(std::string(what_) + " is " + object.type_name() +
           ", expected an object");
    } else {
      object_ = &object;
    }
  }

  // PHP has one array type and json_encode renders an empty one as [], so
  // an object Magento (or its FieldsFilter) left without fields arrives as
  // an empty list.
  static bool IsEmptyPhpArray(const json& value) {
    return value.is_array() && value.empty();
  }

  void Int(const char* key, int64_t* out, bool required = false) {
    std::optional<int64_t> value;
    OptionalInt(key, &value);
    if (value) {
      *out = *value;
    } else if (required && status_.ok()) {
      Fail(std::string(what_) + " has no \"" + key + "\"");
    }
  }

  void OptionalInt(const char* key, std::optional<int64_t>* out) {
    const json* v = Find(key);
    if (v == nullptr) return;
    if (v->is_number_integer() || v->is_number_unsigned()) {
      if (v->is_number_unsigned() &&
          v->get<uint64_t>() >
              static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Wrong(key, "an out-of-range number", "an id");
      }
      *out = v->get<int64_t>();
    } else if (v->is_number_float()) {
      double d = v->get<double>();
      if (d != std::floor(d) || std::fabs(d) > 9e15) {
        return Wrong(key, "a fraction", "an id");
      }
      *out = static_cast<int64_t>(d);
    } else if (v->is_string()) {
      std::string_view s = Trim(v->get_ref<const std::string&>());
      if (s.empty()) return;
      int64_t parsed = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), parsed);
      if (ec != std::errc() || end != s.data() + s.size()) {
        return Wrong(key, "text that is not a whole number", "an id");
      }
      *out = parsed;
    } else {
      Wrong(key, v->type_name(), "an id");
    }
  }

  void Double(const char* key, double* out) {
    const json* v = Find(key);
    if (v == nullptr) return;
    if (v->is_number()) {
      *out = v->get<double>();
    } else if (v->is_string()) {
      std::string_view s = Trim(v->get_ref<const std::string&>());
      if (s.empty()) return;
      double parsed = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), parsed);
      if (ec != std::errc() || end != s.data() + s.size() ||
          !std::isfinite(parsed)) {
        return Wrong(key, "text that is not a number", "a number");
      }
      *out = parsed;
    } else {
      Wrong(key, v->type_name(), "a number");
    }
  }

  void Bool(const char* key, bool* out) {
    const json* v = Find(key);
    if (v == nullptr) return;
    if (v->is_boolean()) {
      *out = v->get<bool>();
    } else if (v->is_number()) {
      *out = v->get<double>() != 0;
    } else if (v->is_string() &&
               (v->get_ref<const std::string&>() == "0" ||
                v->get_ref<const std::string&>() == "1" ||
                v->get_ref<const std::string&>() == "true" ||
                v->get_ref<const std::string&>() == "false")) {
      const std::string& s = v->get_ref<const std::string&>();
      *out = s == "1" || s == "true";
    } else {
      Wrong(key, v->type_name(), "a flag");
    }
  }

  void String(const char* key, std::string* out) {
    const json* v = Find(key);
    if (v == nullptr) return;
    if (v->is_string()) {
      *out = v->get<std::string>();
    } else if (v->is_number_integer() || v->is_number_unsigned()) {
      *out = v->dump();  // e.g. an increment_id sent as a number
    } else {
      Wrong(key, v->type_name(), "text");
    }
  }

  // The array under `key`, or nullptr when absent or null.
  const json* Array(const char* key) {
    const json* v = Find(key);
    if (v == nullptr) return nullptr;
    if (!v->is_array()) {
      Wrong(key, v->type_name(), "a list");
      return nullptr;
    }
    return v;
  }

  // The object under `key`, or nullptr when absent, null or [] (an empty
  // PHP array).
  const json* Object(const char* key) {
    const json* v = Find(key);
    if (v == nullptr || IsEmptyPhpArray(*v)) return nullptr;
    if (!v->is_object()) {
      Wrong(key, v->type_name(), "an object");
      return nullptr;
    }
    return v;
  }

  void Fail(std::string what) {
    if (status_.ok()) status_ = Unexpected(what);
  }
  void Merge(const Status& status) {
    if (status_.ok() && !status.ok()) status_ = status;
  }
  const Status& status() const { return status_; }

 private:
  const json* Find(const char* key) const {
    if (object_ == nullptr || !status_.ok()) return nullptr;
    auto it = object_->find(key);
    if (it == object_->end() || it->is_null()) return nullptr;
    return &*it;
  }
  void Wrong(const char* key, std::string_view got, std::string_view want) {
    Fail(std::string(what_) + " \"" + key + "\" is " + std::string(got) +
         ", expected " + std::string(want));
  }

  std::string_view what_;
  const json* object_ = nullptr;
  Status status_;
};

// Parses every element of `array` with `parse` into `out`.
template <typename T, typename Parse>
void ParseEach(const json* array, Parse parse, std::vector<T>* out,
               FieldReader* reader) {
  if (array == nullptr) return;
  for (const json& element : *array) {
    Result<T> parsed = parse(element);
    if (!parsed.ok()) return reader->Merge(parsed.status());
    out->push_back(std::move(parsed).value());
  }
}

Result<ShipmentItem> ParseShipmentItem(const json& json) {
  FieldReader r(json, "shipment item");
  ShipmentItem item;
  r.Int("order_item_id", &item.order_item_id);
  r.String("sku", &item.sku);
  r.Double("qty", &item.qty);
  if (!r.status().ok()) return r.status();
  return item;
}

}  // namespace

double OrderItem::QtyToShip() const {
  double left = qty_ordered - qty_shipped - qty_refunded - qty_canceled;
  return left > 0 ? left : 0;
}

Result<SearchPage> ParseSearchPage(json body) {
  // A search answers an object, and every fields= filter m2drop sends names
  // total_count, which Magento always fills: [] (or any non-object) is what
  // FieldsFilter::filter gives for a filter it cannot parse, never "nothing
  // found".
  if (!body.is_object()) {
    return Unexpected(std::string("a search answered ") + body.type_name() +
                      " instead of an object (Magento answers [] to a "
                      "malformed fields= filter)");
  }
  SearchPage page;
  FieldReader r(body, "search result");
  // null or absent: FieldsFilter::applyFilter turns the empty list of a
  // search that found nothing into null.
  if (r.Array("items") != nullptr) {
    page.items = std::move(body["items"].get_ref<json::array_t&>());
  }
  page.total_count = static_cast<int64_t>(page.items.size());
  r.Int("total_count", &page.total_count);
  if (!r.status().ok()) return r.status();
  return page;
}

Result<OrderItem> ParseOrderItem(const json& json) {
  FieldReader r(json, "order item");
  OrderItem item;
  r.Int("item_id", &item.item_id, /*required=*/true);
  r.Int("order_id", &item.order_id);
  r.OptionalInt("parent_item_id", &item.parent_item_id);
  r.String("sku", &item.sku);
  r.String("name", &item.name);
  r.String("product_type", &item.product_type);
  r.Bool("is_virtual", &item.is_virtual);
  r.Bool("is_qty_decimal", &item.is_qty_decimal);
  r.Double("qty_ordered", &item.qty_ordered);
  r.Double("qty_shipped", &item.qty_shipped);
  r.Double("qty_canceled", &item.qty_canceled);
  r.Double("qty_refunded", &item.qty_refunded);
  if (!r.status().ok()) return r.status();
  return item;
}

Result<Order> ParseOrder(const json& json) {
  FieldReader r(json, "order");
  Order order;
  r.Int("entity_id", &order.entity_id, /*required=*/true);
  r.String("increment_id", &order.increment_id);
  r.String("state", &order.state);
  r.String("status", &order.status);
  ParseEach(r.Array("items"), ParseOrderItem, &order.items, &r);
  if (!r.status().ok()) return r.status();
  return order;
}

Result<ShipmentTrack> ParseShipmentTrack(const json& json) {
  FieldReader r(json, "shipment track");
  ShipmentTrack track;
  r.Int("entity_id", &track.entity_id, /*required=*/true);
  r.Int("parent_id", &track.parent_id);
  r.Int("order_id", &track.order_id);
  r.String("track_number", &track.track_number);
  r.String("carrier_code", &track.carrier_code);
  r.String("title", &track.title);
  if (!r.status().ok()) return r.status();
  return track;
}

Result<Shipment> ParseShipment(const json& json) {
  FieldReader r(json, "shipment");
  Shipment shipment;
  r.Int("entity_id", &shipment.entity_id, /*required=*/true);
  r.Int("order_id", &shipment.order_id);
  r.String("increment_id", &shipment.increment_id);
  r.String("created_at", &shipment.created_at);
  ParseEach(r.Array("tracks"), ParseShipmentTrack, &shipment.tracks, &r);
  ParseEach(r.Array("items"), ParseShipmentItem, &shipment.items, &r);
  if (const nlohmann::json* ext = r.Object("extension_attributes")) {
    FieldReader ext_reader(*ext, "shipment extension_attributes");
    ext_reader.String("source_code", &shipment.source_code);
    r.Merge(ext_reader.status());
  }
  if (!r.status().ok()) return r.status();
  return shipment;
}

Result<SourceItem> ParseSourceItem(const json& json) {
  FieldReader r(json, "source item");
  SourceItem item;
  r.String("sku", &item.sku);
  r.String("source_code", &item.source_code);
  r.Double("quantity", &item.quantity);
  int64_t status = item.status;
  r.Int("status", &status);
  item.status = static_cast<int>(status);
  if (!r.status().ok()) return r.status();
  return item;
}

Result<StockItem> ParseStockItem(const json& json) {
  FieldReader r(json, "stock item");
  StockItem item;
  r.Int("item_id", &item.item_id);
  r.Int("product_id", &item.product_id);
  r.Double("qty", &item.qty);
  r.Bool("is_in_stock", &item.is_in_stock);
  if (!r.status().ok()) return r.status();
  return item;
}

Result<Product> ParseProduct(const json& json) {
  FieldReader r(json, "product");
  Product product;
  r.Int("id", &product.id, /*required=*/true);
  r.String("sku", &product.sku);
  r.String("type_id", &product.type_id);
  if (!r.status().ok()) return r.status();
  return product;
}

Result<int64_t> ParseIdResponse(const json& body) {
  // Reuse the lenient id rules by wrapping the bare value in an object.
  json wrapper = {{"id", body}};
  FieldReader r(wrapper, "the answer");
  int64_t id = 0;
  r.Int("id", &id, /*required=*/true);
  if (!r.status().ok()) return r.status();
  if (id <= 0) return Unexpected("the answer is not a positive id");
  return id;
}

json SourceItemToJson(const SourceItem& item) {
  return {{"sku", item.sku},
          {"source_code", item.source_code},
          {"quantity", item.quantity},
          {"status", item.status}};
}

}  // namespace m2drop::magento
