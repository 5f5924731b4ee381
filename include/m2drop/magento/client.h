// SPDX-License-Identifier: Apache-2.0
// Client: the typed Magento calls m2drop makes (magento-rest.md §1.2-§1.8).
//
// A concrete class on top of the ApiCaller seam. It builds paths, searches
// and bodies, parses answers leniently (types.h), pages searches safely, and
// makes the non-idempotent writes (ship, add track) safe to repeat by
// re-reading Magento's state after an ambiguous failure. Transport, auth,
// rate limits and the retries of idempotent calls are the ApiCaller's.
//
// Learnt limits: when Magento answers `Maximum items of type ... is N` or
// `Maximum SearchCriteria pageSize is N` (input limits, §5), the client
// lowers array_limit() or page_size() to N for good, re-splits or redoes the
// work, and carries on.
//
// Status codes of every call: those of ApiResult (kRejected, kUnavailable,
// kUnauthenticated, kCancelled), with Magento's filled message and the
// context ("order 000000123: ..."); kNotFound where a single entity named by
// the caller does not exist (404, other than "Request does not match any
// route"); kInternal "unexpected Magento response: ..." for an answer of the
// wrong shape.
//
// Thread-safe: any number of workers may share one Client (the limits are
// atomics; the ApiCaller is thread-safe). Every call blocks on the network
// through the ApiCaller and stops early when `stop` is requested. The
// Client does not own the ApiCaller, which must outlive it.
#ifndef M2DROP_MAGENTO_CLIENT_H_
#define M2DROP_MAGENTO_CLIENT_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "m2drop/base/result.h"
#include "m2drop/magento/api_caller.h"
#include "m2drop/magento/search_criteria.h"
#include "m2drop/magento/types.h"
#include "m2drop/magento/write_requests.h"

namespace m2drop::magento {

struct ClientOptions {
  // Rows per search page, and ids per `in` search. Clamped to [1, 300]:
  // 300 is Magento's default maximum_page_size. Lowered at run time when
  // the shop answers with a smaller maximum.
  int page_size = 100;
  // Objects per array in a request body (source items). Magento's default
  // input limit, where enabled, is 20; larger batches mean fewer calls on
  // shops without the limit. At least 1. Lowered at run time as page_size.
  int array_limit = 20;
  // Search requests one call may have in flight at once, each for its own
  // page_size() values (a look-up of 1,000 order numbers at page size 100
  // is 10 searches). At least 1. The ApiCaller's max_in_flight still bounds
  // the whole process; this only lets one large look-up use it.
  int max_parallel_searches = 1;
};

// The outcome of one chunk of SaveSourceItems: items [begin, end) of the
// input, sent as one request.
struct SourceItemsChunk {
  size_t begin = 0;
  size_t end = 0;
  Status status;
};

struct SaveSourceItemsOutcome {
  std::vector<SourceItemsChunk> chunks;  // in input order, covering it all

  // OK when every chunk is; else the first failed chunk's status.
  Status FirstError() const;
};

class Client {
 public:
  Client(ApiCaller& caller, ClientOptions options);

  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // --- Reads -------------------------------------------------------------

  // Orders whose increment_id is one of `increment_ids`, each at most once,
  // sorted by entity_id. One search per page_size() ids (up to
  // max_parallel_searches at once; when one fails the others are stopped
  // and its Status returned); an id Magento does
  // not know is simply absent from the result (increment ids are unique per
  // store only, so one id may also give several orders).
  Result<std::vector<Order>> OrdersByIncrementIds(
      const std::vector<std::string>& increment_ids, std::stop_token stop);

  // The shipments of the given orders (entity_ids), with their tracks and
  // items, each at most once, sorted by entity_id.
  Result<std::vector<Shipment>> ShipmentsByOrderIds(
      const std::vector<int64_t>& order_ids, std::stop_token stop);

  // Products by SKU, each at most once, sorted by id. SKUs containing commas
  // are matched by `eq` filters (search_criteria.h). Magento matches SKUs
  // ignoring case; the products carry the SKU as Magento spells it.
  Result<std::vector<Product>> ProductsBySkus(
      const std::vector<std::string>& skus, std::stop_token stop);

  // The same searches as ProductsBySkus, but each search's products go to
  // `found` as it ends (one call at a time, from any thread; a product two
  // searches find comes twice) instead of being kept until the end: for
  // look-ups of many SKUs, where only part of each product is needed.
  Status ForEachProductBySkus(
      const std::vector<std::string>& skus,
      const std::function<void(std::vector<Product> products)>& found,
      std::stop_token stop);

  // kNotFound when there is no such order or shipment.
  Result<Order> GetOrder(int64_t entity_id, std::stop_token stop);
  Result<Shipment> GetShipment(int64_t shipment_id, std::stop_token stop);

  // GET /V1/stockItems/{sku}. kNotFound for an unknown SKU.
  Result<StockItem> GetStockItem(const std::string& sku, std::stop_token stop);

