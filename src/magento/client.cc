// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/client.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string_view>

#include "m2drop/base/parallel.h"
#include "m2drop/base/strings.h"
#include "m2drop/magento/client_policy.h"
#include "m2drop/magento/fields.h"
#include "m2drop/magento/paths.h"

namespace m2drop::magento {
namespace {

using nlohmann::json;

constexpr int kMaxPageSize = 300;

ApiRequest MakeRequest(std::string method, std::string path,
                       std::string route) {
  ApiRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.route = std::move(route);
  return request;
}

// The caller's status with `context`, except that a 404 on a route that
// exists means the entity named by the caller does not: kNotFound.
Status ReadFailure(const ApiResult& result, std::string_view context) {
  const std::string& message = result.status.message();
  if (result.http_status == 404 &&
      message.find("does not match any route") == std::string::npos) {
    return Status::NotFound(message).WithContext(context);
  }
  return result.status.WithContext(context);
}

// "order 000000123", or "order entity 42" when the number is unknown.
std::string OrderContext(const std::string& order_number, int64_t order_id) {
  return order_number.empty() ? "order entity " + std::to_string(order_id)
                              : "order " + order_number;
}

// Parses each raw item onto `out`.
template <typename T>
Status ParseAll(const std::vector<json>& raw, Result<T> (*parse)(const json&),
                std::vector<T>* out) {
  for (const json& item : raw) {
    M2DROP_ASSIGN_OR_RETURN(T value, parse(item));
    out->push_back(std::move(value));
  }
  return Status::Ok();
}

// A SearchByValues consumer that parses each search's items onto `out`.
template <typename T>
auto AppendParsed(Result<T> (*parse)(const json&), std::vector<T>* out) {
  return
      [parse, out](std::vector<json> raw) { return ParseAll(raw, parse, out); };
}

// Keeps the first of each id, sorted by id.
template <typename T>
std::vector<T> UniqueById(std::vector<T> all, int64_t T::*id) {
  std::stable_sort(all.begin(), all.end(),
                   [id](const T& a, const T& b) { return a.*id < b.*id; });
  auto same = [id](const T& a, const T& b) { return a.*id == b.*id; };
  all.erase(std::unique(all.begin(), all.end(), same), all.end());
  return all;
}

std::vector<std::string> ToStrings(const std::vector<int64_t>& ids) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (int64_t id : ids) out.push_back(std::to_string(id));
  return out;
}

}  // namespace

Status SaveSourceItemsOutcome::FirstError() const {
  for (const SourceItemsChunk& chunk : chunks) {
    if (!chunk.status.ok()) return chunk.status;
  }
  return Status::Ok();
}

Client::Client(ApiCaller& caller, ClientOptions options)
    : caller_(caller),
      max_parallel_searches_(std::max(1, options.max_parallel_searches)),
      page_size_(std::clamp(options.page_size, 1, kMaxPageSize)),
      array_limit_(std::max(1, options.array_limit)) {}

void Client::Learn(std::atomic<int>& limit, int max, const char* what) {
  int current = limit.load();
  while (max < current && !limit.compare_exchange_weak(current, max)) {
  }
  if (max < current) {
    spdlog::warn("magento: the shop allows at most {} {}; lowered from {}", max,
                 what, current);
  }
}

// --- Searches ----------------------------------------------------------------

Status Client::SearchByValues(const SearchSpec& spec,
                              const std::vector<std::string>& values,
                              const Consume& consume, std::stop_token stop) {
  const size_t per_search = static_cast<size_t>(page_size());
  const size_t searches = (values.size() + per_search - 1) / per_search;
  std::vector<Status> statuses(searches);
  std::mutex consume_mu;
  // One failed search stops the others: the look-up fails as a whole.
  std::stop_source stopper;
  std::stop_callback forward(stop, [&] { stopper.request_stop(); });
  ForEachParallel(searches, max_parallel_searches_, [&](size_t k) {
    if (stopper.stop_requested()) {
      statuses[k] = Status::Cancelled(spec.what + " search stopped");
      return;
    }
    const size_t begin = k * per_search;
    const std::vector<std::string> chunk(
        values.begin() + static_cast<std::ptrdiff_t>(begin),
        values.begin() + static_cast<std::ptrdiff_t>(
                             std::min(values.size(), begin + per_search)));
    std::vector<json> found;
    statuses[k] = SearchAllPages(spec, chunk, &found, stopper.get_token());
    if (statuses[k].ok()) {
      std::lock_guard lock(consume_mu);
      statuses[k] = consume(std::move(found));
    }
    if (!statuses[k].ok()) stopper.request_stop();
  });
  // The failure that stopped the others, not their cancellations.
  const Status* failed = nullptr;
  for (const Status& s : statuses) {
    if (s.ok()) continue;
    if (failed == nullptr || (failed->code() == StatusCode::kCancelled &&
                              s.code() != StatusCode::kCancelled)) {
      failed = &s;
    }
  }
  return failed != nullptr ? *failed : Status::Ok();
}

