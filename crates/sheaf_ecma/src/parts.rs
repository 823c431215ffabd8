//! A module's parts (its top-level statements, the units of tree shaking) as
//! the linker reads them: every part's lists in a few flat vectors of the
//! module, and per part only where each list starts.
//!
//! Example: parts `const a = b` (declares 1, uses 2) and `f(a)` (uses 1, 3)
//! are held as `symbols = [1, 2, 1, 3]` with heads saying that part 0's
//! `declares` is `[0..1]` and its `uses` `[1..2]`, part 1's `uses` `[2..4]`.
//! `parts.get(1).uses` is `&[1, 3]`.
//!
//! Why: a `Part` as analysis builds it is seven `Vec`s (176 bytes), and a heap
//! block for each list that is not empty. The 10,000-module app has about
//! 90,000 parts, kept from scan to the end of the build: tens of MiB written
//! once (a page fault every 4 KiB) and read by tree shaking and the plans one
//! scattered block at a time. Flat, a part is 32 bytes and its lists sit next
//! to those of the parts around it.

use crate::analyze::SymbolIdx;

/// One top-level statement, as analysis builds it (see [`Parts`] for how it
/// is kept).
#[derive(Clone, Debug, Default)]
pub struct Part {
    /// Top-level symbols this statement declares.
    pub declares: Vec<SymbolIdx>,
    /// Top-level symbols (declared or imported) it reads or writes.
    pub uses: Vec<SymbolIdx>,
    /// Import symbols it reads as `binding.prop`.
    pub member_uses: Vec<(SymbolIdx, String)>,
    /// Import symbols it uses other than as `binding.prop`.
    pub value_uses: Vec<SymbolIdx>,
    /// `require()` and `import()` records inside it.
    pub records: Vec<u32>,
    /// Whether running it can be observed beyond the bindings it declares.
    pub side_effects: bool,
    /// It is pure only if each of these symbols (called in it) is a function
    /// declared `/*#__NO_SIDE_EFFECTS__*/`, possibly in another module.
    pub pure_if_calls_pure: Vec<SymbolIdx>,
    /// CommonJS: the export names this statement assigns (`exports.a = …`,
    /// `exports.a = exports.b = void 0`, `Object.defineProperty(exports, "a", …)`).
    pub cjs_exports: Vec<String>,
}

/// One part of [`Parts`]: its lists (the fields of [`Part`]), each found
/// when asked for (most passes read one or two of them).
#[derive(Clone, Copy, Debug)]
pub struct PartRef<'a> {
    parts: &'a Parts,
    i: usize,
}

impl<'a> PartRef<'a> {
    pub fn declares(self) -> &'a [SymbolIdx] {
        self.parts.symbols(self.i, DECLARES)
    }

    pub fn uses(self) -> &'a [SymbolIdx] {
        self.parts.symbols(self.i, USES)
    }

    pub fn value_uses(self) -> &'a [SymbolIdx] {
        self.parts.symbols(self.i, VALUE_USES)
    }

    pub fn pure_if_calls_pure(self) -> &'a [SymbolIdx] {
        self.parts.symbols(self.i, PURE_IF)
    }

    pub fn records(self) -> &'a [u32] {
        let range = self
            .parts
            .range(self.i, |h| h.records, self.parts.records.len());
        &self.parts.records[range]
    }

    pub fn member_uses(self) -> &'a [(SymbolIdx, String)] {
        let range = (self.parts).range(self.i, |h| h.member_uses, self.parts.member_uses.len());
        &self.parts.member_uses[range]
    }

    pub fn cjs_exports(self) -> &'a [String] {
        let range = (self.parts).range(self.i, |h| h.cjs_exports, self.parts.cjs_exports.len());
        &self.parts.cjs_exports[range]
    }

    pub fn side_effects(self) -> bool {
        self.parts.heads[self.i].side_effects
    }
}

/// The symbol lists of a part, in the order they are stored in `symbols`.
const DECLARES: usize = 0;
const USES: usize = 1;
const VALUE_USES: usize = 2;
const PURE_IF: usize = 3;

/// Where each list of a part starts; it ends where the next list (or the next
/// part's) starts.
#[derive(Clone, Copy, Debug)]
struct Head {
    symbols: [u32; 4],
    records: u32,
    member_uses: u32,
    cjs_exports: u32,
    side_effects: bool,
}

/// A module's parts, in order (empty for CommonJS but for its export facts).
#[derive(Clone, Debug, Default)]
pub struct Parts {
    heads: Vec<Head>,
    symbols: Vec<SymbolIdx>,
    records: Vec<u32>,
    member_uses: Vec<(SymbolIdx, String)>,
    cjs_exports: Vec<String>,
}

