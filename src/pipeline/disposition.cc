// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/disposition.h"

namespace m2drop::pipeline {

std::string_view DispositionName(Disposition disposition) {
  switch (disposition) {
    case Disposition::kProcessed:
      return "processed";
    case Disposition::kFailed:
      return "failed";
    case Disposition::kRetryLater:
      return "retry_later";
  }
  return "unknown";
}

Disposition Decide(const FileSummary& summary) {
  if (summary.deferred > 0) return Disposition::kRetryLater;
  if (summary.failed > 0) return Disposition::kFailed;
  return Disposition::kProcessed;
}

}  // namespace m2drop::pipeline