Status Client::SearchAllPages(const SearchSpec& spec,
                              const std::vector<std::string>& values,
                              std::vector<json>* out, std::stop_token stop) {
  std::vector<json> found;
  int page_size = this->page_size();
  int64_t pages = 1;
  int64_t page = 1;
  while (page <= pages) {
    ApiRequest request = MakeRequest("GET", spec.path, spec.route);
    request.query = SearchCriteria()
                        .WhereIn(spec.filter_field, values)
                        .SortBy(spec.sort_field)
                        .PageSize(page_size)
                        .CurrentPage(static_cast<int>(page))
                        .ToQuery();
    request.query.emplace_back("fields", spec.fields);
    ApiResult result = caller_.Call(request, stop);
    if (!result.ok()) {
      std::optional<int> max = PageSizeLimitFromError(result);
      if (!max || *max >= page_size) {
        return result.status.WithContext(spec.what + " search");
      }
      // Each restart lowers the page size, so this ends.
      Learn(page_size_, *max, "rows per search page");
      page_size = std::min(*max, this->page_size());
      found.clear();
      pages = page = 1;
      continue;
    }
    M2DROP_ASSIGN_OR_RETURN(SearchPage parsed,
                            ParseSearchPage(std::move(result.body)));
    // Pages are counted once: Magento clamps a page past the end to the
    // last one, so "until empty" would never end (magento-rest.md §1.2).
    if (page == 1) pages = PageCount(parsed.total_count, page_size);
    for (json& item : parsed.items) found.push_back(std::move(item));
    ++page;
  }
  for (json& item : found) out->push_back(std::move(item));
  return Status::Ok();
}

const Client::SearchSpec& Client::ProductSearch() {
  static const SearchSpec kSpec{
      "V1/products", "GET /V1/products", std::string(fields::kProductList),
      "sku",         "entity_id",        "products"};
  return kSpec;
}

Result<std::vector<Order>> Client::OrdersByIncrementIds(
    const std::vector<std::string>& increment_ids, std::stop_token stop) {
  static const SearchSpec kSpec{
      "V1/orders",    "GET /V1/orders", std::string(fields::kOrderList),
      "increment_id", "entity_id",      "orders"};
  std::vector<Order> orders;
  M2DROP_RETURN_IF_ERROR(SearchByValues(
      kSpec, increment_ids, AppendParsed(&ParseOrder, &orders), stop));
  return UniqueById(std::move(orders), &Order::entity_id);
}

Result<std::vector<Shipment>> Client::ShipmentsByOrderIds(
    const std::vector<int64_t>& order_ids, std::stop_token stop) {
  static const SearchSpec kSpec{
      "V1/shipments", "GET /V1/shipments", std::string(fields::kShipmentList),
      "order_id",     "entity_id",         "shipments"};
  std::vector<Shipment> shipments;
  M2DROP_RETURN_IF_ERROR(
      SearchByValues(kSpec, ToStrings(order_ids),
                     AppendParsed(&ParseShipment, &shipments), stop));
  return UniqueById(std::move(shipments), &Shipment::entity_id);
}

Result<std::vector<Product>> Client::ProductsBySkus(
    const std::vector<std::string>& skus, std::stop_token stop) {
  std::vector<Product> products;
  M2DROP_RETURN_IF_ERROR(SearchByValues(
      ProductSearch(), skus, AppendParsed(&ParseProduct, &products), stop));
  return UniqueById(std::move(products), &Product::id);
}

Status Client::ForEachProductBySkus(
    const std::vector<std::string>& skus,
    const std::function<void(std::vector<Product> products)>& found,
    std::stop_token stop) {
  return SearchByValues(
      ProductSearch(), skus,
      [&](std::vector<json> raw) -> Status {
        std::vector<Product> products;
        M2DROP_RETURN_IF_ERROR(ParseAll(raw, &ParseProduct, &products));
        found(std::move(products));
        return Status::Ok();
      },
      stop);
}

// --- Single entities
// -----------------------------------------------------------