impl Parts {
    pub fn new(parts: Vec<Part>) -> Self {
        let count = |f: fn(&Part) -> usize| parts.iter().map(f).sum::<usize>();
        let symbols = count(|p| {
            p.declares.len() + p.uses.len() + p.value_uses.len() + p.pure_if_calls_pure.len()
        });
        let mut flat = Parts {
            heads: Vec::with_capacity(parts.len()),
            symbols: Vec::with_capacity(symbols),
            records: Vec::with_capacity(count(|p| p.records.len())),
            member_uses: Vec::with_capacity(count(|p| p.member_uses.len())),
            cjs_exports: Vec::with_capacity(count(|p| p.cjs_exports.len())),
        };
        for p in parts {
            let mut starts = [0u32; 4];
            for (k, list) in [p.declares, p.uses, p.value_uses, p.pure_if_calls_pure]
                .into_iter()
                .enumerate()
            {
                starts[k] = offset(flat.symbols.len());
                flat.symbols.extend(list);
            }
            flat.heads.push(Head {
                symbols: starts,
                records: offset(flat.records.len()),
                member_uses: offset(flat.member_uses.len()),
                cjs_exports: offset(flat.cjs_exports.len()),
                side_effects: p.side_effects,
            });
            flat.records.extend(p.records);
            flat.member_uses.extend(p.member_uses);
            flat.cjs_exports.extend(p.cjs_exports);
        }
        flat
    }

    pub fn len(&self) -> usize {
        self.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// Part `i` (panics past the last, as indexing does).
    pub fn get(&self, i: usize) -> PartRef<'_> {
        assert!(i < self.heads.len(), "part {i} of {}", self.heads.len());
        PartRef { parts: self, i }
    }

    /// List `k` of part `i`'s symbol lists.
    fn symbols(&self, i: usize, k: usize) -> &[SymbolIdx] {
        let head = &self.heads[i];
        let end = match (k, self.heads.get(i + 1)) {
            (PURE_IF, Some(next)) => next.symbols[DECLARES],
            (PURE_IF, None) => offset(self.symbols.len()),
            _ => head.symbols[k + 1],
        };
        &self.symbols[head.symbols[k] as usize..end as usize]
    }

    /// Part `i`'s range of a list whose start is `of` its head (`total`: the
    /// list's length, the end of the last part's).
    fn range(&self, i: usize, of: fn(&Head) -> u32, total: usize) -> std::ops::Range<usize> {
        let end = self.heads.get(i + 1).map_or(offset(total), of);
        of(&self.heads[i]) as usize..end as usize
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = PartRef<'_>> + DoubleEndedIterator + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 items in a module's parts")
}

#[cfg(test)]
mod tests {
    use super::{Part, Parts};

    fn part(declares: &[u32], uses: &[u32], records: &[u32], exports: &[&str]) -> Part {
        Part {
            declares: declares.to_vec(),
            uses: uses.to_vec(),
            value_uses: uses.iter().copied().filter(|s| s % 2 == 1).collect(),
            pure_if_calls_pure: declares.iter().map(|s| s + 10).collect(),
            records: records.to_vec(),
            member_uses: uses.iter().map(|&s| (s, format!("m{s}"))).collect(),
            cjs_exports: exports.iter().map(|e| e.to_string()).collect(),
            side_effects: records.is_empty(),
        }
    }

    #[test]
    fn every_part_reads_back_as_built() {
        // Empty lists first, last and in the middle of the run.
        let built = vec![
            part(&[], &[], &[], &[]),
            part(&[1], &[2, 3], &[0], &["a"]),
            part(&[], &[1], &[], &[]),
            part(&[4, 5], &[], &[1, 2], &["b", "c"]),
            part(&[6], &[7], &[], &[]),
            part(&[], &[], &[], &[]),
        ];
        let parts = Parts::new(built.clone());
        assert_eq!(parts.len(), built.len());
        for (p, b) in parts.iter().zip(&built) {
            assert_eq!(p.declares(), &b.declares[..]);
            assert_eq!(p.uses(), &b.uses[..]);
            assert_eq!(p.value_uses(), &b.value_uses[..]);
            assert_eq!(p.pure_if_calls_pure(), &b.pure_if_calls_pure[..]);
            assert_eq!(p.records(), &b.records[..]);
            assert_eq!(p.member_uses(), &b.member_uses[..]);
            assert_eq!(p.cjs_exports(), &b.cjs_exports[..]);
            assert_eq!(p.side_effects(), b.side_effects);
        }
        assert_eq!(
            parts.iter().next_back().map(|p| p.declares().len()),
            Some(0)
        );
    }

    #[test]
    fn no_parts() {
        let parts = Parts::new(Vec::new());
        assert!(parts.is_empty());
        assert_eq!(parts.iter().count(), 0);
    }
}
