//! Shared by the test binaries (included with `#[path]`): where the repository is.

use std::path::{Path, PathBuf};

/// The repository root, from the sheaf_cli crate the tests are compiled in.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}
