# Presale's system dependencies, in one place. Sourced by run.sh and test.sh.
# Debian 12 (bookworm) package names; other systems: see README.md.

# To build and run the app: a C toolchain, WebKitGTK 4.1 (which brings GTK 3) and a CJK font
# (without one, Chinese renders as empty boxes).
# libssl-dev: TLS to the insurer's PostgreSQL (fleet sync).
RUN_PACKAGES="build-essential pkg-config libwebkit2gtk-4.1-dev libssl-dev fonts-noto-cjk"
# To test it: a virtual X server, the WebKit WebDriver that tauri-driver talks to, and Node.js with
# npm for the accessibility checker (axe-core) the end-to-end tests inject; ImageMagick's `import`
# grabs the screen for PRESALE_SCREENSHOTS=1.
# PostgreSQL 15 (Debian 12's) for the private cluster the fleet tests run against.
TEST_PACKAGES="$RUN_PACKAGES xvfb xauth webkit2gtk-driver imagemagick postgresql"
# tauri-driver from crates.io, 2.x (3.0 alphas exist and are not for Tauri 2).
TAURI_DRIVER_VERSION="2.1.0"

say() { printf '==> %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else say "need root to run: $*"; return 1
    fi
}

# Installs whichever of the given Debian packages are missing; quick when none is.
ensure_packages() {
    missing=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        say "missing system packages:$missing (this script knows Debian's apt; see README.md for other systems)"
        return 1
    fi
    say "installing:$missing"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

# Node.js and npm, only when the machine has no npm already.
ensure_npm() {
    command -v npm >/dev/null 2>&1 || ensure_packages nodejs npm
}

# rustfmt and clippy: rustup's minimal profile leaves them out.
ensure_rust_components() {
    command -v rustup >/dev/null 2>&1 || return 0
    for c in rustfmt clippy; do
        rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
    done
}

ensure_tauri_driver() {
    if command -v tauri-driver >/dev/null 2>&1 && tauri-driver --help 2>&1 | grep -q -- --native-port; then
        return 0
    fi
    say "installing tauri-driver $TAURI_DRIVER_VERSION"
    cargo install --locked tauri-driver --version "$TAURI_DRIVER_VERSION"
}
