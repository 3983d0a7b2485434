//! Round-trip properties over generated documents (bounded so CI stays fast).
//!
//! - Dynamic documents: JSON -> XML -> JSON and XML -> JSON -> XML are identities, modulo
//!   the documented normalisations (a JSON string spelled like another scalar is read
//!   back from XML as that scalar; a one-element JSON array of links or resources comes
//!   back from XML as a single one; dates keep milliseconds).
//! - Typed values: encode -> decode is the identity in both formats.

use proptest::prelude::*;
use ucwa_codec::{DateTime, DynResource, Link, Members, OneOrMany, Value, json, xml};
use ucwa_schema::{Availability, PreferredAvailability, Presence, PresenceInput};

fn name() -> impl Strategy<Value = String> {
    "[a-z][a-zA-Z0-9]{0,8}".prop_filter("not rel or self", |n| n != "rel" && n != "self")
}

/// Text XML 1.0 can carry: no control characters but tab and newlines.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            1 => Just(' '),
            1 => proptest::sample::select(vec!['&', '<', '>', '"', '\'', '\t', '\n', '\r', 'é', '☺', '𝄞']),
        ],
        0..12,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// Strings whose XML text would not be read back as another scalar.
fn plain_text() -> impl Strategy<Value = String> {
    text().prop_filter("spelled like another scalar", |s| {
        matches!(Value::from_xml_text(s), Value::String(_))
    })
}

fn date() -> impl Strategy<Value = DateTime> {
    // Millisecond dates with each offset kind JSON can carry.
    (
        -2_000_000_000_000i64..4_000_000_000_000i64,
        prop_oneof![Just(None), (-720i16..=840).prop_map(Some)],
    )
        .prop_map(|(ms, offset)| {
            let d = DateTime::from_unix_millis(ms);
            match offset {
                Some(m) => d.with_offset(ucwa_codec::Offset::Fixed(m)).unwrap_or(d),
                None => d,
            }
        })
}

fn scalar(strings: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1.0e6f64..1.0e6).prop_map(|f| Value::Number(ucwa_codec::Number::from_f64(f).unwrap())),
        strings.prop_map(Value::String),
        date().prop_map(Value::Date),
    ]
}

fn value(strings: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => scalar(strings.clone()),
        1 => proptest::collection::vec(scalar(strings), 0..4).prop_map(Value::List),
    ]
}

fn link(strings: BoxedStrategy<String>) -> BoxedStrategy<Link> {
    (
        strings.clone(),
        proptest::option::of(strings.clone()),
        proptest::collection::vec(
            (
                name().prop_filter("", |n| {
                    n != "href" && n != "title" && n != "rel" && n != "xmlns"
                }),
                strings,
            ),
            0..2,
        ),
    )
        .prop_map(|(href, title, attrs)| {
            let mut attributes: Vec<(String, String)> = Vec::new();
            for (k, v) in attrs {
                if !attributes.iter().any(|(n, _)| *n == k) {
                    attributes.push((k, v));
                }
            }
            Link {
                href,
                title,
                attributes,
            }
        })
        .boxed()
}

/// One or many, where "many" has at least two items (one-element arrays do not survive XML).
fn one_or_many<T: std::fmt::Debug + Clone + 'static>(
    item: impl Strategy<Value = T> + Clone + 'static,
) -> impl Strategy<Value = OneOrMany<T>> {
    prop_oneof![
        item.clone().prop_map(OneOrMany::One),
        proptest::collection::vec(item, 2..4).prop_map(OneOrMany::Many),
    ]
}

fn unique<T>(entries: Vec<(String, T)>) -> Vec<(String, T)> {
    let mut out: Vec<(String, T)> = Vec::new();
    for (k, v) in entries {
        if !out.iter().any(|(n, _)| *n == k) {
            out.push((k, v));
        }
    }
    out
}

