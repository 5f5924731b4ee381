// SPDX-License-Identifier: Apache-2.0
// The tracking import (docs/design.md §6, issue 4): a 3PL's CSV of tracking
// numbers in, shipments and tracks in Magento out, each exactly once, and
// every row that could not be applied explained.
//
// Plan before acting:
//   1. read the whole drop (streaming) and check every row locally; rows
//      failing those checks and malformed records become kFailed outcomes;
//   2. group rows by order and by tracking number (one package each);
//   3. resolve every order in batched searches (Client::OrdersByIncrementIds
//      pages by page_size), then once more for the zero-padded form of the
//      numeric numbers not found (order_numbers.h); then load the found
//      orders' shipments and tracks, batched the same way;
//   4. plan every order (tracking_plan.h), and only then
//   5. apply: different orders in parallel (at most options.max_parallel
//      threads), one order's packages in sequence (tracking_apply.h).
// Steps 3-5 run on 2,400 orders at a time (in file order), so that the
// orders, shipments and plans held do not grow with the file; when
// Magento goes away or refuses the credentials, the orders not reached are
// deferred with the rest.
// A file of N rows for N orders costs about N writes plus 2·N/page_size
// look-ups. Importing the same file again writes nothing: every row is
// already present. A dry run makes only GETs.
//
// Thread-safety: ImportTrackingDrop may run for several files at once on
// one shared ApiCaller. It blocks on the file and on Magento, and returns
// once every worker thread it started has finished.
#ifndef M2DROP_KINDS_TRACKING_TRACKING_IMPORT_H_
#define M2DROP_KINDS_TRACKING_TRACKING_IMPORT_H_

#include <string>

#include "m2drop/base/clock.h"
#include "m2drop/base/result.h"
#include "m2drop/config/config.h"
#include "m2drop/magento/api_caller.h"
#include "m2drop/magento/client.h"
#include "m2drop/pipeline/import_drop.h"

namespace m2drop::pipeline {

// Imports the tracking drop at `path` under `profile` (REQUIRES: kind
// "tracking"), with the options every kind takes (import_drop.h;
// max_parallel: orders written at once, on as many threads), through a Client
// made with `client_options` over `caller`. Row problems never fail the call;
// they are outcomes. Returns:
//   - the file-level Status of OpenDrop (kNotFound/kIo unreadable,
//     kInvalidInput not a CSV or a required column missing), or the
//     reader's when it stops mid-file;
//   - kUnauthenticated when Magento refused the credentials (the command
//     exits 77; nothing more is attempted);
//   - kRejected/kInternal when Magento refused or garbled a look-up (the
//     search itself is wrong: no row can be decided).
Result<ImportResult> ImportTrackingDrop(
    const std::string& path, const config::Profile& profile,
    const config::LimitsConfig& limits, magento::ApiCaller& caller,
    const magento::ClientOptions& client_options, const Clock& clock,
    const DropImportOptions& options);

}  // namespace m2drop::pipeline

#endif  // M2DROP_KINDS_TRACKING_TRACKING_IMPORT_H_
