//! The target ratios of BENCHMARKS.md by wall clock, measured in pairs: the two paths of
//! each ratio run in alternating batches, and the ratio reported is the median of the
//! per-round ratios. On a shared or virtual machine, whose speed drifts over seconds,
//! a slow spell then hits both sides of a round instead of one side of the comparison
//! (criterion measures each path in its own few seconds).
//!
//! `cargo run --release -p ucwa-bench --example paired [rounds] [fixture]` (default 400
//! rounds of about 2 ms a side, every fixture).
#![deny(unsafe_code)]

#[path = "../benches/cases/mod.rs"]
mod cases;
#[path = "../benches/peers/mod.rs"]
mod peers;

use std::time::{Duration, Instant};

/// Numerator (kind, path), denominator (kind, path), goal, what. A "speed-up" must reach
/// its goal; the others must stay under it.
const TARGETS: [(&str, &str, &str, &str, f64, &str); 5] = [
    (
        "json-decode",
        "ucwa_typed",
        "json-decode",
        "serde_struct",
        1.15,
        "typed JSON decode / serde_json struct",
    ),
    (
        "json-encode",
        "ucwa_typed",
        "json-encode",
        "serde_struct",
        1.15,
        "typed JSON encode / serde_json struct",
    ),
    (
        "xml-decode",
        "ucwa_typed",
        "xml-decode",
        "qx_raw",
        1.5,
        "typed XML decode / quick-xml raw loop",
    ),
    (
        "xml-decode",
        "qx_serde",
        "xml-decode",
        "ucwa_typed",
        4.0,
        "quick-xml serde / typed XML decode (speed-up)",
    ),
    (
        "xml-encode",
        "ucwa_typed",
        "json-encode",
        "ucwa_typed",
        1.0,
        "typed XML encode / typed JSON encode",
    ),
];

/// Time for `iterations` calls.
fn time(run: &dyn Fn() -> usize, iterations: u32) -> Duration {
    let start = Instant::now();
    let mut total = 0;
    for _ in 0..iterations {
        total += std::hint::black_box(run());
    }
    std::hint::black_box(total);
    start.elapsed()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args
        .next()
        .map_or(400, |n| n.parse().expect("a number of rounds"));
    let only = args.next();
    println!("| fixture | target | median ratio | middle half of rounds | goal | met |");
    println!("|---|---|---:|---|---:|---|");
    for fixture in ["presence", "application", "events"] {
        if only.as_deref().is_some_and(|only| only != fixture) {
            continue;
        }
        let cases = cases::of(|f| f == fixture);
        let find = |kind: &str, id: &str| {
            let group = format!("{fixture}-{kind}");
            cases
                .iter()
                .find(|c| c.group == group && c.id == id)
                .unwrap_or_else(|| panic!("no case {group}/{id}"))
        };
        for (kind_a, id_a, kind_b, id_b, goal, what) in TARGETS {
            let (a, b) = (find(kind_a, id_a), find(kind_b, id_b));
            // Batches of about 2 ms for the slower side, after a warm-up.
            let once = time(&*a.run, 3).max(time(&*b.run, 3)) / 3;
            let iterations = (Duration::from_millis(2).as_nanos() / once.as_nanos().max(1))
                .clamp(1, 1_000_000) as u32;
            for _ in 0..20 {
                time(&*a.run, iterations);
                time(&*b.run, iterations);
            }
            let ratios: Vec<f64> = (0..rounds)
                .map(|round| {
                    // Alternate which side goes first.
                    let (ta, tb) = if round % 2 == 0 {
                        let ta = time(&*a.run, iterations);
                        (ta, time(&*b.run, iterations))
                    } else {
                        let tb = time(&*b.run, iterations);
                        (time(&*a.run, iterations), tb)
                    };
                    ta.as_secs_f64() / tb.as_secs_f64()
                })
                .collect();
            let mut sorted = ratios.clone();
            sorted.sort_by(f64::total_cmp);
            let (q1, q3) = (sorted[rounds / 4], sorted[rounds * 3 / 4]);
            let ratio = median(ratios);
            let (sign, met) = if what.contains("speed-up") {
                ("≥", ratio >= goal)
            } else {
                ("≤", ratio <= goal)
            };
            println!(
                "| {fixture} | {what} | {ratio:.2} | {q1:.2}–{q3:.2} | {sign} {goal} | {} |",
                if met { "yes" } else { "**no**" }
            );
        }
    }
}
