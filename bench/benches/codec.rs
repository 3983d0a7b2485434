//! Timings of every path side by side (`cargo bench -p ucwa-bench --bench codec`);
//! `bench/ratios.py` turns criterion's medians into the BENCHMARKS.md table.
#![deny(unsafe_code)]

mod cases;
mod peers;

use criterion::{Criterion, Throughput};
use std::time::Duration;

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .configure_from_args();
    let all = cases::all();
    let mut groups: Vec<&str> = Vec::new();
    for case in &all {
        if !groups.contains(&case.group.as_str()) {
            groups.push(&case.group);
        }
    }
    for name in groups {
        let mut group = c.benchmark_group(name);
        for case in all.iter().filter(|c| c.group == name) {
            group.throughput(Throughput::Bytes(case.bytes as u64));
            group.bench_function(case.id, |b| b.iter(|| (case.run)()));
        }
        group.finish();
    }
    c.final_summary();
}
