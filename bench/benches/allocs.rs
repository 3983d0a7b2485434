//! Heap allocations per call of every path (`cargo bench -p ucwa-bench --bench allocs`).
//!
//! Counting needs a global allocator. Wrapping `System` ourselves needs an `unsafe impl
//! GlobalAlloc`; the `stats_alloc` crate provides exactly that wrapper, so this binary
//! installs it and holds no unsafe code of its own. It lives in its own bench binary so
//! that the counting never touches the timings of `codec`.
#![deny(unsafe_code)]

mod cases;
mod peers;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const RUNS: usize = 20;

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters by group or path.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    println!("| case | path | allocations / call | bytes allocated / call |");
    println!("|---|---|---:|---:|");
    for case in cases::all() {
        let label = format!("{}/{}", case.group, case.id);
        if !filter.is_empty() && !filter.iter().any(|f| label.contains(f.as_str())) {
            continue;
        }
        (case.run)();
        let region = Region::new(GLOBAL);
        for _ in 0..RUNS {
            std::hint::black_box((case.run)());
        }
        let stats = region.change();
        println!(
            "| {} | {} | {:.1} | {} |",
            case.group,
            case.id,
            (stats.allocations + stats.reallocations) as f64 / RUNS as f64,
            stats.bytes_allocated / RUNS,
        );
    }
}
