"""Run every benchmark once at a small size, so that a change which breaks one fails CI.

It checks that each runs to the end; it times nothing (the figures printed at these sizes mean
nothing). `make bench-smoke` runs it against the embedded PostgreSQL, or DATABASE_URL.
"""

import subprocess
import sys
import time

SMALL = [
    ["bench.generate_people", "2000"],
    ["bench.link_generated", "2000"],
    ["bench.febrl4_linkage", "--smoke"],
    ["bench.people_search", "--size", "3000", "--searches", "50"],
    ["bench.pvp_queue", "--pending", "200", "--requests", "10"],
    ["bench.dip_sample", "--size", "3000"],
    ["bench.plan_reminders", "--size", "300"],
    ["bench.marac_agenda", "--cases", "3"],
    # The load test: a few users, 60 requests or 10 s, one gunicorn worker (the figures mean nothing here).
    ["bench.load.run", "--users", "4", "--spawn-rate", "4", "--time", "10s", "--requests", "60", "--workers", "1"],
    ["bench.import_history", "--incidents", "2000"],
    ["bench.problem_profile", "--incidents", "500", "--runs", "1"],
]


def main() -> int:
    failed = []
    for module, *args in SMALL:
        started = time.monotonic()
        print(f"bench-smoke: {module} {' '.join(args)}", flush=True)
        code = subprocess.call([sys.executable, "-m", module, *args])  # noqa: S603
        print(f"bench-smoke: {module} exit {code} after {time.monotonic() - started:.0f} s", flush=True)
        if code:
            failed.append(module)
    if failed:
        print(f"bench-smoke: failed: {', '.join(failed)}", flush=True)
        return 1
    print(f"bench-smoke: all {len(SMALL)} benchmarks ran", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
