//! The program generator: a seeded random module graph whose output (what it
//! prints) is fully determined by module semantics — evaluation order, live
//! bindings, re-exports, `export *`, namespaces, default/named interop with
//! CommonJS, cycles through hoisted functions, `import()`, top-level await.
//!
//! Every program is valid: imports only point at modules with a higher index
//! (a DAG in evaluation order), except back edges that are only called after
//! everything has run. CommonJS modules only `require` CommonJS modules.

/// SplitMix64: small, fast, and the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Esm,
    /// `exports.x = …` assignments (named imports see them).
    CjsExports,
    /// `module.exports = { … }` (default and namespace imports only).
    CjsObject,
}

pub struct Program {
    /// (file name, source); the entry is `main.mjs`.
    pub files: Vec<(String, String)>,
    /// The program uses top-level await (only esm output can express it).
    pub tla: bool,
    /// The program uses `import()`.
    pub dynamic: bool,
}

fn file(i: usize, kind: Kind) -> String {
    if i == 0 {
        return "main.mjs".into();
    }
    match kind {
        Kind::Esm => format!("m{i}.mjs"),
        _ => format!("m{i}.cjs"),
    }
}

pub fn generate(seed: u64) -> Program {
    let mut rng = Rng::new(seed);
    let n = 2 + rng.below(6);
    let kinds: Vec<Kind> = (0..n)
        .map(|i| match (i, rng.below(8)) {
            (0, _) => Kind::Esm,
            (_, 0) => Kind::CjsExports,
            (_, 1) => Kind::CjsObject,
            _ => Kind::Esm,
        })
        .collect();
    let tla = rng.chance(20);
    let dynamic = rng.chance(40);
    // Modules only loaded by `import()` (nothing imports them statically), so
    // they run when the import does, in Node and with code splitting alike. Not
    // `module.exports = {…}` modules: which names Node's CommonJS lexer finds in
    // an object literal is its own business.
    let dyn_only: Vec<bool> = (0..n)
        .map(|t| t > 0 && dynamic && kinds[t] != Kind::CjsObject && rng.chance(50))
        .collect();
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..n {
        // A back edge (a cycle) may only point at a module without imports:
        // entered early through the cycle, it reads no binding still in its TDZ.
        let leaves: Vec<usize> = (1..i)
            .filter(|&j| kinds[j] == Kind::Esm && !dyn_only[j] && !files[j].1.contains("'./m"))
            .collect();
        let src = match kinds[i] {
            // Only the entry awaits at its top level: an async module lets the
            // modules after it that do not depend on it run while it waits,
            // which no scope-hoisting bundler (esbuild, Rollup, rolldown) keeps.
            Kind::Esm => esm_module(&mut rng, i, &kinds, &dyn_only, tla && i == 0, &leaves),
            kind => cjs_module(&mut rng, i, &kinds, &dyn_only, kind),
        };
        files.push((file(i, kinds[i]), src));
    }
    // The entry: final values after everything ran, back edges, import().
    let entry = &mut files[0].1;
    entry.push_str("console.log('main final', JSON.stringify(globalThis.__late ?? []));\n");
    for (i, &kind) in kinds.iter().enumerate().skip(1) {
        if kind == Kind::Esm && !dyn_only[i] {
            entry.push_str(&format!(
                "import {{ later{i} as __later{i} }} from './m{i}.mjs';\n"
            ));
            entry.push_str(&format!("console.log('later{i}', __later{i}());\n"));
        }
    }
    if dynamic {
        let targets: Vec<usize> = (1..n).filter(|&t| dyn_only[t]).collect();
        let mut chain = String::from("Promise.resolve()");
        for t in targets {
            let f = file(t, kinds[t]);
            chain.push_str(&format!(
                ".then(() => import('./{f}')).then((ns) => console.log('dyn {f}', Object.keys(ns).sort().join(','), JSON.stringify(ns.default === undefined ? null : typeof ns.default)))"
            ));
        }
        if tla {
            entry.push_str(&format!(
                "await {chain};\nconsole.log('main after await');\n"
            ));
        } else {
            entry.push_str(&format!("{chain};\n"));
        }
    }
    Program {
        files,
        tla,
        dynamic,
    }
}

