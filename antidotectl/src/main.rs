//! `antidotectl`: the entry point. Everything else lives in the library half of this crate.

fn main() -> std::process::ExitCode {
    antidotectl::main()
}
