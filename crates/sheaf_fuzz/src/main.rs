//! `sheaf-fuzz --seeds N [--start S]`: runs N seeds from S, stops at the first
//! difference and prints the program. Example, a long local run:
//! `cargo run -p sheaf_fuzz --release -- --seeds 100000`.

use sheaf_fuzz::{check, Outcome};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str, default: u64| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let seeds = value("--seeds", 1000);
    let start = value("--start", 1);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut same, mut invalid) = (0u64, 0u64);
    for seed in start..start + seeds {
        let work = dir.path().join(seed.to_string());
        std::fs::create_dir_all(&work).expect("a work folder");
        match check(seed, &work) {
            Outcome::Same => same += 1,
            Outcome::Invalid(e) => {
                invalid += 1;
                if args.iter().any(|a| a == "--verbose") {
                    eprintln!("seed {seed}: the generated program does not run under Node:\n{e}");
                }
            }
            Outcome::Differs(report) => {
                eprintln!("{report}");
                eprintln!(
                    "{same} seeds agreed before this one; program kept in {}",
                    work.display()
                );
                std::mem::forget(dir);
                std::process::exit(1);
            }
        }
        let _ = std::fs::remove_dir_all(&work);
        if (seed - start + 1) % 100 == 0 {
            eprintln!(
                "{} seeds: {same} agree, {invalid} invalid programs",
                seed - start + 1
            );
        }
    }
    println!("{same} passed, 0 failed ({invalid} generated programs did not run under Node)");
}
