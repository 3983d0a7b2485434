//! Runs one benchmarked path in a loop, for a profiler:
//! `valgrind --tool=callgrind target/release/examples/profile application-xml-decode/ucwa_typed 200`
#![deny(unsafe_code)]

#[path = "../benches/cases/mod.rs"]
mod cases;
#[path = "../benches/peers/mod.rs"]
mod peers;

fn main() {
    let mut args = std::env::args().skip(1);
    let label = args.next().expect("usage: profile <group>/<path> [runs]");
    let runs: usize = args.next().map_or(1000, |n| n.parse().expect("a number"));
    let fixture = label.split('-').next().unwrap_or_default().to_owned();
    let case = cases::of(|f| f == fixture)
        .into_iter()
        .find(|c| format!("{}/{}", c.group, c.id) == label)
        .expect("no such case");
    let mut total = 0;
    for _ in 0..runs {
        total += std::hint::black_box((case.run)());
    }
    println!("{label}: {total}");
}
