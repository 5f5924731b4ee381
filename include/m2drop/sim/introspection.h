// SPDX-License-Identifier: Apache-2.0
// What the simulator shows tests and benchmarks about itself (/_sim/*): the
// request counters and a JSON view of the state. The simulator's own:
// nothing here mimics Magento. Not synchronized: the
// Simulator holds its mutex around these.
#ifndef M2DROP_SIM_INTROSPECTION_H_
#define M2DROP_SIM_INTROSPECTION_H_

#include <cstdint>
#include <map>
#include <string>

#include "m2drop/sim/http_types.h"
#include "m2drop/sim/store.h"

namespace m2drop::sim {

// Counts API requests per route label and status, and injected faults.
class RequestCounters {
 public:
  void Record(const std::string& label, int status);
  void RecordFault(std::string_view kind);
  void Reset();

  int64_t total() const { return total_; }
  // Requests answered `status` on `label` (0 when none).
  int64_t Count(const std::string& label, int status) const;

  // {"total": N, "by_route": {label: {"200": n, ...}}, "by_status":
  //  {"200": n}, "faults": {"reset": n, ...}}
  Json ToJson() const;

 private:
  int64_t total_ = 0;
  std::map<std::string, std::map<int, int64_t>> by_route_;
  std::map<int, int64_t> by_status_;
  std::map<std::string, int64_t, std::less<>> faults_;
};

// GET /_sim/state: {"orders": [order + "shipments": [...]], "source_items":
// [...], "stock_items": [...], "products": [...]}.
Json StateToJson(const Store& store);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_INTROSPECTION_H_
