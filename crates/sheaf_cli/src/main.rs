//! The `sheaf` binary: see `sheaf --help`.

use std::io::IsTerminal;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

// Bundling allocates and frees millions of small AST nodes across threads;
// glibc's malloc spent about a quarter of the run in its own bookkeeping.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    sheaf_bundler::install_quiet_panic_hook();
    let cwd = std::env::current_dir().expect("the working directory is readable");
    let color = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut stderr = StandardStream::stderr(color);
    let mut stdout = std::io::stdout();
    let code = sheaf_cli::run(
        std::env::args_os().skip(1).collect(),
        &cwd,
        &mut stdout,
        &mut stderr,
    );
    std::process::exit(code);
}
