//! `antidotectl`: the entry point. Everything else lives in the library half of this crate.

// glibc's allocator spends a fifth of validation time in malloc and free across threads;
// mimalloc does not (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    antidotectl::main()
}
