//! Decode cost per byte of every document kind, in both formats, from 1 KiB to 32 MiB
//! (see BENCHMARKS.md, "Scaling"):
//!
//! - `scaling table [max-bytes] [kind…]`: wall clock per byte, a few runs per cell
//!   (indicative only: this machine's wall clock drifts);
//! - `scaling one <kind> <json|xml> <bytes> [runs]`: generates one document and decodes
//!   it, for `valgrind --tool=callgrind --toggle-collect='*decode_once*'`
//!   (`bench/scaling.sh`), whose instruction counts are the measure.
#![deny(unsafe_code)]

use std::time::Instant;
use ucwa_bench::scaling::{self, Kind};
use ucwa_codec::Format;

/// 1 KiB to 32 MiB, by fours, and 32 MiB (the default size limit).
const SIZES: [usize; 9] = [
    1 << 10,
    1 << 12,
    1 << 14,
    1 << 16,
    1 << 18,
    1 << 20,
    1 << 22,
    1 << 24,
    1 << 25,
];

fn format_of(name: &str) -> Format {
    match name {
        "json" => Format::Json,
        "xml" => Format::Xml,
        other => panic!("unknown format `{other}` (json or xml)"),
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Xml => "xml",
    }
}

fn kind_of(name: &str) -> Kind {
    Kind::from_name(name).unwrap_or_else(|| {
        let names: Vec<_> = Kind::ALL.iter().map(|k| k.name()).collect();
        panic!("unknown kind `{name}` (one of {})", names.join(", "))
    })
}

fn human(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("one") => {
            let [_, kind, format, bytes, rest @ ..] = args.as_slice() else {
                panic!("usage: scaling one <kind> <json|xml> <bytes> [runs]");
            };
            let runs: usize = rest.first().map_or(1, |r| r.parse().expect("a number"));
            let doc = scaling::document(
                kind_of(kind),
                format_of(format),
                bytes.parse().expect("a number"),
            );
            let mut total = 0;
            for _ in 0..runs {
                total += scaling::decode_once(doc.kind, doc.format, &doc.bytes);
            }
            println!("{} {} {} {total}", doc.bytes.len(), doc.units, runs);
        }
        Some("table") => {
            let max: usize = args
                .get(1)
                .map_or(1 << 25, |m| m.parse().expect("a number"));
            let kinds: Vec<Kind> = if args.len() > 2 {
                args[2..].iter().map(|k| kind_of(k)).collect()
            } else {
                Kind::ALL.to_vec()
            };
            println!("| kind | format | size | units | ns/byte | time |");
            println!("|---|---|---:|---:|---:|---:|");
            let mut ratios = Vec::new();
            for kind in kinds {
                for format in [Format::Json, Format::Xml] {
                    let mut per_size = Vec::new();
                    for &size in SIZES.iter().filter(|&&s| s <= max) {
                        let doc = scaling::document(kind, format, size);
                        // About 16 MiB decoded per run, at least once; the best of three.
                        let iterations = (16usize << 20).div_ceil(doc.bytes.len()).max(1);
                        let mut best = f64::INFINITY;
                        for _ in 0..3 {
                            let start = Instant::now();
                            for _ in 0..iterations {
                                std::hint::black_box(scaling::decode_once(
                                    doc.kind, doc.format, &doc.bytes,
                                ));
                            }
                            let each = start.elapsed().as_secs_f64() / iterations as f64;
                            best = best.min(each);
                        }
                        let per_byte = best * 1e9 / doc.bytes.len() as f64;
                        println!(
                            "| {} | {} | {} | {} | {per_byte:.2} | {:.3} ms |",
                            kind.name(),
                            format_name(format),
                            human(size),
                            doc.units,
                            best * 1e3
                        );
                        per_size.push((size, doc.bytes.len(), best));
                    }
                    let at = |s: usize| per_size.iter().find(|(size, ..)| *size == s);
                    if let (Some(small), Some(large)) = (at(1 << 20), at(1 << 25)) {
                        ratios.push((kind, format, small.1, large.1, large.2 / small.2));
                    }
                }
            }
            if !ratios.is_empty() {
                println!();
                println!("| kind | format | time(32 MiB) / time(1 MiB) | bytes ratio | per byte |");
                println!("|---|---|---:|---:|---:|");
                for (kind, format, small, large, ratio) in ratios {
                    let bytes = large as f64 / small as f64;
                    println!(
                        "| {} | {} | {ratio:.1} | {bytes:.1} | {:.2} |",
                        kind.name(),
                        format_name(format),
                        ratio / bytes
                    );
                }
            }
        }
        _ => panic!(
            "usage: scaling table [max-bytes] [kind…] | scaling one <kind> <json|xml> <bytes> [runs]"
        ),
    }
}
