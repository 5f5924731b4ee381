// SPDX-License-Identifier: Apache-2.0
// ForEachParallel: runs independent tasks on a few threads and waits for
// them all.
//
// For work that blocks on the network (the stock saves of one file, the
// pages of one search): at most `max_threads` tasks run at once, the
// calling thread being one of them, so `max_threads` = 1 runs the tasks in
// order on the caller's thread. Tasks are handed out lowest index first;
// each runs exactly once. The threads live for one call only.
//
// A task that throws: the tasks not yet started are not run, the others
// are waited for, and the first exception is rethrown to the caller.
// Tasks that must stop early check a stop token of their own.
//
// Thread-safe if `task` is: it runs on several threads at once.
#ifndef M2DROP_BASE_PARALLEL_H_
#define M2DROP_BASE_PARALLEL_H_

#include <cstddef>
#include <functional>

namespace m2drop {

void ForEachParallel(size_t count, int max_threads,
                     const std::function<void(size_t index)>& task);

}  // namespace m2drop

#endif  // M2DROP_BASE_PARALLEL_H_
