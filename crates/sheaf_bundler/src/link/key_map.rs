//! A map from the keys the output names (`Key`) to values, with the keys a
//! module has at most one of (or nearly always one of) in slots by module.
//!
//! Example: `Key::Local(m, s)` is slot `s` of module `m` in a flat table;
//! `Key::LazyInit(m)` and `Key::CjsFactory(m)` are slot `m` of their own
//! tables; `Key::CjsImport(m, react)` is `m`'s slot of the import table when
//! it is `m`'s first (usually only) CommonJS import, else hashed. Every other
//! key (externals, chunk variables, helpers) is hashed.
//!
//! Why: the references (`refs.rs`) and the names (`names.rs`) are looked up
//! once per key per referrer, in module order. In a hash map the 10,000-module
//! app's 10,000 `import_react`s and lazy modules' `init_x`s were a cache miss
//! each, and comparing keys was 6% of the plans.

use rustc_hash::FxHashMap;

use super::{
    dense::{ModuleMap, SymbolMap},
    Key,
};
use crate::graph::{ModuleGraph, ModuleIdx};

pub(super) struct KeyMap<T> {
    locals: SymbolMap<T>,
    factories: ModuleMap<T>,
    inits: ModuleMap<T>,
    /// By importing module: its first CommonJS import's target and value.
    imports: ModuleMap<(ModuleIdx, T)>,
    others: FxHashMap<Key, T>,
    /// How many of `others` are `Key::CjsImport` (a module's second and later).
    spilled_imports: usize,
}

impl<T> KeyMap<T> {
    pub fn new(graph: &ModuleGraph) -> Self {
        Self::with(SymbolMap::new(graph), graph.modules.len())
    }

    fn with(locals: SymbolMap<T>, modules: usize) -> Self {
        KeyMap {
            locals,
            factories: ModuleMap::with_len(modules),
            inits: ModuleMap::with_len(modules),
            imports: ModuleMap::with_len(modules),
            others: FxHashMap::default(),
            spilled_imports: 0,
        }
    }

    /// Room for `locals` more values of modules' own symbols.
    pub fn reserve_locals(&mut self, locals: usize) {
        self.locals.reserve(locals);
    }

    pub fn get(&self, key: &Key) -> Option<&T> {
        match key {
            Key::Local(m, s) => self.locals.get(*m, *s),
            Key::CjsFactory(m) => self.factories.get(*m),
            Key::LazyInit(m) => self.inits.get(*m),
            Key::CjsImport(via, t) => match self.imports.get(*via) {
                Some((first, value)) if first == t => Some(value),
                _ if self.spilled_imports == 0 => None,
                _ => self.others.get(key),
            },
            _ => self.others.get(key),
        }
    }

    pub fn get_mut(&mut self, key: &Key) -> Option<&mut T> {
        match key {
            Key::Local(m, s) => self.locals.get_mut(*m, *s),
            Key::CjsFactory(m) => self.factories.get_mut(*m),
            Key::LazyInit(m) => self.inits.get_mut(*m),
            Key::CjsImport(via, t) => match self.imports.get_mut(*via) {
                Some((first, value)) if first == t => Some(value),
                _ => self.others.get_mut(key),
            },
            _ => self.others.get_mut(key),
        }
    }

    pub fn insert(&mut self, key: Key, value: T) {
        match key {
            Key::Local(m, s) => self.locals.insert(m, s, value),
            Key::CjsFactory(m) => self.factories.insert(m, value),
            Key::LazyInit(m) => self.inits.insert(m, value),
            Key::CjsImport(via, t) => match self.imports.get_mut(via) {
                Some((first, slot)) if *first == t => *slot = value,
                Some(_) => {
                    if self.others.insert(key, value).is_none() {
                        self.spilled_imports += 1;
                    }
                }
                None => {
                    // A value hashed while the slot held another target.
                    if self.spilled_imports > 0 && self.others.remove(&key).is_some() {
                        self.spilled_imports -= 1;
                    }
                    self.imports.insert(via, (t, value));
                }
            },
            key => {
                self.others.insert(key, value);
            }
        }
    }

    pub fn remove(&mut self, key: &Key) {
        match key {
            Key::Local(m, s) => self.locals.remove(*m, *s),
            Key::CjsFactory(m) => {
                self.factories.remove(*m);
            }
            Key::LazyInit(m) => {
                self.inits.remove(*m);
            }
            Key::CjsImport(via, t) => match self.imports.get(*via) {
                Some((first, _)) if first == t => {
                    self.imports.remove(*via);
                }
                _ => {
                    if self.others.remove(key).is_some() {
                        self.spilled_imports -= 1;
                    }
                }
            },
            key => {
                self.others.remove(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three modules of two symbols each.
    fn map() -> KeyMap<usize> {
        KeyMap::with(SymbolMap::for_counts(&[2, 2, 2]), 3)
    }

    #[test]
    fn each_kind_of_key_is_found_changed_and_removed() {
        let m = ModuleIdx;
        let mut map = map();
        let keys = [
            Key::Local(m(2), 1),
            Key::CjsFactory(m(1)),
            Key::LazyInit(m(1)),
            Key::CjsImport(m(0), m(1)),
            Key::CjsImport(m(0), m(2)),
            Key::CjsImport(m(2), m(1)),
            Key::external_module("fs".into(), false),
        ];
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(map.get(key), None);
            map.insert(key.clone(), i);
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(map.get(key), Some(&i), "{key:?}");
            *map.get_mut(key).unwrap() += 10;
            assert_eq!(map.get(key), Some(&(i + 10)));
        }
        assert_eq!(map.get(&Key::CjsFactory(m(0))), None);
        assert_eq!(map.get(&Key::CjsImport(m(1), m(0))), None);
        for key in &keys {
            map.remove(key);
            assert_eq!(map.get(key), None, "{key:?}");
        }
    }

    /// A module's second import, hashed while the first held the slot, then
    /// entered again once the slot is free: one value, the new one.
    #[test]
    fn an_import_entered_again_after_the_slot_freed_has_one_value() {
        let m = ModuleIdx;
        let mut map = map();
        let (first, second) = (Key::CjsImport(m(0), m(1)), Key::CjsImport(m(0), m(2)));
        map.insert(first.clone(), 1);
        map.insert(second.clone(), 2);
        map.remove(&first);
        map.insert(second.clone(), 3);
        assert_eq!(map.get(&second), Some(&3));
        map.remove(&second);
        assert_eq!(map.get(&second), None);
        assert_eq!(map.spilled_imports, 0);
    }
}
