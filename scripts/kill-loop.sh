#!/usr/bin/env bash
# Crash-safety soak: SIGKILL `tidings refresh` at many moments of a large
# refresh and check the database after each kill (tests/kill_loop.rs).
# Usage: scripts/kill-loop.sh [KILLS]   (default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
TIDINGS_KILL_LOOPS="${1:-50}" cargo test --release --test it kill_loop -- --nocapture
