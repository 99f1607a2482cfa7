//! The `presale` binary: the desktop app with no arguments, the admin command line with a subcommand.

fn main() {
    std::process::exit(presale_app::cli::main());
}