fn esm_module(
    rng: &mut Rng,
    i: usize,
    kinds: &[Kind],
    dyn_only: &[bool],
    tla: bool,
    leaves: &[usize],
) -> String {
    let n = kinds.len();
    let mut s = String::new();
    s.push_str(&format!("console.log('m{i} start');\n"));
    if tla && rng.chance(40) {
        s.push_str(&format!(
            "await new Promise((r) => setTimeout(r, {}));\nconsole.log('m{i} after await');\n",
            rng.below(3)
        ));
    }
    let k = rng.below(100);
    s.push_str(&format!("export let v{i} = {k};\n"));
    s.push_str(&format!(
        "export function f{i}() {{ return 'f{i}:' + v{i}; }}\n"
    ));
    s.push_str(&format!("export function inc{i}() {{ v{i}++; }}\n"));
    match rng.below(4) {
        0 => s.push_str(&format!("export default 'd{i}';\n")),
        1 => s.push_str(&format!(
            "export default function () {{ return 'df{i}'; }}\n"
        )),
        2 => s.push_str(&format!(
            "export default class C{i} {{ static who() {{ return 'C{i}'; }} }}\n"
        )),
        _ => {}
    }
    // A back edge (a cycle) whose use waits until everything has run.
    if !leaves.is_empty() && rng.chance(40) {
        let j = leaves[rng.below(leaves.len())];
        s.push_str(&format!(
            "import {{ f{j} as back{i}_{j} }} from './m{j}.mjs';\n"
        ));
        s.push_str(&format!(
            "export function later{i}() {{ return back{i}_{j}(); }}\n"
        ));
    } else {
        s.push_str(&format!(
            "export function later{i}() {{ return 'later{i}'; }}\n"
        ));
    }
    if i == 0 {
        s.clear();
        s.push_str("console.log('main start');\n");
        if tla {
            s.push_str(
                "await new Promise((r) => setTimeout(r, 1));\nconsole.log('main after await');\n",
            );
        }
    }
    for j in i + 1..n {
        if dyn_only[j] || !rng.chance(55) {
            continue;
        }
        let f = file(j, kinds[j]);
        match kinds[j] {
            Kind::Esm => esm_import(rng, &mut s, i, j, &f),
            Kind::CjsExports => {
                match rng.below(3) {
                    0 => {
                        s.push_str(&format!(
                            "import {{ v{j} as c{i}_{j}, f{j} as cf{i}_{j} }} from './{f}';\n"
                        ));
                        s.push_str(&format!(
                            "console.log('m{i} sees cjs', c{i}_{j}, cf{i}_{j}());\n"
                        ));
                    }
                    1 => {
                        s.push_str(&format!("import * as cns{i}_{j} from './{f}';\n"));
                        s.push_str(&format!(
                            "console.log('m{i} cjs ns', Object.keys(cns{i}_{j}).sort().join(','), cns{i}_{j}.v{j}, typeof cns{i}_{j}.default);\n"
                        ));
                    }
                    _ => {
                        s.push_str(&format!("import './{f}';\n"));
                    }
                }
                if i > 0 && rng.chance(30) {
                    s.push_str(&format!("export {{ v{j} as re{i}_{j} }} from './{f}';\n"));
                }
            }
            Kind::CjsObject => {
                s.push_str(&format!("import cd{i}_{j} from './{f}';\n"));
                s.push_str(&format!(
                    "console.log('m{i} cjs default', JSON.stringify(cd{i}_{j}));\n"
                ));
            }
        }
    }
    s.push_str(&format!("console.log('m{i} end');\n"));
    s
}

fn esm_import(rng: &mut Rng, s: &mut String, i: usize, j: usize, f: &str) {
    match rng.below(6) {
        0 => {
            s.push_str(&format!("import {{ v{j} as v{i}_{j}, inc{j} as inc{i}_{j}, f{j} as f{i}_{j} }} from './{f}';\n"));
            s.push_str(&format!(
                "console.log('m{i} sees', v{i}_{j}, f{i}_{j}());\n"
            ));
            s.push_str(&format!(
                "inc{i}_{j}();\nconsole.log('m{i} live', v{i}_{j});\n"
            ));
        }
        1 => {
            s.push_str(&format!("import * as ns{i}_{j} from './{f}';\n"));
            s.push_str(&format!(
                "console.log('m{i} ns', ns{i}_{j}.v{j}, Object.keys(ns{i}_{j}).sort().join(','), typeof ns{i}_{j}.default);\n"
            ));
        }
        2 if i > 0 => {
            s.push_str(&format!("export * from './{f}';\n"));
        }
        3 if i > 0 => {
            s.push_str(&format!("export * as star{i}_{j} from './{f}';\n"));
            s.push_str(&format!("export {{ v{j} as rv{i}_{j} }} from './{f}';\n"));
        }
        4 => {
            s.push_str(&format!("import * as nsv{i}_{j} from './{f}';\n"));
            // A namespace used as a value: captured and passed around.
            s.push_str(&format!(
                "const keep{i}_{j} = (o) => Object.keys(o).length;\nconsole.log('m{i} ns value', keep{i}_{j}(nsv{i}_{j}), Object.prototype.toString.call(nsv{i}_{j}));\n"
            ));
        }
        _ => {
            s.push_str(&format!("import './{f}';\n"));
        }
    }
}

fn cjs_module(rng: &mut Rng, i: usize, kinds: &[Kind], dyn_only: &[bool], kind: Kind) -> String {
    let n = kinds.len();
    let mut s = format!("console.log('m{i} start');\n");
    for j in i + 1..n {
        if kinds[j] != Kind::Esm && !dyn_only[j] && rng.chance(50) {
            let f = file(j, kinds[j]);
            s.push_str(&format!(
                "const r{j} = require('./{f}');\nconsole.log('m{i} requires', JSON.stringify(r{j}));\n"
            ));
        }
    }
    let k = rng.below(100);
    match kind {
        Kind::CjsObject => s.push_str(&format!(
            "module.exports = {{ v{i}: {k}, f{i}() {{ return 'f{i}'; }} }};\n"
        )),
        _ => {
            s.push_str(&format!("exports.v{i} = {k};\n"));
            s.push_str(&format!(
                "exports.f{i} = function () {{ return 'f{i}:' + exports.v{i}; }};\n"
            ));
        }
    }
    s.push_str(&format!("console.log('m{i} end');\n"));
    s
}
