#!/bin/sh
# Installs what is missing on Debian 12, builds Presale and starts it. Arguments go to the app,
# e.g. ./run.sh --kiosk, or ./run.sh --help.
set -eu
cd "$(dirname "$0")"
. scripts/deps.sh
command -v cargo >/dev/null 2>&1 || { say "install the Rust toolchain first: https://rustup.rs"; exit 1; }
ensure_packages $RUN_PACKAGES
exec cargo run --release -p presale -- "$@"
