//! Lays out the `sheaf` executable's code hottest first: the linker is given
//! `hot-symbols.txt`, the functions typical builds run, by instructions run,
//! most first (written by `tasks/hot-symbols.sh`, which runs builds under
//! callgrind).
//!
//! Why: the kernel maps an executable's code 64 KiB around each page a run
//! touches, and those pages count in the process's memory. The 3.9 MB of
//! functions builds run were spread over 177 such blocks of the 21 MB of
//! code (8-9.5 MiB resident); laid out together they fill 68 (4.2 MiB; see
//! `ARCHITECTURE.md`, "Start-up and resident code").
//!
//! Only where the linker is LLD, Rust's default for x86-64 Linux; names the
//! file lacks keep their place after the listed ones, and listed names the
//! build lacks (other dependency versions rename them) are skipped quietly.
//! `SHEAF_NO_SYMBOL_ORDER=1` leaves the order to the linker.

use std::{env, path::PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=hot-symbols.txt");
    println!("cargo:rerun-if-env-changed=SHEAF_NO_SYMBOL_ORDER");
    let target = |key: &str| env::var(key).unwrap_or_default();
    let lld_by_default = target("CARGO_CFG_TARGET_OS") == "linux"
        && target("CARGO_CFG_TARGET_ARCH") == "x86_64"
        && target("CARGO_CFG_TARGET_ENV") == "gnu";
    if !lld_by_default || env::var_os("SHEAF_NO_SYMBOL_ORDER").is_some() {
        return;
    }
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets the manifest dir"));
    let file = dir.join("hot-symbols.txt");
    if !file.is_file() {
        return;
    }
    println!(
        "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
        file.display()
    );
    println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
}
