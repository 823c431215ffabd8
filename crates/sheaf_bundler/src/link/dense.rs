//! Link's tables by module, by symbol and by import record, as flat vectors
//! instead of hash maps.
//!
//! Example: whether symbol 3 of module 7 is used is `used[offset(7) + 3]`, where
//! `offset(7)` is the number of symbols of modules 0 to 6.
//!
//! Why: the passes look every symbol up at least once (binding targets, used
//! symbols, names), and every import record (where its code runs). In hash maps
//! of 100,000 and more entries each lookup was a cache miss, a third of link on
//! 10,000 modules; passes go in module order, so slots next to each other are
//! read one after the other.

use std::marker::PhantomData;

use crate::graph::{Module, ModuleGraph, ModuleIdx};

/// What a flat table has a slot for in each module.
pub trait Items {
    fn count(module: &Module) -> usize;
}

/// A slot per top-level symbol (`SymbolIdx`).
pub struct Symbols;

/// A slot per import record.
pub struct Records;

impl Items for Symbols {
    fn count(module: &Module) -> usize {
        module.info.symbols.len()
    }
}

impl Items for Records {
    fn count(module: &Module) -> usize {
        module.info.records.len()
    }
}

/// Where each module's items start in a flat table.
struct Offsets(Vec<u32>);

impl Offsets {
    fn new<K: Items>(graph: &ModuleGraph) -> Self {
        Self::from_counts(graph.modules.iter().map(K::count))
    }

    /// Offsets of modules with `counts` items each, in module order.
    fn from_counts(counts: impl ExactSizeIterator<Item = usize>) -> Self {
        let mut offsets = Vec::with_capacity(counts.len() + 1);
        let mut total = 0u32;
        offsets.push(0);
        for count in counts {
            total += u32::try_from(count).expect("fewer than 2^32 items");
            offsets.push(total);
        }
        Offsets(offsets)
    }

    fn total(&self) -> usize {
        *self.0.last().expect("one offset past the last module") as usize
    }

    /// The slot of item `i` of module `m`.
    fn slot(&self, m: ModuleIdx, i: u32) -> usize {
        let start = self.0[m.index()];
        assert!(
            start + i < self.0[m.index() + 1],
            "item {i} of module {} is out of range",
            m.0
        );
        (start + i) as usize
    }
}

/// A value per item (`K`: symbol or record) of every module of the graph.
///
/// The slots hold positions into `values`, which has only the values set: a
/// slot is 4 zero bytes until set, and zeroed memory is the kernel's zero page
/// until written. Slots of `Option<T>` written up front (a `Target` is 56
/// bytes, for 150,000 symbols) cost a quarter of link in page faults.
pub struct Flat<K, T> {
    offsets: Offsets,
    /// 0: no value; `i + 1`: `values[i]`.
    slots: Vec<u32>,
    values: Vec<T>,
    items: PhantomData<K>,
}

pub type SymbolMap<T> = Flat<Symbols, T>;
pub type RecordMap<T> = Flat<Records, T>;

impl<K: Items, T> Flat<K, T> {
    pub fn new(graph: &ModuleGraph) -> Self {
        Self::with_offsets(Offsets::new::<K>(graph))
    }

    /// A table for modules with `counts` items each (tests build no graph).
    #[cfg(test)]
    pub fn for_counts(counts: &[usize]) -> Self {
        Self::with_offsets(Offsets::from_counts(counts.iter().copied()))
    }

    fn with_offsets(offsets: Offsets) -> Self {
        Flat {
            slots: vec![0; offsets.total()],
            offsets,
            values: Vec::new(),
            items: PhantomData,
        }
    }

    /// Room for `additional` more values.
    pub fn reserve(&mut self, additional: usize) {
        self.values.reserve(additional);
    }

    pub fn get(&self, m: ModuleIdx, i: u32) -> Option<&T> {
        match self.slots[self.offsets.slot(m, i)] {
            0 => None,
            v => Some(&self.values[v as usize - 1]),
        }
    }

    pub fn get_mut(&mut self, m: ModuleIdx, i: u32) -> Option<&mut T> {
        match self.slots[self.offsets.slot(m, i)] {
            0 => None,
            v => Some(&mut self.values[v as usize - 1]),
        }
    }

    pub fn insert(&mut self, m: ModuleIdx, i: u32, value: T) {
        let slot = self.offsets.slot(m, i);
        match self.slots[slot] {
            0 => {
                self.values.push(value);
                self.slots[slot] =
                    u32::try_from(self.values.len()).expect("fewer than 2^32 values");
            }
            v => self.values[v as usize - 1] = value,
        }
    }

    /// Forgets the value of item `i` of module `m` (its storage is kept until
    /// the table is dropped).
    pub fn remove(&mut self, m: ModuleIdx, i: u32) {
        let slot = self.offsets.slot(m, i);
        self.slots[slot] = 0;
    }
}

/// A set of symbols of the graph's modules.
pub struct SymbolSet {
    offsets: Offsets,
    members: Vec<bool>,
}

impl SymbolSet {
    pub fn new(graph: &ModuleGraph) -> Self {
        let offsets = Offsets::new::<Symbols>(graph);
        let members = vec![false; offsets.total()];
        SymbolSet { offsets, members }
    }

    pub fn contains(&self, m: ModuleIdx, s: sheaf_ecma::SymbolIdx) -> bool {
        self.members[self.offsets.slot(m, s)]
    }

    /// Adds the symbol; false if it was there already.
    pub fn insert(&mut self, m: ModuleIdx, s: sheaf_ecma::SymbolIdx) -> bool {
        let slot = self.offsets.slot(m, s);
        !std::mem::replace(&mut self.members[slot], true)
    }
}

/// A value per module of the graph.
pub struct ModuleMap<T>(Vec<Option<T>>);

impl<T> ModuleMap<T> {
    pub fn new(graph: &ModuleGraph) -> Self {
        Self::with_len(graph.modules.len())
    }

    /// A slot for each of `modules` modules.
    pub fn with_len(modules: usize) -> Self {
        ModuleMap(std::iter::repeat_with(|| None).take(modules).collect())
    }

    pub fn get(&self, m: ModuleIdx) -> Option<&T> {
        self.0[m.index()].as_ref()
    }

    pub fn get_mut(&mut self, m: ModuleIdx) -> Option<&mut T> {
        self.0[m.index()].as_mut()
    }

    pub fn insert(&mut self, m: ModuleIdx, value: T) {
        self.0[m.index()] = Some(value);
    }

    pub fn remove(&mut self, m: ModuleIdx) -> Option<T> {
        self.0[m.index()].take()
    }
}

#[cfg(test)]
mod tests {
    use super::Offsets;
    use crate::graph::ModuleIdx;

    #[test]
    fn each_symbol_has_its_own_slot() {
        // Modules of 2, 0 and 3 symbols.
        let offsets = Offsets(vec![0, 2, 2, 5]);
        let slots: Vec<usize> = [(0, 0), (0, 1), (2, 0), (2, 1), (2, 2)]
            .iter()
            .map(|&(m, s)| offsets.slot(ModuleIdx(m), s))
            .collect();
        assert_eq!(slots, [0, 1, 2, 3, 4]);
        assert_eq!(offsets.total(), 5);
    }

    #[test]
    #[should_panic(expected = "out of range")]
    fn a_symbol_past_its_module_is_caught() {
        Offsets(vec![0, 2, 2, 5]).slot(ModuleIdx(0), 2);
    }
}
