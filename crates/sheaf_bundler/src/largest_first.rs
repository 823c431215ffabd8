//! Runs jobs of very different sizes on the worker pool, largest first, and
//! returns their results in the jobs' order.
//!
//! Example: the small React app renders about twenty modules, one of them
//! React DOM's 625 KB client and two 270 KB servers. With `par_iter` each
//! worker takes a run of neighbouring modules, so two large ones could fall to
//! one worker while the other sat idle. Taken from one queue, largest first
//! (the "longest processing time" rule), the client goes to one worker and the
//! rest to the other.
//!
//! Why: the wall time of a parallel pass is at least its largest job, and a
//! large job started late runs alone at the end. Results are stored by the
//! job's position, so the output is the same whatever the order of work.

use rayon::prelude::*;
use std::sync::Mutex;

/// `work` applied to every job on the current rayon pool; results in job order.
/// Jobs large enough to hold up the end of the pass (an eighth of a worker's
/// share or more) go first, largest first; the others follow in their own order,
/// in runs of neighbours (see `units`). With no large job, `par_iter` as before:
/// taken from the queue, even in runs, the modules of three.js ×10 were
/// rendered 4% slower, and one by one in size order those of the generated
/// 10,000-module app 7% slower (each module's data far from the last one's).
pub(crate) fn largest_first<J: Send, R: Send>(
    jobs: Vec<J>,
    size: impl Fn(&J) -> usize,
    work: impl Fn(J) -> R + Sync + Send,
) -> Vec<R> {
    let Some(units) = units(
        &jobs.iter().map(size).collect::<Vec<_>>(),
        rayon::current_num_threads(),
    ) else {
        // Leaves of at most a 32nd of a worker's share: rayon splits a range
        // only when a worker steals from it, so a worker that ran out near the
        // end found nothing to take while the other went through a long run
        // alone (three.js ×10, `--minify`, in one profiled run: one core idle
        // for the last 75 ms of 420).
        let leaf = jobs
            .len()
            .div_ceil(rayon::current_num_threads() * 32)
            .max(1);
        return jobs.into_par_iter().with_max_len(leaf).map(work).collect();
    };
    // Each unit's jobs, with their positions, in queue order.
    let mut slots: Vec<Option<J>> = jobs.into_iter().map(Some).collect();
    let queue: Vec<Vec<(usize, J)>> = (units.into_iter())
        .map(|unit| {
            (unit.map(|i| (i, slots[i].take().expect("units partition the jobs")))).collect()
        })
        .collect();
    let queue = Mutex::new(queue.into_iter());
    // Every worker takes units until none is left, keeping its results.
    let done: Vec<Vec<(usize, R)>> = rayon::broadcast(|_| {
        let mut done = Vec::new();
        loop {
            // The lock is released before the work (in `while let`, the
            // guard would live through the loop's body).
            let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
            let Some(unit) = next else {
                return done;
            };
            done.extend(unit.into_iter().map(|(i, job)| (i, work(job))));
        }
    });
    let mut results: Vec<Option<R>> = slots.into_iter().map(|_| None).collect();
    for (i, result) in done.into_iter().flatten() {
        results[i] = Some(result);
    }
    (results.into_iter())
        .map(|r| r.expect("every job ran once"))
        .collect()
}

/// The queue: ranges of job positions, the large jobs (each alone, largest
/// first, ties in job order) then runs of neighbouring small ones, each about
/// a sixteenth of a worker's share. `None` when no job is large.
fn units(sizes: &[usize], threads: usize) -> Option<Vec<std::ops::Range<usize>>> {
    let total: usize = sizes.iter().sum();
    let share = total / threads.max(1);
    let large = |i: usize| sizes[i] > 0 && sizes[i] * 8 >= share;
    let mut big: Vec<usize> = (0..sizes.len()).filter(|&i| large(i)).collect();
    if big.is_empty() {
        return None;
    }
    big.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let mut units: Vec<_> = big.into_iter().map(|i| i..i + 1).collect();
    let mut i = 0;
    while i < sizes.len() {
        if large(i) {
            i += 1;
            continue;
        }
        let (start, mut run) = (i, 0);
        while i < sizes.len() && !large(i) && (run < share / 16 || i == start) {
            run += sizes[i];
            i += 1;
        }
        units.push(start..i);
    }
    Some(units)
}

#[cfg(test)]
mod tests {
    use super::largest_first;

    #[test]
    fn results_keep_the_jobs_order_on_any_pool() {
        let jobs: Vec<usize> = (0..1000).map(|i| (i * 7919) % 1000).collect();
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let out = pool.install(|| largest_first(jobs.clone(), |&j| j, |j| j * 2));
            assert_eq!(out, jobs.iter().map(|j| j * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn large_jobs_first_then_runs_of_neighbours() {
        // 274 in all, two workers: a share of 137 each, so jobs of 17 or more
        // go first and the others in runs that reach 8 (three jobs of 3).
        let mut sizes = vec![3; 20];
        sizes[3] = 150;
        sizes[17] = 70;
        let units = super::units(&sizes, 2).expect("two large jobs");
        let expected = [
            3..4,
            17..18,
            0..3,
            4..7,
            7..10,
            10..13,
            13..16,
            16..17,
            18..20,
        ];
        assert_eq!(units, expected);
        // No job that large: no queue.
        assert_eq!(super::units(&[3; 20], 2), None);
    }

    #[test]
    fn the_largest_jobs_start_first() {
        let started = std::sync::Mutex::new(Vec::new());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        pool.install(|| {
            largest_first(
                vec![30, 90, 1, 90, 50],
                |&j| j,
                |j| started.lock().unwrap().push(j),
            )
        });
        // 30 and 1 are small (under an eighth of a worker's share of 261):
        // last, in their own order.
        assert_eq!(started.into_inner().unwrap(), [90, 90, 50, 30, 1]);
    }
}