  // --- Writes ------------------------------------------------------------

  // POST /V1/order/{id}/ship; returns the new shipment's entity_id. Not
  // idempotent: after an ambiguous failure (kUnavailable, or "nothing left
  // to ship" after one) it waits as the retry policy says
  // (ApiCaller::WaitToResend), re-reads the order's shipments and returns
  // the shipment this request created if it is there; otherwise it sends
  // again, until the retry budget is spent. kUnavailable when the outcome
  // stays unknown (the re-read failed too) or no attempt was applied within
  // the budget.
  Result<int64_t> ShipOrder(const ShipRequest& request, std::stop_token stop);

  // POST /V1/shipment/track; returns the new track's entity_id. Not
  // idempotent (Magento does not de-duplicate tracks): after an ambiguous
  // failure it re-reads the shipment and returns the track with this number
  // if it is there, as ShipOrder. The caller checks the shipment's tracks
  // for this number before calling.
  Result<int64_t> AddTrack(const AddTrackRequest& request,
                           std::stop_token stop);

  // POST /V1/shipment/{id}/emails: Magento's answer (false when shipment
  // emails are disabled or sending failed). Sent once: an ambiguous failure
  // is reported (kUnavailable), never resent.
  Result<bool> NotifyShipment(int64_t shipment_id, std::stop_token stop);

  // POST /V1/inventory/source-items in chunks of array_limit() (an
  // idempotent upsert on (sku, source_code); the ApiCaller retries it).
  // Returns one outcome per request, so that the stock pipeline can bisect a
  // rejected chunk (Magento rejects a whole chunk for one bad item) by
  // calling again with a part of it: a call with at most array_limit()
  // items is exactly one request. A "Maximum items" answer lowers
  // array_limit() and re-splits the rest, so it never appears as a chunk's
  // outcome. After a chunk ends kUnavailable, kUnauthenticated or
  // kCancelled, the later chunks are not sent and carry that status. No
  // request for an empty `items`.
  SaveSourceItemsOutcome SaveSourceItems(std::span<const SourceItem> items,
                                         std::stop_token stop);

  // PUT /V1/products/{sku}/stockItems/1 {"stockItem":{"qty","is_in_stock"}}
  // (legacy CatalogInventory, §1.8); returns the stock item id. kNotFound
  // with Magento's message for an unknown SKU.
  Result<int64_t> UpdateStockItem(const std::string& sku, double qty,
                                  bool is_in_stock, std::stop_token stop);

  // --- Learnt limits -----------------------------------------------------

  int page_size() const { return page_size_.load(); }
  int array_limit() const { return array_limit_.load(); }

 private:
  // One kind of search: where, what is filtered, and what it is called in
  // messages.
  struct SearchSpec {
    std::string path;    // "V1/orders"
    std::string route;   // "GET /V1/orders"
    std::string fields;  // fields.h
    std::string filter_field;
    std::string sort_field;
    std::string what;  // "orders"
  };
  // How a non-idempotent write is made and recovered.
  struct WriteSpec {
    ApiRequest request;
    std::string context;  // "order 000000123"
    std::function<Result<int64_t>(const nlohmann::json&)> parse_id;
    // Looks in Magento for what this request would have created.
    std::function<Result<std::optional<int64_t>>()> find_written;
    bool nothing_left_may_be_own_write = false;
  };

  // The searches for `values` (page_size() per search, up to
  // max_parallel_searches at once, every page of each); each search's
  // items go to `consume` when it ends, one call at a time. The first
  // failure, of a search or of `consume`, stops the others and is returned.
  using Consume = std::function<Status(std::vector<nlohmann::json> items)>;
  Status SearchByValues(const SearchSpec& spec,
                        const std::vector<std::string>& values,
                        const Consume& consume, std::stop_token stop);
  static const SearchSpec& ProductSearch();
  Status SearchAllPages(const SearchSpec& spec,
                        const std::vector<std::string>& values,
                        std::vector<nlohmann::json>* out, std::stop_token stop);
  Result<nlohmann::json> GetEntity(const std::string& path,
                                   const std::string& route,
                                   std::string_view fields,
                                   const std::string& context,
                                   std::stop_token stop);
  Result<int64_t> Write(const WriteSpec& spec, std::stop_token stop);
  Status SaveSourceItemsRequest(std::span<const SourceItem> items,
                                std::optional<int>* learnt_limit,
                                std::stop_token stop);
  // Lowers `limit` to `max` (never raises it) and logs the change.
  static void Learn(std::atomic<int>& limit, int max, const char* what);

  ApiCaller& caller_;
  const int max_parallel_searches_;
  std::atomic<int> page_size_;
  std::atomic<int> array_limit_;
};

}  // namespace m2drop::magento

#endif  // M2DROP_MAGENTO_CLIENT_H_
