//! The keys the output must name, in first-use order, each with the modules
//! that refer to it (and the local name each of them used).
//!
//! Example: `main` imports `x` from `a`; binding records `Key::Local(a, x)`
//! with referrers `a` (its declaration) and `main` (as `x`). Naming then walks
//! the keys in the order they were first referred to.
//!
//! Why not an `IndexMap`: nearly every key is a module's own symbol, looked up
//! once per reference while binding. Those positions live in a flat table by
//! module and symbol, and factories', initializers' and `import_x`s' in slots
//! by module (see `key_map.rs`), read in module order; only the few other
//! keys (externals, helpers…) are hashed. Entering every
//! reference into an `IndexMap` was two fifths of `bind` on 10,000 modules;
//! with the flat table `bind` takes a tenth less.

use rustc_hash::FxHashMap;

use super::{key_map::KeyMap, Key, Referrers};
use crate::graph::{ModuleGraph, ModuleIdx};

pub(super) struct Refs<'a> {
    /// Keys in first-use order, with their referrers.
    entries: Vec<(Key, Referrers<'a>)>,
    /// The position in `entries` of each key.
    positions: KeyMap<u32>,
}

impl<'a> Refs<'a> {
    pub fn new(graph: &'a ModuleGraph) -> Self {
        Refs {
            entries: Vec::new(),
            positions: KeyMap::new(graph),
        }
    }

    /// Room for `keys` keys, `others` of them not modules' own symbols
    /// (growing the tables step by step copied them into new pages each time).
    /// The others mostly have slots by module (`key_map.rs`).
    pub fn reserve(&mut self, keys: usize, others: usize) {
        self.entries.reserve(keys);
        self.positions.reserve_locals(keys.saturating_sub(others));
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Where `key` is in first-use order.
    pub fn get_index_of(&self, key: &Key) -> Option<usize> {
        self.positions.get(key).map(|&i| i as usize)
    }

    /// The referrers of `key`, which is added (with none) if it is new.
    pub fn entry(&mut self, key: Key) -> &mut Referrers<'a> {
        let i = match self.get_index_of(&key) {
            Some(i) => i,
            None => {
                let i = self.entries.len();
                self.set_position(&key, i);
                self.entries.push((key, Referrers::new()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// `module` refers to `key` as `local`.
    pub fn push(&mut self, key: Key, module: ModuleIdx, local: super::Local<'a>) {
        self.entry(key).push((module, local));
    }

    /// The keys and their referrers, in first-use order.
    pub fn entries(&self) -> &[(Key, Referrers<'a>)] {
        &self.entries
    }

    pub fn iter(&self) -> <&Refs<'a> as IntoIterator>::IntoIter {
        self.into_iter()
    }

    pub fn keys(&self) -> impl ExactSizeIterator<Item = &Key> + use<'_, 'a> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// Removes the keys at the `dropped` positions, but for each `first → d`
    /// of `moves` (`first < d`, both dropped) the key at `d` takes the place of
    /// the one at `first`. In place: entries shift as in `Vec::retain`.
    pub fn compact(&mut self, dropped: &[bool], moves: &FxHashMap<usize, usize>) {
        let moving: rustc_hash::FxHashSet<usize> = moves.values().copied().collect();
        let first_moved = dropped.iter().position(|&d| d).unwrap_or(dropped.len());
        for (i, (key, _)) in self.entries.iter().enumerate().skip(first_moved) {
            if dropped[i] && !moving.contains(&i) {
                self.positions.remove(key);
            }
        }
        let mut w = first_moved;
        for (r, &gone) in dropped.iter().enumerate().skip(first_moved) {
            if let Some(&d) = moves.get(&r) {
                self.entries.swap(r, d);
            } else if gone {
                continue;
            }
            self.entries.swap(w, r);
            w += 1;
        }
        self.entries.truncate(w);
        self.reindex(first_moved..w);
    }

    /// Records the positions of the keys in `range` of `entries`, which have
    /// moved (every key there already has a position).
    fn reindex(&mut self, range: std::ops::Range<usize>) {
        let start = range.start;
        for (i, (key, _)) in self.entries[range].iter().enumerate() {
            let i = u32::try_from(start + i).expect("fewer than 2^32 keys");
            *self
                .positions
                .get_mut(key)
                .expect("every key has a position") = i;
        }
    }

    fn set_position(&mut self, key: &Key, i: usize) {
        let i = u32::try_from(i).expect("fewer than 2^32 keys");
        self.positions.insert(key.clone(), i);
    }
}

impl<'a> std::ops::Index<usize> for Refs<'a> {
    type Output = Referrers<'a>;
    fn index(&self, i: usize) -> &Referrers<'a> {
        &self.entries[i].1
    }
}

impl std::ops::IndexMut<usize> for Refs<'_> {
    fn index_mut(&mut self, i: usize) -> &mut Self::Output {
        &mut self.entries[i].1
    }
}

impl<'r, 'a> IntoIterator for &'r Refs<'a> {
    type Item = (&'r Key, &'r Referrers<'a>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'r, (Key, Referrers<'a>)>,
        fn(&'r (Key, Referrers<'a>)) -> (&'r Key, &'r Referrers<'a>),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, r)| (k, r))
    }
}
