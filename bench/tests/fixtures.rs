//! The fixtures are what BENCHMARKS.md says, and every benchmarked path runs on them.

#[path = "../benches/cases/mod.rs"]
mod cases;
#[path = "../benches/peers/mod.rs"]
mod peers;

use ucwa_bench::fixtures;
use ucwa_bench::{ApplicationType, EventsDyn, EventsType};

#[test]
fn every_path_runs_on_every_fixture() {
    let all = cases::all();
    assert_eq!(all.len(), 3 * 15);
    for case in &all {
        assert!((case.run)() > 0, "{}/{}", case.group, case.id);
    }
}

#[test]
fn the_event_fixture_is_large_deterministic_and_agrees_across_formats() {
    let a = fixtures::events();
    let b = fixtures::events();
    assert_eq!(a.json, b.json);
    assert_eq!(a.xml, b.xml);
    assert!(a.json.len() >= fixtures::EVENTS_TARGET_BYTES);

    // Each format round-trips exactly (across formats, one-element arrays become single
    // objects, as documented, so the models are compared within a format).
    let from_json: EventsDyn = ucwa_codec::json::from_slice(&a.json).unwrap();
    let from_xml: EventsDyn = ucwa_codec::xml::from_slice(&a.xml).unwrap();
    assert!(ucwa_codec::json::to_vec(&from_json).unwrap() == a.json);
    assert!(ucwa_codec::xml::to_vec(&from_xml).unwrap() == a.xml);
    assert_eq!(from_json.senders.len(), from_xml.senders.len());
    assert!(from_json.senders.len() > 100);

    let typed: EventsType = ucwa_codec::json::from_slice(&a.json).unwrap();
    let typed_xml: EventsType = ucwa_codec::xml::from_slice(&a.xml).unwrap();
    assert!(ucwa_codec::json::to_vec(&typed).unwrap() == a.json);
    assert!(ucwa_codec::xml::to_vec(&typed_xml).unwrap() == a.xml);
    let payloads: Vec<_> = typed
        .senders
        .iter()
        .flat_map(|s| &s.events)
        .filter_map(|e| e.embedded.as_ref())
        .collect();
    assert!(payloads.iter().any(|(_, p)| p.is_typed()));
}

#[test]
fn the_stand_in_types_know_every_member_of_the_application_sample() {
    let f = fixtures::application();
    let json: ApplicationType = ucwa_codec::json::from_slice(&f.json).unwrap();
    let xml: ApplicationType = ucwa_codec::xml::from_slice(&f.xml).unwrap();
    assert!(json == xml);
    let mut untyped = Vec::new();
    ucwa_codec::Document::collect_untyped(&json, "application", &mut untyped);
    assert!(untyped.is_empty(), "{untyped:?}");
}

#[test]
#[ignore = "prints fixture statistics for BENCHMARKS.md"]
fn fixture_statistics() {
    let f = fixtures::events();
    let typed: EventsType = ucwa_codec::json::from_slice(&f.json).unwrap();
    let payloads: Vec<_> = typed
        .senders
        .iter()
        .flat_map(|s| &s.events)
        .filter_map(|e| e.embedded.as_ref())
        .collect();
    let n_typed = payloads.iter().filter(|(_, p)| p.is_typed()).count();
    println!(
        "json {} xml {} senders {} payloads {} typed {}",
        f.json.len(),
        f.xml.len(),
        typed.senders.len(),
        payloads.len(),
        n_typed
    );
}
