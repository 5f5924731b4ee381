#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Issue 16's benchmark: 2,000 tracking rows through `m2drop watch` against
`m2drop sim` at 20 ms, in one run without and with 5 % of answers lost
(applied, then the connection closed before any byte, after the headers, or
reset: --lost-response-mode mixed). Per run: wall time from the drop to its
report, Magento requests per row (the simulator's count), api_calls of the
report (must equal it: every request that left the process is counted),
duplicates in the shop (an order with more than one shipment or a track
twice), rows applied, and the daemon's peak RSS. Writes bench/LOST_ANSWERS.md.

  bench/lost_answers.py [--binary build/m2drop] [--rows 2000] [--latency 20]
"""
import argparse, datetime, json, os, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (Sim, seed, config, generate, machine)


def peak_rss_mb(pid):
    """The process's peak resident set so far (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def watch_run(binary, rows, latency, lost):
    work = tempfile.mkdtemp(prefix="m2drop-lost-")
    try:
        run.seed("tracking", rows, os.path.join(work, "seed.json"))
        sim = run.Sim(binary, os.path.join(work, "seed.json"), latency, work,
                      ["--lost-response-rate", str(lost),
                       "--lost-response-mode", "mixed", "--fault-seed", "16"])
        try:
            cfg = run.config(work, sim.url, "tracking", settle="300ms")
            with open(cfg, "a") as f:
                f.write('[retry]\ninitial_backoff = "50ms"\n'
                        'max_backoff = "500ms"\n')
            log = open(os.path.join(work, "watch.log"), "w+")
            daemon = subprocess.Popen([binary, "watch", "--config", cfg],
                                      stderr=log)
            try:
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    log.seek(0)
                    if "m2drop watch started" in log.read():
                        break
                    time.sleep(0.05)
                drop = os.path.join(work, "inbox", ".drop.csv")
                run.generate("tracking", rows, drop)
                t0 = time.monotonic()
                os.rename(drop, os.path.join(work, "inbox", "drop.csv"))
                report = None
                while time.monotonic() - t0 < 900:
                    for where in ("processed", "failed"):
                        p = os.path.join(work, where, "drop.csv.report.json")
                        if os.path.exists(p):
                            report = json.load(open(p))
                            report["_where"] = where
                    if report:
                        break
                    time.sleep(0.02)
                wall = time.monotonic() - t0
                rss = peak_rss_mb(daemon.pid)
            finally:
                daemon.terminate()
                daemon.wait()
            requests = sim.requests()
            state = sim.state()
        finally:
            sim.stop()
        dups = 0
        for o in state["orders"]:
            tracks = [t["track_number"] for s in o["shipments"]
                      for t in s["tracks"]]
            if len(o["shipments"]) > 1 or len(tracks) != len(set(tracks)):
                dups += 1
        return {"lost": lost, "wall": wall, "rss": rss,
                "requests": requests["total"],
                "lost_answers": requests["faults"].get("lost_response", 0),
                "api_calls": report["api_calls"] if report else None,
                "applied": report["applied"] if report else 0,
                "where": report["_where"] if report else "-",
                "duplicates": dups}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(run.ROOT, "build",
                                                     "m2drop"))
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--latency", type=int, default=20)
    ap.add_argument("--out", default=os.path.join(run.BENCH,
                                                  "LOST_ANSWERS.md"))
    a = ap.parse_args()
    runs = [watch_run(a.binary, a.rows, a.latency, lost)
            for lost in (0.0, 0.05)]
    lines = [
        "# Lost answers through the daemon (issue 16)", "",
        f"- Machine: {run.machine()}",
        f"- Date: {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC",
        f"- Command: `bench/lost_answers.py` ({a.rows} tracking rows, "
        f"{a.latency} ms, `m2drop watch`, max_in_flight {run.IN_FLIGHT})", "",
        "| lost answers | wall s | requests | requests/row | api_calls "
        "| answers lost | applied | filed | duplicates | peak RSS MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for r in runs:
        lines.append(
            f"| {r['lost']:.0%} | {r['wall']:.2f} | {r['requests']} | "
            f"{r['requests'] / a.rows:.3f} | {r['api_calls']} | "
            f"{r['lost_answers']} | {r['applied']} | {r['where']}/ | "
            f"{r['duplicates']} | {r['rss']:.1f} |")
    base, lossy = runs
    lines += ["", "Targets: <= 1.02 requests per row without lost answers "
              f"({base['requests'] / a.rows:.3f}), <= 1.10 with 5 % "
              f"({lossy['requests'] / a.rows:.3f}), 0 duplicates "
              f"({base['duplicates'] + lossy['duplicates']}), api_calls = "
              "requests received "
              f"({'yes' if all(r['api_calls'] == r['requests'] for r in runs) else 'NO'})."]
    text = "\n".join(lines) + "\n"
    notes_marker = "<!-- notes: kept by bench/lost_answers.py -->"
    if os.path.exists(a.out) and notes_marker in open(a.out).read():
        text += "\n" + notes_marker + open(a.out).read().split(
            notes_marker, 1)[1]
    open(a.out, "w").write(text)
    print(text)


if __name__ == "__main__":
    main()