Result<json> Client::GetEntity(const std::string& path,
                               const std::string& route,
                               std::string_view fields,
                               const std::string& context,
                               std::stop_token stop) {
  ApiRequest request = MakeRequest("GET", path, route);
  request.query.emplace_back("fields", std::string(fields));
  ApiResult result = caller_.Call(request, stop);
  if (!result.ok()) return ReadFailure(result, context);
  return std::move(result.body);
}

Result<Order> Client::GetOrder(int64_t entity_id, std::stop_token stop) {
  M2DROP_ASSIGN_OR_RETURN(
      json body, GetEntity(OrderPath(entity_id), "GET /V1/orders/{id}",
                           fields::kOrder, OrderContext("", entity_id), stop));
  return ParseOrder(body);
}

Result<Shipment> Client::GetShipment(int64_t shipment_id,
                                     std::stop_token stop) {
  M2DROP_ASSIGN_OR_RETURN(
      json body, GetEntity(ShipmentPath(shipment_id), "GET /V1/shipment/{id}",
                           fields::kShipment,
                           "shipment " + std::to_string(shipment_id), stop));
  return ParseShipment(body);
}

Result<StockItem> Client::GetStockItem(const std::string& sku,
                                       std::stop_token stop) {
  M2DROP_ASSIGN_OR_RETURN(
      json body,
      GetEntity(StockItemPath(sku), "GET /V1/stockItems/{sku}",
                fields::kStockItem, "SKU " + QuoteForMessage(sku), stop));
  return ParseStockItem(body);
}

// --- Non-idempotent writes -------------------------------------------------

Result<int64_t> Client::Write(const WriteSpec& spec, std::stop_token stop) {
  ResendBudget budget;
  bool ambiguous_before = false;
  for (;;) {
    ApiResult result = caller_.Call(spec.request, stop);
    WriteStep step = NextWriteStep(
        result.status, ambiguous_before && spec.nothing_left_may_be_own_write &&
                           IsNothingLeftToShip(result.status.message()));
    if (step == WriteStep::kSucceeded) {
      Result<int64_t> id = spec.parse_id(result.body);
      if (!id.ok()) return id.status().WithContext(spec.context);
      return id;
    }
    if (step == WriteStep::kFailed) {
      return result.status.WithContext(spec.context);
    }
    // The outcome is unknown. After a transient failure, wait first: a
    // request still running in the shop (a timeout, a lost answer) must
    // have ended before Magento is read, or the read could miss it.
    Status resend_allowed = Status::Ok();
    if (result.status.code() == StatusCode::kUnavailable) {
      resend_allowed = caller_.WaitToResend(spec.request, result, budget, stop);
      if (resend_allowed.code() == StatusCode::kCancelled) {
        return Status::Cancelled(spec.context + ": stopped before resending " +
                                 spec.request.route);
      }
    }
    Result<std::optional<int64_t>> found = spec.find_written();
    if (!found.ok()) {
      if (found.status().code() == StatusCode::kCancelled) {
        return found.status();
      }
      return Status(found.status().code() == StatusCode::kUnauthenticated
                        ? StatusCode::kUnauthenticated
                        : StatusCode::kUnavailable,
                    spec.context + ": " + spec.request.route +
                        " got no clear answer (" + result.status.message() +
                        ") and re-reading Magento failed (" +
                        found.status().message() +
                        "); whether it was applied is unknown");
    }
    if (found->has_value()) {
      spdlog::warn(
          "{}: {} lost its answer ({}), but Magento shows it applied as "
          "entity {}; not sending it again",
          spec.context, spec.request.route, result.status.message(), **found);
      return **found;
    }
    if (result.status.code() == StatusCode::kRejected) {
      // Nothing of ours is there: the refusal is Magento's real answer.
      return result.status.WithContext(spec.context);
    }
    if (!resend_allowed.ok()) {
      return Status::Unavailable(
          spec.context + ": " + spec.request.route +
          " got no clear answer, and Magento shows none of its attempts "
          "applied (" +
          resend_allowed.message() +
          "); last error: " + result.status.message());
    }
    if (stop.stop_requested()) {
      return Status::Cancelled(spec.context + ": stopped before resending " +
                               spec.request.route);
    }
    ambiguous_before = true;
  }
}

Result<int64_t> Client::ShipOrder(const ShipRequest& request,
                                  std::stop_token stop) {
  WriteSpec spec;
  spec.request = MakeRequest("POST", ShipOrderPath(request.order_id),
                             "POST /V1/order/{id}/ship");
  spec.request.body = ShipOrderBody(request);
  spec.request.idempotent = false;
  spec.context = OrderContext(request.order_number, request.order_id);
  spec.parse_id = &ParseIdResponse;
  spec.find_written = [&]() -> Result<std::optional<int64_t>> {
    M2DROP_ASSIGN_OR_RETURN(std::vector<Shipment> shipments,
                            ShipmentsByOrderIds({request.order_id}, stop));
    return FindShipmentCreatedBy(shipments, request);
  };
  spec.nothing_left_may_be_own_write = true;
  return Write(spec, stop);
}

