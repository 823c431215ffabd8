//! The file system oxc_resolver probes: each folder's entries are read once
//! (one `readdir`), and the questions "is `dir/name` a file, a folder, a
//! link?" are answered from that list.
//!
//! Example: `import './m64'` from `core/` probes `core/m64.tsx`, `.ts`, `.jsx`
//! and `.js`. Each probe was a `statx` system call, three of them failing; now
//! `core/` is listed once and each probe is a lookup.
//!
//! Why: the 10,000-module app made 55,000 `statx` calls (35,000 for files that
//! do not exist), 4% of its CPU. esbuild and Bun list folders the same way.
//!
//! A name the list lacks but that matches an entry case-insensitively is
//! asked of the system (a case-insensitive file system finds `./App` as
//! `app.js`), as is an entry that is a symbolic link, when followed. A folder
//! that cannot be listed (no read permission) is asked about path by path.
//!
//! The lists live as long as the resolver: one build, or one rebuild of the
//! dev server. Builds with plugins do not list (`listing` off): a plugin may
//! write a file into a folder already listed, and import it.

use std::{
    borrow::Cow,
    ffi::{OsStr, OsString},
    io,
    path::{Path, PathBuf},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
};

use dashmap::DashMap;
use oxc_resolver::{FileMetadata, FileSystem, FileSystemOs, ResolveError};
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

pub struct ListedFs {
    /// By the folder's path as text: hashing a `Path` walks its components,
    /// which was a third of answering (10,000-module app). Two spellings of
    /// one folder (`a/./b`, `a/b`) are listed twice, with the same answers.
    folders: DashMap<OsString, Folder, FxBuildHasher>,
    /// Off: every question goes to the system. Shared with the resolver,
    /// which holds the file system only through oxc_resolver.
    pub(crate) listing: Arc<AtomicBool>,
}

#[derive(Clone)]
enum Folder {
    Listed(Arc<Listing>),
    /// Does not exist, or is not a folder: nothing is in it.
    Missing,
    /// Could not be listed: ask the system.
    Unlisted,
}

struct Listing {
    /// Each entry's type, the link itself for a link (what `lstat` says).
    entries: FxHashMap<OsString, FileMetadata>,
    /// Every entry's name in lower case; `None` when each already is (then
    /// `entries` serves).
    folded: Option<FxHashSet<String>>,
}

impl Listing {
    /// Whether some entry has `name`'s spelling in another case.
    fn has_folded(&self, name: &str) -> bool {
        let lower = lowercase(name);
        match &self.folded {
            Some(folded) => folded.contains(lower.as_ref()),
            None => {
                matches!(lower, Cow::Owned(_)) && self.entries.contains_key(OsStr::new(&*lower))
            }
        }
    }
}

/// `name` in lower case, borrowed when it is already (most names are).
fn lowercase(name: &str) -> Cow<'_, str> {
    match name.is_ascii() && !name.bytes().any(|b| b.is_ascii_uppercase()) {
        true => Cow::Borrowed(name),
        false => match name.to_lowercase() {
            lower if lower == name => Cow::Borrowed(name),
            lower => Cow::Owned(lower),
        },
    }
}

/// What the list says about one path.
enum Answer {
    Is(FileMetadata),
    Absent,
    AskSystem,
}

impl ListedFs {
    fn answer(&self, path: &Path) -> Answer {
        let Some((dir, name)) = split(path) else {
            return Answer::AskSystem;
        };
        if !self.listing.load(Ordering::Relaxed) || !path.is_absolute() {
            return Answer::AskSystem;
        }
        let listing = match self.folder(dir) {
            Folder::Listed(listing) => listing,
            Folder::Missing => return Answer::Absent,
            Folder::Unlisted => return Answer::AskSystem,
        };
        if let Some(entry) = listing.entries.get(name) {
            return Answer::Is(*entry);
        }
        match name.to_str() {
            Some(text) if !listing.has_folded(text) => Answer::Absent,
            _ => Answer::AskSystem,
        }
    }

    fn folder(&self, dir: &Path) -> Folder {
        if let Some(known) = self.folders.get(dir.as_os_str()) {
            return known.clone();
        }
        // What the folder's own folder says of it first: oxc_resolver looks
        // for `package.json` in a file's path too (`main.js/package.json`).
        let listed = match self.answer(dir) {
            Answer::Is(m) if !m.is_dir() && !m.is_symlink() => Folder::Missing,
            Answer::Absent => Folder::Missing,
            // Listed outside the map's lock; should two threads list one
            // folder, the first list kept is the one every later question reads.
            Answer::Is(_) | Answer::AskSystem => list(dir),
        };
        self.folders
            .entry(dir.as_os_str().to_owned())
            .or_insert(listed)
            .clone()
    }
}

/// `path`'s folder and name, as `Path::parent` and `Path::file_name` give
/// them. A path the resolver asks about is mostly plain (`/app/src/m.tsx`):
/// it is cut at its last `/`, where those walk its components from the end.
/// (Elsewhere than Unix, `\` separates too: `Path` decides.)
pub(crate) fn split(path: &Path) -> Option<(&Path, &OsStr)> {
    let plain = path.to_str().filter(|_| cfg!(unix)).and_then(|text| {
        let i = text.rfind('/')?;
        let (dir, name) = (&text[..i], &text[i + 1..]);
        let odd = matches!(name, "" | "." | "..") || dir.ends_with('/') || dir.ends_with("/.");
        match (odd, i) {
            (true, _) => None,
            (false, 0) => Some(("/", name)),
            (false, _) => Some((dir, name)),
        }
    });
    match plain {
        Some((dir, name)) => Some((Path::new(dir), OsStr::new(name))),
        None => Some((path.parent()?, path.file_name()?)),
    }
}

