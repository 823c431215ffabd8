//! Constant arrays folded into their readers: `NAME.length` and `NAME[i]` of
//! another module's `const NAME = [ … ]` become the value itself.
//!
//! Example: `lucide`'s icons are `const Camera = [["path", …], ["circle", …]]`;
//! `import { Camera } from 'lucide'; console.log(Camera.length)` prints `2`,
//! and the icon's data, which nothing else reads, is tree-shaken (rolldown
//! folds the same reads, and its `table[1]` of a constant array).
//!
//! Why it waits for binding to finish: the value is constant only if nothing can
//! change the array, so every other use of it anywhere (a value use, a read of
//! another property, an entry's export, a namespace object holding it) keeps it
//! as it is, for every reader. Such uses all pass through `use_target`, which
//! records them; the reads are settled once every binding is known.

use rustc_hash::FxHashMap;
use sheaf_ecma::{ConstValue, Replacement, SymbolIdx};

use super::{Linker, Target};
use crate::graph::ModuleIdx;

impl Linker<'_> {
    /// The array `target` names, if it is a constant one.
    fn const_array(&self, target: &Target) -> Option<&sheaf_ecma::ConstArray> {
        match target {
            Target::Symbol(t, s) => self.graph.module(*t).info.const_arrays.get(s),
            _ => None,
        }
    }

    /// Whether import `s` of `m`, bound to `target`, is read only as
    /// `s.length` or `s[i]` with a constant element: such reads wait for
    /// [`Self::settle_array_reads`] instead of referring to the array.
    pub(super) fn defer_array_reads(
        &mut self,
        m: ModuleIdx,
        s: SymbolIdx,
        target: &Target,
    ) -> bool {
        let Some(array) = self.const_array(target) else {
            return false;
        };
        let info = &self.graph.module(m).info;
        let foldable = !info.value_uses.contains(&s)
            && info
                .member_uses
                .get(&s)
                .is_some_and(|props| props.iter().all(|p| array.read(p).is_some()));
        if foldable {
            self.array_reads.push((m, s));
        }
        foldable
    }

    /// A use of `target` other than a foldable read: a constant array it
    /// names is read as it is, by everyone.
    pub(super) fn note_array_use(&mut self, target: &Target) {
        if let Target::Symbol(t, s) = target {
            if self.graph.module(*t).info.const_arrays.contains_key(s) {
                self.used_arrays.insert((*t, *s));
            }
        }
    }

    /// Once every use is known: the deferred reads of arrays that something
    /// else uses refer to them after all; the others are folded.
    pub(super) fn settle_array_reads(&mut self, targets: &super::dense::SymbolMap<Target>) {
        for (m, s) in std::mem::take(&mut self.array_reads) {
            let target = targets.get(m, s).expect("deferred reads are bound").clone();
            let Target::Symbol(t, x) = target else {
                unreachable!("only symbols are constant arrays")
            };
            if self.used_arrays.contains(&(t, x)) {
                let name = &self.graph.module(m).info.symbols[s as usize].name;
                self.use_target(&target, m, name);
            } else {
                self.folded_arrays.insert((m, s));
            }
        }
    }

    /// Whether import `s` of `m` reads its array (its target) folded.
    pub(super) fn folded_array(&self, m: ModuleIdx, s: SymbolIdx) -> bool {
        self.folded_arrays.contains(&(m, s))
    }

    /// What each read of the folded import `s` of `m`, bound to `target`,
    /// becomes (for the renderer's member replacements).
    pub(super) fn array_reads(
        &self,
        m: ModuleIdx,
        s: SymbolIdx,
        target: &Target,
    ) -> Option<FxHashMap<String, Replacement>> {
        if !self.folded_array(m, s) {
            return None;
        }
        let array = self.const_array(target)?;
        let props = self.graph.module(m).info.member_uses.get(&s)?;
        Some(
            props
                .iter()
                .map(|p| {
                    let value: ConstValue = array.read(p).expect("folded reads have values");
                    (p.clone(), Replacement::Literal(value))
                })
                .collect(),
        )
    }
}
