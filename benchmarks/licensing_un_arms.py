"""CPU per UN arms determination with a named, screened end user (lic28).

Run once per source tree to compare (two processes: the package name is the same):
``PYTHONPATH=<src> nice python benchmarks/licensing_un_arms.py``. Seven targeted-embargo and
other destinations x three end users (a firm, a ministry, a named group), 20 rounds after one
warm-up round; prints milliseconds of process CPU per determination.
"""

from __future__ import annotations

import time

from exportctl.licensing import determine

DESTINATIONS = ["YE", "SD", "SO", "AF", "CD", "HT", "FR"]
END_USERS = ["Acme Security Ltd", "Ministry of Defence", "Ansar Allah"]
ROUNDS = 20


def run() -> None:
    for dest in DESTINATIONS:
        for name in END_USERS:
            determine(
                ["0A501"],
                dest,
                jurisdiction="un",
                end_user=name,
                end_user_hits=lambda _n: [],
                date="2026-06-01",
            )


def main() -> None:
    run()  # warm the rulebook, item and term caches
    start = time.process_time()
    for _ in range(ROUNDS):
        run()
    per = (time.process_time() - start) / (ROUNDS * len(DESTINATIONS) * len(END_USERS))
    print(f"{per * 1000:.3f} ms CPU per determination")


if __name__ == "__main__":
    main()