Result<int64_t> Client::AddTrack(const AddTrackRequest& request,
                                 std::stop_token stop) {
  WriteSpec spec;
  spec.request =
      MakeRequest("POST", "V1/shipment/track", "POST /V1/shipment/track");
  spec.request.body = AddTrackBody(request);
  spec.request.idempotent = false;
  spec.context = OrderContext(request.order_number, request.order_id) +
                 ", shipment " + std::to_string(request.shipment_id);
  spec.parse_id = &ParseAddTrackAnswer;
  spec.find_written = [&]() -> Result<std::optional<int64_t>> {
    M2DROP_ASSIGN_OR_RETURN(Shipment shipment,
                            GetShipment(request.shipment_id, stop));
    return FindTrack(shipment, request.track.track_number);
  };
  return Write(spec, stop);
}

Result<bool> Client::NotifyShipment(int64_t shipment_id, std::stop_token stop) {
  ApiRequest request = MakeRequest("POST", ShipmentEmailsPath(shipment_id),
                                   "POST /V1/shipment/{id}/emails");
  request.idempotent = false;
  ApiResult result = caller_.Call(request, stop);
  std::string context = "shipment " + std::to_string(shipment_id) + " email";
  if (!result.ok()) return ReadFailure(result, context);
  if (result.body.is_boolean()) return result.body.get<bool>();
  if (result.body == "true" || result.body == 1) return true;
  if (result.body == "false" || result.body == 0) return false;
  return Status::Internal(context + ": unexpected Magento response: " +
                          result.body.type_name() + " instead of true/false");
}

// --- Stock ---------------------------------------------------------------

Status Client::SaveSourceItemsRequest(std::span<const SourceItem> items,
                                      std::optional<int>* learnt_limit,
                                      std::stop_token stop) {
  ApiRequest request = MakeRequest("POST", "V1/inventory/source-items",
                                   "POST /V1/inventory/source-items");
  request.body = SourceItemsBody(items);
  ApiResult result = caller_.Call(request, stop);
  if (!result.ok()) {
    std::optional<int> max = ArrayLimitFromError(result);
    if (max && static_cast<size_t>(*max) < items.size()) *learnt_limit = max;
  }
  return result.status;
}

SaveSourceItemsOutcome Client::SaveSourceItems(
    std::span<const SourceItem> items, std::stop_token stop) {
  SaveSourceItemsOutcome outcome;
  size_t begin = 0;
  Status stopped;  // set once Magento is unavailable or refuses us
  while (begin < items.size()) {
    size_t end =
        std::min(items.size(), begin + static_cast<size_t>(array_limit()));
    if (!stopped.ok()) {
      outcome.chunks.push_back({begin, end, stopped});
      begin = end;
      continue;
    }
    std::optional<int> learnt;
    Status status = SaveSourceItemsRequest(items.subspan(begin, end - begin),
                                           &learnt, stop);
    if (learnt) {
      // Too many for this shop: nothing was saved; re-split from `begin`.
      Learn(array_limit_, *learnt, "items per request array");
      continue;
    }
    outcome.chunks.push_back({begin, end, status});
    if (status.code() == StatusCode::kUnavailable ||
        status.code() == StatusCode::kUnauthenticated ||
        status.code() == StatusCode::kCancelled) {
      stopped = Status(status.code(),
                       "not sent after an earlier batch "
                       "failed: " +
                           status.message());
    }
    begin = end;
  }
  return outcome;
}

Result<int64_t> Client::UpdateStockItem(const std::string& sku, double qty,
                                        bool is_in_stock,
                                        std::stop_token stop) {
  ApiRequest request = MakeRequest("PUT", UpdateStockItemPath(sku),
                                   "PUT /V1/products/{sku}/stockItems/{id}");
  request.body = StockItemBody(qty, is_in_stock);
  ApiResult result = caller_.Call(request, stop);
  std::string context = "SKU " + QuoteForMessage(sku);
  if (!result.ok()) return ReadFailure(result, context);
  Result<int64_t> id = ParseIdResponse(result.body);
  if (!id.ok()) return id.status().WithContext(context);
  return id;
}

}  // namespace m2drop::magento