fn list(dir: &Path) -> Folder {
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Folder::Missing
        }
        Err(_) => return Folder::Unlisted,
    };
    let mut entries = FxHashMap::default();
    for entry in read {
        let Ok(entry) = entry else {
            return Folder::Unlisted;
        };
        let name = entry.file_name();
        let Ok(t) = entry.file_type() else {
            return Folder::Unlisted;
        };
        entries.insert(
            name,
            FileMetadata::new(t.is_file(), t.is_dir(), t.is_symlink()),
        );
    }
    let lower = |n: &OsString| {
        n.to_str()
            .is_some_and(|t| matches!(lowercase(t), Cow::Borrowed(_)))
    };
    let folded = match entries.keys().all(lower) {
        true => None,
        false => Some(
            entries
                .keys()
                .map(|n| n.to_string_lossy().to_lowercase())
                .collect(),
        ),
    };
    Folder::Listed(Arc::new(Listing { entries, folded }))
}

fn not_found() -> io::Error {
    io::Error::from(io::ErrorKind::NotFound)
}

impl FileSystem for ListedFs {
    fn new() -> Self {
        ListedFs {
            folders: DashMap::default(),
            listing: Arc::new(AtomicBool::new(true)),
        }
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        FileSystemOs::read_to_string(path)
    }

    /// Follows symbolic links.
    fn metadata(&self, path: &Path) -> io::Result<FileMetadata> {
        match self.answer(path) {
            Answer::Is(m) if !m.is_symlink() => Ok(m),
            Answer::Absent => Err(not_found()),
            Answer::Is(_) | Answer::AskSystem => FileSystemOs::metadata(path),
        }
    }

    /// The path itself: a link is a link.
    fn symlink_metadata(&self, path: &Path) -> io::Result<FileMetadata> {
        match self.answer(path) {
            Answer::Is(m) => Ok(m),
            Answer::Absent => Err(not_found()),
            Answer::AskSystem => FileSystemOs::symlink_metadata(path),
        }
    }

    fn read_link(&self, path: &Path) -> Result<PathBuf, ResolveError> {
        FileSystemOs::read_link(path)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        FileSystemOs::canonicalize(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(r: io::Result<FileMetadata>) -> Option<(bool, bool, bool)> {
        r.ok().map(|m| (m.is_file(), m.is_dir(), m.is_symlink()))
    }

    /// The quick cut gives what `Path` gives, plain or not.
    #[test]
    fn split_is_parent_and_file_name() {
        let paths = [
            "/app/src/m.tsx",
            "/m.js",
            "/",
            "/app/src/",
            "/app/src/.",
            "/app/src/..",
            "/app/./src",
            "/app/.//src",
            "/app//src",
            "/app/../src",
            "/app/src/.hidden",
            "/app/src/..x",
            "src/m.js",
            "./m.js",
            "m.js",
            ".",
            "",
        ];
        for p in paths {
            let path = Path::new(p);
            let expected = path.parent().zip(path.file_name());
            assert_eq!(split(path), expected, "{p}");
        }
    }

    /// Every question gets the system's answer: files, folders, links to
    /// each (followed or not), a dangling link, names that are not there
    /// (in a listed folder, in a missing one, under a file, differing only
    /// in case) and relative paths.
    #[test]
    fn answers_are_the_systems() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("src/deep")).unwrap();
        std::fs::write(root.join("src/a.js"), "").unwrap();
        std::fs::write(root.join("src/App.tsx"), "").unwrap();
        std::fs::write(root.join("src/deep/b.ts"), "").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(root.join("src/a.js"), root.join("src/link.js")).unwrap();
            symlink(root.join("src/deep"), root.join("src/linked")).unwrap();
            symlink(root.join("nowhere"), root.join("src/dangling")).unwrap();
        }
        let fs = ListedFs::new();
        let paths = [
            "src",
            "src/a.js",
            "src/a.ts",
            "src/App.tsx",
            "src/app.tsx",
            "src/deep",
            "src/deep/b.ts",
            "src/deep/b.js",
            "src/link.js",
            "src/linked",
            "src/linked/b.ts",
            "src/linked/c.ts",
            "src/dangling",
            "missing/a.js",
            "src/a.js/x",
            "",
        ];
        for _ in 0..2 {
            for rel in paths {
                let path = root.join(rel);
                assert_eq!(
                    seen(fs.metadata(&path)),
                    seen(FileSystemOs::metadata(&path)),
                    "metadata {rel}"
                );
                assert_eq!(
                    seen(fs.symlink_metadata(&path)),
                    seen(FileSystemOs::symlink_metadata(&path)),
                    "symlink_metadata {rel}"
                );
            }
        }
        let relative = Path::new("src/a.js");
        assert_eq!(
            seen(fs.metadata(relative)),
            seen(FileSystemOs::metadata(relative))
        );
        // Answers come from the lists: a file added after its folder was
        // listed is not seen (a resolver lives for one build).
        std::fs::write(root.join("src/late.js"), "").unwrap();
        assert!(fs.metadata(&root.join("src/late.js")).is_err());
        fs.listing.store(false, Ordering::Relaxed);
        assert!(fs.metadata(&root.join("src/late.js")).is_ok());
    }
}
