#!/usr/bin/env bash
# Crash-safety soak: SIGKILL `tidings refresh` inside a write, and the search
# index catch-up after it, round after round, checking the database after
# each (tests/it/kill_loop.rs; `cargo test` runs 10 rounds).
# Usage: scripts/kill-loop.sh [ROUNDS]   (default 200)
# The debug build on purpose: its slower writes are easier to catch inside.
set -euo pipefail
cd "$(dirname "$0")/.."
TIDINGS_KILL_LOOPS="${1:-200}" cargo test --locked --test it kill_loop -- --nocapture
