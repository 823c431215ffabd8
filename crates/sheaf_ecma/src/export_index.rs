//! Finding what a module exports under a name.
//!
//! Why an index: binding looks an export up once per name an importer uses,
//! through every barrel on the way. A barrel of 1,500 `export { x } from`
//! lines (an icon package's index) imported by name 1,500 times was 2.25
//! million string comparisons with a linear search; with the names sorted it
//! is a binary search each. Small modules (most of them) keep no index and are
//! searched in order, which is as fast at that size.
//!
//! Example: `export { a as b }; export { c } from './c.js'` gives `b` →
//! `ExportRef::Local`, `c` → `ExportRef::Re`.

use crate::{LocalExport, ModuleInfo, ReExport};

/// Below this many exports and re-exports a module is searched in order.
const INDEXED_FROM: usize = 16;

/// A module's export and re-export positions sorted by exported name (ties
/// in position order). Empty for a small module.
#[derive(Clone, Debug, Default)]
pub struct ExportIndex(Vec<u32>);

/// What a module exports under one name: its own symbol or a re-export.
#[derive(Clone, Copy, Debug)]
pub enum ExportRef<'a> {
    Local(&'a LocalExport),
    Re(&'a ReExport),
}

impl ModuleInfo {
    /// Sorts the names of `exports` and `re_exports` for [`ModuleInfo::find_export`];
    /// called once they are final.
    pub fn index_exports(&mut self) {
        let total = self.exports.len() + self.re_exports.len();
        if total < INDEXED_FROM {
            self.export_index = ExportIndex::default();
            return;
        }
        let mut positions: Vec<u32> = (0..total as u32).collect();
        positions.sort_by(|&a, &b| self.exported_at(a).cmp(self.exported_at(b)));
        self.export_index = ExportIndex(positions);
    }

    /// What the module exports as `name`: its own export first, as a search
    /// in order would find it (`exports`, then `re_exports`).
    pub fn find_export(&self, name: &str) -> Option<ExportRef<'_>> {
        let total = self.exports.len() + self.re_exports.len();
        if self.export_index.0.len() != total {
            return (self
                .exports
                .iter()
                .find(|e| e.exported == name)
                .map(ExportRef::Local))
            .or_else(|| {
                (self.re_exports.iter())
                    .find(|r| r.exported == name)
                    .map(ExportRef::Re)
            });
        }
        let sorted = &self.export_index.0;
        let first = sorted.partition_point(|&p| self.exported_at(p) < name);
        let &p = sorted.get(first)?;
        (self.exported_at(p) == name).then(|| self.export_at(p))
    }

    fn exported_at(&self, p: u32) -> &str {
        match self.export_at(p) {
            ExportRef::Local(e) => &e.exported,
            ExportRef::Re(r) => &r.exported,
        }
    }

    fn export_at(&self, p: u32) -> ExportRef<'_> {
        let p = p as usize;
        match self.exports.get(p) {
            Some(e) => ExportRef::Local(e),
            None => ExportRef::Re(&self.re_exports[p - self.exports.len()]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Imported, Loc};

    fn module(locals: &[&str], res: &[&str]) -> ModuleInfo {
        let mut info = ModuleInfo::default();
        for (i, n) in locals.iter().enumerate() {
            info.exports.push(LocalExport {
                exported: n.to_string(),
                symbol: i as u32,
            });
        }
        for (i, n) in res.iter().enumerate() {
            info.re_exports.push(ReExport {
                exported: n.to_string(),
                record: i as u32,
                imported: Imported::Named(n.to_string()),
                loc: Loc::default(),
            });
        }
        info.index_exports();
        info
    }

    fn found(info: &ModuleInfo, name: &str) -> Option<(bool, u32)> {
        info.find_export(name).map(|e| match e {
            ExportRef::Local(e) => (true, e.symbol),
            ExportRef::Re(r) => (false, r.record),
        })
    }

    #[test]
    fn indexed_and_small_modules_find_the_same_exports() {
        let names: Vec<String> = (0..40).map(|i| format!("n{}", (i * 7) % 40)).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        for split in [3, 20] {
            let (locals, res) = names.split_at(split);
            let big = module(locals, res);
            assert_eq!(big.export_index.0.len(), 40);
            let small = module(&locals[..2], &res[..2]);
            assert!(small.export_index.0.is_empty());
            for (i, n) in locals.iter().enumerate() {
                assert_eq!(found(&big, n), Some((true, i as u32)));
            }
            for (i, n) in res.iter().enumerate() {
                assert_eq!(found(&big, n), Some((false, i as u32)));
            }
            assert_eq!(found(&small, res[1]), Some((false, 1)));
            for missing in ["", "n", "n40", "zz"] {
                assert_eq!(found(&big, missing), None);
                assert_eq!(found(&small, missing), None);
            }
        }
    }

    #[test]
    fn a_name_both_exported_and_re_exported_is_the_own_export() {
        let mut locals: Vec<String> = (0..20).map(|i| format!("a{i}")).collect();
        locals.push("dup".into());
        let locals: Vec<&str> = locals.iter().map(String::as_str).collect();
        let big = module(&locals, &["dup", "b"]);
        assert_eq!(found(&big, "dup"), Some((true, 20)));
        // Without the index (as a module made after analysis could be).
        let mut unindexed = big.clone();
        unindexed.export_index = ExportIndex::default();
        assert_eq!(found(&unindexed, "dup"), Some((true, 20)));
    }
}
