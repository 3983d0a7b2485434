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
    // 15 paths for each of the three fixtures, and the registry's JSON and XML decode of
    // presence and application.
    assert_eq!(all.len(), 3 * 15 + 2 * 2);
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

    // The schema's event response types every embedded resource through the registry.
    // Typed resources write their declared links in declaration order and name the type
    // (`rel`) of nested resources that left it implicit, so the bytes differ; the values
    // round-trip.
    let typed: EventsType = ucwa_codec::json::from_slice(&a.json).unwrap();
    let typed_xml: EventsType = ucwa_codec::xml::from_slice(&a.xml).unwrap();
    let again: EventsType =
        ucwa_codec::json::from_slice(&ucwa_codec::json::to_vec(&typed).unwrap()).unwrap();
    assert!(again == typed);
    let again: EventsType =
        ucwa_codec::xml::from_slice(&ucwa_codec::xml::to_vec(&typed_xml).unwrap()).unwrap();
    assert!(again == typed_xml);
    assert_eq!(typed.senders.len(), from_json.senders.len());
    let (payloads, typed_payloads) = payload_counts(&typed);
    assert!(payloads > 500);
    assert_eq!(typed_payloads, payloads, "every payload is typed");
}

/// Embedded resources in the response, and how many of them decoded into a schema type.
fn payload_counts(response: &EventsType) -> (usize, usize) {
    let payloads: Vec<_> = response
        .events()
        .filter_map(|(_, e)| e.resource.as_ref())
        .collect();
    let typed = payloads
        .iter()
        .filter(|p| p.resource.as_dynamic().is_none())
        .count();
    (payloads.len(), typed)
}

#[test]
fn the_schema_knows_every_member_of_the_application_sample() {
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
    let (payloads, n_typed) = payload_counts(&typed);
    let types: std::collections::BTreeSet<&str> = typed
        .events()
        .filter_map(|(_, e)| e.resource.as_ref())
        .filter_map(|p| match &p.resource {
            ucwa_codec::registry::Decoded::Typed(t) => Some(t.as_dyn().type_name()),
            ucwa_codec::registry::Decoded::Dynamic { .. } => None,
        })
        .collect();
    println!(
        "json {} xml {} senders {} payloads {} typed {} of {} types",
        f.json.len(),
        f.xml.len(),
        typed.senders.len(),
        payloads,
        n_typed,
        types.len()
    );
}
