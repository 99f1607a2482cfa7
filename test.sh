#!/bin/sh
# Installs what is missing on Debian 12, then runs the whole test suite: formatting, lints, the
# content check, unit and integration tests, and the end-to-end tests that drive the real window
# through tauri-driver under Xvfb. Extra arguments go to `cargo test`.
# PRESALE_SCREENSHOTS=1 ./test.sh also saves screenshots of the main screens under target/.
set -eu
cd "$(dirname "$0")"
. scripts/deps.sh
command -v cargo >/dev/null 2>&1 || { say "install the Rust toolchain first: https://rustup.rs"; exit 1; }
ensure_packages $TEST_PACKAGES
ensure_npm
ensure_rust_components
ensure_tauri_driver
export PATH="$HOME/.cargo/bin:$PATH"

# axe-core (the accessibility rules the end-to-end tests inject) comes from the npm registry at the
# version pinned in tests/e2e/package-lock.json; it is not committed.
if [ ! -f tests/e2e/node_modules/axe-core/axe.min.js ]; then
    say "npm ci (axe-core)"
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

say "cargo fmt --check"
cargo fmt --all --check
say "cargo clippy -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings
say "the domain crate does not depend on tauri"
if cargo tree -p presale-core -e normal --prefix none | grep -q '^tauri'; then
    say "presale-core depends on tauri: domain code must stay free of it (see README.md)"
    exit 1
fi
say "presale check-content content/"
cargo run -q -p presale -- check-content content
say "cargo build (the binary the end-to-end tests drive)"
cargo build -p presale
say "a private PostgreSQL for the fleet tests (scripts/pg-test-cluster.sh)"
PRESALE_TEST_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/presale-pg.XXXXXX")"
# Stopped and removed however the run ends (a failing test, Ctrl-C).
trap 'scripts/pg-test-cluster.sh stop "$PRESALE_TEST_PG_DIR"' EXIT
trap 'exit 130' INT TERM
if ! PRESALE_TEST_PG_URL="$(scripts/pg-test-cluster.sh start "$PRESALE_TEST_PG_DIR")"; then
    say "the private PostgreSQL did not start (see above): the fleet tests need it"
    exit 1
fi
# REQUIRED: a fleet test fails rather than skips when it finds no server here.
PRESALE_TEST_PG_REQUIRED=1
export PRESALE_TEST_PG_URL PRESALE_TEST_PG_DIR PRESALE_TEST_PG_REQUIRED
# Fuzzing needs a nightly toolchain and cargo-fuzz (libFuzzer). Where both can be had, each target
# runs a few seconds; where not (no nightly here, and rustup cannot fetch one offline), the stable
# property tests of the same parsers still run with `cargo test` below.
if cargo +nightly --version >/dev/null 2>&1; then
    command -v cargo-fuzz >/dev/null 2>&1 || { say "installing cargo-fuzz"; cargo install --locked cargo-fuzz; }
    say "cargo fuzz: a short run of each target (${PRESALE_FUZZ_SECS:-5} s)"
    # A fixed seed and an empty corpus: every run explores the same inputs first, so a failure
    # here is reproducible (longer runs with their own corpus: tests/README.md, "Fuzzing").
    for target in $(cd fuzz && cargo +nightly fuzz list); do
        corpus="$(mktemp -d "${TMPDIR:-/tmp}/presale-fuzz.XXXXXX")"
        (cd fuzz && cargo +nightly fuzz run "$target" "$corpus" -- -seed=1 -max_total_time="${PRESALE_FUZZ_SECS:-5}" -rss_limit_mb=4096 >/dev/null 2>fuzz-"$target".log) \
            || { say "fuzz target $target failed:"; tail -40 fuzz/fuzz-"$target".log >&2; rm -rf "$corpus"; exit 1; }
        rm -rf "$corpus" fuzz/fuzz-"$target".log
    done
else
    say "cargo fuzz skipped: no nightly toolchain (the stable property tests still run)"
fi
say "cargo test (unit, integration, end-to-end)"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    cargo test --workspace "$@"
else
    xvfb-run -a -s "-screen 0 1280x800x24" cargo test --workspace "$@"
fi