fn resource(strings: BoxedStrategy<String>) -> impl Strategy<Value = DynResource> {
    let leaf = (
        proptest::option::of(name()),
        proptest::option::of(link(strings.clone())),
        proptest::collection::vec((name(), value(strings.clone())), 0..4),
        proptest::collection::vec((name(), one_or_many(link(strings.clone()))), 0..3),
    )
        .prop_map(|(rel, self_link, properties, links)| {
            let mut members = Members::default();
            members.properties = unique(properties);
            members.links = unique(links);
            DynResource {
                rel,
                self_link,
                members,
            }
        });
    leaf.prop_recursive(2, 8, 3, move |inner| {
        (
            inner.clone(),
            proptest::collection::vec((name(), one_or_many(inner)), 0..3),
        )
            .prop_map(|(mut outer, embedded)| {
                outer.members.embedded = unique(embedded);
                outer
            })
    })
}

proptest! {
    // PROPTEST_CASES overrides the count for longer runs by hand.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(96),
    ))]

    #[test]
    fn dynamic_json_xml_json(doc in resource(plain_text().boxed())) {
        let as_json = json::to_string(&doc).unwrap();
        let from_json: DynResource = json::from_str(&as_json).unwrap();
        prop_assert_eq!(&from_json, &doc);
        let via_xml: DynResource = xml::from_str(&xml::to_string(&from_json).unwrap()).unwrap();
        prop_assert_eq!(json::to_string(&via_xml).unwrap(), as_json);
    }

    #[test]
    fn dynamic_xml_json_xml(doc in resource(text().boxed())) {
        // What XML can say about `doc`: its XML form, read back.
        let as_xml = xml::to_string(&doc).unwrap();
        let from_xml: DynResource = xml::from_str(&as_xml).unwrap();
        prop_assert_eq!(xml::to_string(&from_xml).unwrap(), as_xml.clone());
        let via_json: DynResource = json::from_str(&json::to_string(&from_xml).unwrap()).unwrap();
        prop_assert_eq!(xml::to_string(&via_json).unwrap(), as_xml);
    }

    #[test]
    fn typed_presence_round_trips(
        activity in proptest::option::of(text()),
        availability in proptest::option::of(prop_oneof![
            proptest::sample::select(vec![Availability::Away, Availability::Online, Availability::IdleBusy]),
            "[A-Z][a-z]{1,8}".prop_map(Availability::Other),
        ]),
        href in proptest::option::of(plain_text()),
        extra in proptest::collection::vec((name(), value(plain_text().boxed())), 0..3),
    ) {
        let mut presence = Presence {
            self_link: href.map(Link::new),
            activity,
            availability,
            ..Presence::default()
        };
        for (k, v) in unique(extra) {
            if k != "activity" && k != "availability" {
                presence.extra.properties.push((k, v));
            }
        }
        let from_json: Presence = json::from_str(&json::to_string(&presence).unwrap()).unwrap();
        prop_assert_eq!(&from_json, &presence);
        let from_xml: Presence = xml::from_str(&xml::to_string(&presence).unwrap()).unwrap();
        prop_assert_eq!(&from_xml, &presence);
    }

    #[test]
    fn typed_presence_input_round_trips(
        availability in proptest::option::of(proptest::sample::select(vec![
            PreferredAvailability::Busy, PreferredAvailability::Offwork, PreferredAvailability::Other("Zen".into()),
        ])),
    ) {
        let input = PresenceInput { availability, ..PresenceInput::default() };
        prop_assert_eq!(json::from_str::<PresenceInput>(&json::to_string(&input).unwrap()).unwrap(), input.clone());
        prop_assert_eq!(xml::from_str::<PresenceInput>(&xml::to_string(&input).unwrap()).unwrap(), input);
    }

    #[test]
    fn dates_round_trip_in_each_format(ticks in -621_355_968_000_000_000i64..2_534_023_007_999_999_999i64, digits in 0u8..=7) {
        let d = DateTime::from_ticks(ticks / 10_i64.pow(7 - u32::from(digits)) * 10_i64.pow(7 - u32::from(digits)), ucwa_codec::Offset::Utc, digits);
        if let Ok(d) = d {
            prop_assert_eq!(DateTime::parse_iso(&d.to_iso_string()).unwrap(), d);
            let j = DateTime::parse_json(&d.to_json_string()).unwrap();
            prop_assert_eq!(j.unix_millis(), d.unix_millis());
        }
    }
}
