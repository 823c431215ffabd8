//! CI's fixed seed set for the differential fuzzer (see `sheaf_fuzz`): each seed
//! is a test; a seed whose generated program does not run under Node fails too
//! (the generator must only write valid programs).

use libtest_mimic::{Arguments, Failed, Trial};
use sheaf_fuzz::{check, Outcome};

/// Seeds 1..=SEEDS run in CI (about 75 s on two cores).
const SEEDS: u64 = 120;

fn main() {
    let args = Arguments::from_args();
    let trials = (1..=SEEDS)
        .map(|seed| {
            Trial::test(format!("seed {seed}"), move || {
                let dir = tempfile::tempdir().map_err(|e| Failed::from(e.to_string()))?;
                match check(seed, dir.path()) {
                    Outcome::Same => Ok(()),
                    Outcome::Invalid(e) => {
                        Err(format!("generated program does not run: {e}").into())
                    }
                    Outcome::Differs(report) => Err(report.into()),
                }
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
