//! The `antidote` daemon: runs one service per process.

fn main() {}
