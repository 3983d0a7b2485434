//! Event-channel responses end to end: every event sample of the reference decodes and
//! survives both formats, the JSON and XML samples of EventChannelDetails.md agree, the
//! presence events are typed, and one odd event never loses its batch.

use insta::{assert_debug_snapshot, assert_snapshot};
use ucwa_codec::registry::Fallback;
use ucwa_codec::{
    Decoded, DynResource, Format, Limits, Link, Members, Registry, Resource, UntypedKind, json, xml,
};
use ucwa_schema::events::{Continuation, EventResponse, EventStatus, EventType, SenderEvent};
use ucwa_schema::registry;
use ucwa_schema::{Availability, ErrorCode, ErrorSubcode, Presence};
use ucwa_tests::{manifest, sample};

/// A `communication` type of the test's own, registered over the schema's (as any crate
/// may do with its own derived types): the registry is open to extension and override.
#[derive(Clone, Debug, Default, PartialEq, Resource)]
#[ucwa(rel = "communication")]
struct Communication {
    #[ucwa(self_link)]
    self_link: Option<Link>,
    etag: Option<String>,
    supported_modalities: Vec<String>,
    supported_message_formats: Vec<String>,
    #[ucwa(link)]
    conversations: Option<Link>,
    #[ucwa(extra)]
    extra: Members,
}

/// A `participant` type of the test's own (embedded under the key `localParticipant`).
#[derive(Clone, Debug, Default, PartialEq, Resource)]
#[ucwa(rel = "participant")]
struct Participant {
    #[ucwa(self_link)]
    self_link: Option<Link>,
    name: Option<String>,
    anonymous: Option<bool>,
    #[ucwa(extra)]
    extra: Members,
}

fn test_registry() -> Registry {
    let mut registry = ucwa_schema::registry().clone();
    registry.register::<Communication>();
    registry.register::<Participant>();
    registry
}

/// The event samples of the corpus: (sample file, text to decode, repairs applied).
///
/// The `repaired/` twin is used where the page's JSON does not parse. Two repaired twins
/// keep an empty `{}` where the page elided an event with `...`; that is not an event
/// (no type, no link), so it is dropped here too.
fn event_samples() -> Vec<(String, String, Vec<String>)> {
    let manifest = manifest();
    let mut out = Vec::new();
    for entry in manifest["samples"].as_array().unwrap() {
        if entry["payload_type"] != "events" {
            continue;
        }
        let file = entry["file"]
            .as_str()
            .unwrap()
            .trim_start_matches("samples/");
        let mut repairs: Vec<String> = entry["repairs"]
            .as_array()
            .map(|r| {
                r.iter()
                    .map(|r| r["name"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let mut text = match entry["repaired_file"].as_str() {
            Some(repaired) => sample(repaired),
            None => sample(file),
        };
        if entry["format"] == "json" {
            let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            let mut dropped = 0;
            for sender in doc["sender"].as_array_mut().unwrap() {
                if let Some(events) = sender.get_mut("events").and_then(|e| e.as_array_mut()) {
                    let before = events.len();
                    events.retain(|e| e.as_object().is_some_and(|o| !o.is_empty()));
                    dropped += before - events.len();
                }
            }
            if dropped > 0 {
                repairs.push(format!("drop-empty-events x{dropped}"));
                text = serde_json::to_string(&doc).unwrap();
            }
        }
        out.push((file.to_owned(), text, repairs));
    }
    out
}

fn format_of(file: &str) -> Format {
    if file.ends_with(".xml") {
        Format::Xml
    } else {
        Format::Json
    }
}

/// JSON -> typed -> JSON -> typed is exact; typed -> XML -> typed is exact for typed
/// resources, and for dynamic ones up to the documented XML text normalisation (a JSON
/// string spelled like a number comes back a number), so the XML trip is checked to be
/// stable, and equal to the original wherever no such string occurs.
/// The response with the messages of rejected embedded resources blanked: the same
/// rejection is worded by each format's decoder.
fn without_rejection_messages(value: &EventResponse) -> EventResponse {
    let mut value = value.clone();
    for sender in &mut value.senders {
        for event in &mut sender.events {
            if let SenderEvent::Typed(event) = event
                && let Some(embedded) = &mut event.resource
                && let Decoded::Dynamic {
                    reason: Fallback::Rejected(message),
                    ..
                } = &mut embedded.resource
            {
                message.clear();
            }
        }
    }
    value
}

fn round_trips(file: &str, value: &EventResponse, registry: &Registry) -> bool {
    let as_json = json::to_vec(value).unwrap();
    let from_json = EventResponse::from_json(&as_json, registry).unwrap();
    assert_eq!(&from_json, value, "{file}: JSON round trip");

    let as_xml = xml::to_vec(value).unwrap();
    let from_xml = EventResponse::from_xml(&as_xml, registry)
        .unwrap_or_else(|e| panic!("{file}: {e}\n{}", String::from_utf8_lossy(&as_xml)));
    assert_eq!(
        xml::to_vec(&from_xml).unwrap(),
        as_xml,
        "{file}: XML round trip is stable"
    );
    let pretty = xml::to_vec_pretty(value).unwrap();
    assert_eq!(
        EventResponse::from_xml(&pretty, registry).unwrap(),
        from_xml,
        "{file}: pretty XML"
    );
    let again = EventResponse::from_json(&json::to_vec(&from_xml).unwrap(), registry).unwrap();
    assert_eq!(
        without_rejection_messages(&again),
        without_rejection_messages(&from_xml),
        "{file}: XML -> JSON round trip"
    );
    without_rejection_messages(&from_xml) == without_rejection_messages(value)
}

#[test]
fn every_event_sample_decodes_and_round_trips() {
    let registry = ucwa_schema::registry();
    let mut summary = String::new();
    let mut count = 0;
    for (file, text, repairs) in event_samples() {
        let format = format_of(&file);
        let response = EventResponse::decode(format, text.as_bytes(), registry)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let exact = round_trips(&file, &response, registry);
        let events: Vec<String> = response
            .events()
            .map(|(sender, e)| {
                let mut s = format!("{}:{}>{}", sender.rel, e.kind, e.link.rel);
                if let Some(r) = &e.resource {
                    s.push_str(&format!(
                        "[{}{}]",
                        if r.key == r.rel() {
                            r.key.clone()
                        } else {
                            format!("{} as {}", r.key, r.rel())
                        },
                        if matches!(r.resource, Decoded::Typed(_)) {
                            " typed"
                        } else {
                            ""
                        }
                    ));
                }
                if let Some(i) = &e.in_link {
                    s.push_str(&format!(" in {}", i.rel));
                }
                if let Some(st) = &e.status {
                    s.push_str(&format!(" {st}"));
                }
                s
            })
            .collect();
        summary.push_str(&format!(
            "{file}{}{}: {} {}\n  {}\n",
            if repairs.is_empty() {
                String::new()
            } else {
                format!(" (repaired: {})", repairs.join(", "))
            },
            if exact { "" } else { " (XML normalises)" },
            response.continuation.rel(),
            response.senders.len(),
            events.join("\n  ")
        ));
        count += 1;
    }
    assert_eq!(count, 143);
    assert_snapshot!(summary);
}

#[test]
fn event_channel_details_json_and_xml_are_the_same_events() {
    let registry = test_registry();
    let from_json = EventResponse::from_json(
        sample("EventChannelDetails.sample.event.json").as_bytes(),
        &registry,
    )
    .unwrap();
    let from_xml = EventResponse::from_xml(
        sample("EventChannelDetails.sample.event.xml").as_bytes(),
        &registry,
    )
    .unwrap();
    assert_eq!(from_json, from_xml);

    let communication: &Communication = from_json.senders[0].events[0]
        .as_typed()
        .unwrap()
        .resource_as()
        .unwrap();
    assert_eq!(communication.etag.as_deref(), Some("2943169141"));
    assert_eq!(communication.supported_modalities, ["Messaging"]);
    assert_eq!(from_json.senders[1].events.len(), 4);
    assert!(round_trips("EventChannelDetails", &from_json, &registry));
    assert_debug_snapshot!(from_json);
    assert_snapshot!(
        "event-channel-details.json",
        json::to_string_pretty(&from_json).unwrap()
    );
    assert_snapshot!(
        "event-channel-details.xml",
        xml::to_string_pretty(&from_json).unwrap()
    );

    // With the schema's own registry the embedded resource is the schema's type, and the
    // two samples decode to equal values too.
    let registry = ucwa_schema::registry();
    let json_schema = EventResponse::from_json(
        sample("EventChannelDetails.sample.event.json").as_bytes(),
        registry,
    )
    .unwrap();
    let xml_schema = EventResponse::from_xml(
        sample("EventChannelDetails.sample.event.xml").as_bytes(),
        registry,
    )
    .unwrap();
    assert_eq!(json_schema, xml_schema);
    let typed: &ucwa_schema::Communication = json_schema.senders[0].events[0]
        .as_typed()
        .unwrap()
        .resource_as()
        .expect("typed by the schema");
    assert_eq!(typed.etag.as_deref(), Some("2943169141"));
}

#[test]
fn presence_events_are_typed_events_whose_target_is_presence() {
    for (kind, expected) in [
        ("added", EventType::Added),
        ("updated", EventType::Updated),
        ("deleted", EventType::Deleted),
    ] {
        let response = ucwa_codec::json::from_slice::<EventResponse>(
            sample(&format!("presence.event-{kind}.json")).as_bytes(),
        )
        .unwrap();
        let (sender, event) = response.events().next().unwrap();
        assert_eq!(sender.rel, "me");
        assert_eq!(event.kind, expected);
        assert_eq!(event.link.rel, Presence::REL);
        assert!(event.link.href().ends_with("/me/presence"));
        assert!(round_trips(kind, &response, ucwa_schema::registry()));
        assert_debug_snapshot!(format!("presence.event-{kind}"), response);
        assert_snapshot!(
            format!("presence.event-{kind}.xml"),
            xml::to_string_pretty(&response).unwrap()
        );
    }
}

/// A presence `updated` event with the presence embedded yields a typed `Presence`.
#[test]
fn embedded_presence_is_typed() {
    let body = br#"{"_links":{"self":{"href":"/events?ack=1"},"next":{"href":"/events?ack=2"}},
      "sender":[{"rel":"me","href":"/me","events":[{
        "link":{"rel":"presence","href":"/me/presence"},
        "_embedded":{"presence":{"rel":"presence","availability":"Away","activity":"Away",
                                 "_links":{"self":{"href":"/me/presence"}}}},
        "type":"updated"}]}]}"#;
    let response = ucwa_codec::json::from_slice::<EventResponse>(body).unwrap();
    let presence: &Presence = response.senders[0].events[0]
        .as_typed()
        .unwrap()
        .resource_as()
        .unwrap();
    assert_eq!(presence.availability, Some(Availability::Away));
    let xml_text = xml::to_string(&response).unwrap();
    let back = ucwa_codec::xml::from_slice::<EventResponse>(xml_text.as_bytes()).unwrap();
    assert_eq!(back, response);
    assert_snapshot!(xml::to_string_pretty(&response).unwrap());
}

/// The embedding key (`localParticipant`) and the resource's type (`participant`) are
/// both kept, and the type is what the registry is asked for.
#[test]
fn embedding_key_and_type_are_both_kept() {
    let registry = test_registry();
    let text = sample("repaired/EventsInUCWA.sample.event.json");
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["sender"][1]["events"].as_array_mut().unwrap().pop(); // the elided `{}`
    let text = serde_json::to_vec(&doc).unwrap();
    let response = EventResponse::from_json(&text, &registry).unwrap();
    let event = &response.senders[1].events[0].as_typed().unwrap();
    let embedded = event.resource.as_ref().unwrap();
    assert_eq!(embedded.key, "localParticipant");
    assert_eq!(embedded.rel(), "participant");
    let participant: &Participant = embedded.downcast_ref().unwrap();
    assert_eq!(participant.name.as_deref(), Some("John Doe"));
    assert_eq!(event.link.link.title.as_deref(), Some("John Doe"));

    let xml_text = xml::to_string_pretty(&response).unwrap();
    assert!(xml_text.contains(r#"<resource rel="localParticipant" href="#));
    assert!(xml_text.contains(r#"<property name="rel">participant</property>"#));
    assert_eq!(
        EventResponse::from_xml(xml_text.as_bytes(), &registry).unwrap(),
        response
    );

    // The sender whose body the page elided keeps just its rel.
    assert_eq!(response.senders[0].rel, "communication");
    assert_eq!(response.senders[0].href, None);
}

const ODD_JSON: &str = r#"{
  "_links": {"self": {"href": "/events?ack=7"}, "next": {"href": "/events?ack=8"}},
  "sender": [{"rel": "me", "href": "/me", "events": [
    {"link": {"rel": "presence", "href": "/me/presence"},
     "_embedded": {"presence": {"rel": "presence", "availability": "Online",
                                "_links": {"self": {"href": "/me/presence"}}}},
     "type": "updated"},
    {"link": {"rel": "presence", "href": "/me/presence"},
     "_embedded": {"presence": {"rel": "presence", "availability": "Busy", "availability": "Away",
                                "_links": {"self": {"href": "/me/presence"}}}},
     "type": "updated"},
    {"link": {"rel": "whiteboard", "href": "/me/whiteboard"},
     "_embedded": {"whiteboard": {"rel": "whiteboard", "ink": "blue"}},
     "type": "added"},
    {"link": {"rel": "presence", "href": "/me/presence"},
     "_embedded": {"presence": {"rel": "presence", "availability": "Busy",
                                "_links": {"self": {"href": "/me/presence"}}}},
     "type": "updated"}
  ]}]
}"#;

#[test]
fn one_odd_event_never_loses_the_batch_json() {
    let response = ucwa_codec::json::from_slice::<EventResponse>(ODD_JSON.as_bytes()).unwrap();
    let events = &response.senders[0].events;
    assert_eq!(events.len(), 4);
    let first: &Presence = events[0].as_typed().unwrap().resource_as().unwrap();
    assert_eq!(first.availability, Some(Availability::Online));
    let last: &Presence = events[3].as_typed().unwrap().resource_as().unwrap();
    assert_eq!(last.availability, Some(Availability::Busy));

    // Middle: `presence` rejects a repeated availability (which one would it be?); the
    // dynamic model keeps both, with the reason.
    let odd = events[1].as_typed().unwrap().resource.as_ref().unwrap();
    let Decoded::Dynamic { resource, reason } = &odd.resource else {
        panic!("expected a dynamic fallback: {odd:?}");
    };
    assert!(
        matches!(reason, Fallback::Rejected(m) if m.contains("availability")),
        "{reason:?}"
    );
    assert_eq!(resource.rel.as_deref(), Some("presence"));
    // A whiteboard is not in the registry.
    assert!(matches!(
        &events[2]
            .as_typed()
            .unwrap()
            .resource
            .as_ref()
            .unwrap()
            .resource,
        Decoded::Dynamic {
            reason: Fallback::UnknownRel,
            ..
        }
    ));
    assert!(round_trips("odd", &response, ucwa_schema::registry()));

    let mut reasons = String::new();
    for (i, e) in events.iter().enumerate() {
        if let Some(Decoded::Dynamic { reason, .. }) =
            e.as_typed().unwrap().resource.as_ref().map(|r| &r.resource)
        {
            reasons.push_str(&format!("{i}: {reason:?}\n"));
        }
    }
    assert_snapshot!(reasons);
}

/// A value its field does not take (here an object, or a list, for one availability)
/// no longer costs the resource its type: the value is kept in the catch-all with the
/// reason, reported as unfit, and written back in both formats.
#[test]
fn a_value_the_field_does_not_take_is_kept_in_the_typed_resource() {
    for (odd, why) in [
        (
            r#"{"nested": "object"}"#,
            "expected a single value, found an object",
        ),
        (
            r#"["Busy", "Away"]"#,
            "expected a single value, found a list",
        ),
    ] {
        let text = ODD_JSON.replace(
            r#""availability": "Busy", "availability": "Away""#,
            &format!(r#""availability": {odd}"#),
        );
        let response = ucwa_codec::json::from_slice::<EventResponse>(text.as_bytes()).unwrap();
        let presence: &Presence = response.senders[0].events[1]
            .as_typed()
            .unwrap()
            .resource_as()
            .unwrap();
        assert_eq!(presence.availability, None);
        assert_eq!(presence.extra.unfit_reason("availability"), Some(why));
        let mut untyped = Vec::new();
        ucwa_codec::Document::collect_untyped(presence, "presence", &mut untyped);
        assert_eq!(untyped.len(), 1, "{untyped:?}");
        assert_eq!(untyped[0].kind, ucwa_codec::UntypedKind::Unfit);
        assert!(round_trips("unfit", &response, ucwa_schema::registry()));
        // Strict: the type refuses the value, and a rejected resource is an error rather
        // than a fallback, at the value.
        let strict = ucwa_codec::Limits::DEFAULT.with_strict(true);
        let e = EventResponse::from_json_with(text.as_bytes(), ucwa_schema::registry(), strict)
            .unwrap_err();
        assert_eq!(e.path(), "sender/0/events/1/_embedded/presence", "{e}");
        assert!(e.message().contains("(`Availability`)"), "{e}");
    }
}

#[test]
fn one_odd_event_never_loses_the_batch_xml() {
    let text = r#"<?xml version="1.0" encoding="utf-8"?>
<events href="/events?ack=7" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">
  <link rel="next" href="/events?ack=8" />
  <sender rel="me" href="/me">
    <updated rel="presence" href="/me/presence">
      <resource rel="presence" href="/me/presence">
        <property name="availability">Online</property>
        <property name="rel">presence</property>
      </resource>
    </updated>
    <updated rel="presence" href="/me/presence">
      <resource rel="presence" href="/me/presence">
        <property name="availability">Busy</property><property name="availability">Away</property>
        <property name="rel">presence</property>
      </resource>
    </updated>
    <added rel="whiteboard" href="/me/whiteboard">
      <resource rel="whiteboard" href="/me/whiteboard"><property name="ink">blue</property></resource>
    </added>
    <updated rel="presence" href="/me/presence">
      <resource rel="presence" href="/me/presence">
        <property name="rel">presence</property>
        <property name="availability">Busy</property>
      </resource>
    </updated>
  </sender>
</events>"#;
    let response = ucwa_codec::xml::from_slice::<EventResponse>(text.as_bytes()).unwrap();
    let events = &response.senders[0].events;
    assert_eq!(events.len(), 4);
    assert_eq!(
        events[0]
            .as_typed()
            .unwrap()
            .resource_as::<Presence>()
            .unwrap()
            .availability,
        Some(Availability::Online)
    );
    assert_eq!(
        events[3]
            .as_typed()
            .unwrap()
            .resource_as::<Presence>()
            .unwrap()
            .availability,
        Some(Availability::Busy)
    );
    let Decoded::Dynamic { resource, reason } = &events[1]
        .as_typed()
        .unwrap()
        .resource
        .as_ref()
        .unwrap()
        .resource
    else {
        panic!("expected a dynamic fallback");
    };
    // The type's error points into the whole document (line 12).
    assert_snapshot!(format!("{reason:?}"));
    assert_eq!(resource.rel.as_deref(), Some("presence"));
    assert!(matches!(
        &events[2]
            .as_typed()
            .unwrap()
            .resource
            .as_ref()
            .unwrap()
            .resource,
        Decoded::Dynamic {
            reason: Fallback::UnknownRel,
            ..
        }
    ));
    // The XML survives the trip, the odd event included.
    let again =
        ucwa_codec::xml::from_slice::<EventResponse>(&xml::to_vec(&response).unwrap()).unwrap();
    assert_eq!(again, response);
    let via_json =
        ucwa_codec::json::from_slice::<EventResponse>(&json::to_vec(&response).unwrap()).unwrap();
    assert_eq!(
        without_rejection_messages(&via_json),
        without_rejection_messages(&response)
    );
}

/// An embedded resource whose type comes first is decoded in place, in one pass; when
/// its type rejects it partway (at any depth), the reader finishes the element and the
/// dynamic model takes it, exactly as when the type comes last (skimmed first).
#[test]
fn in_place_decoding_recovers_from_rejection_at_any_depth() {
    let bodies = [
        // Rejected at a propertyList, its items unread (a repeated known property).
        (
            "presence",
            r#"<property name="availability">Online</property><propertyList name="availability"><item>Busy</item><item>Away</item></propertyList><property name="activity">x</property>"#,
        ),
        // Rejected after a whole property (a duplicate).
        (
            "presence",
            r#"<property name="availability">Online</property><property name="availability">Busy</property><link rel="a" href="/a" />"#,
        ),
        // Rejected in a typed nested resource, two levels down: that one falls back
        // alone, into the application's catch-all; the application stays typed.
        (
            "application",
            r#"<resource rel="me" href="/me"><property name="rel">me</property><property name="name">a</property><property name="name">b</property><resource rel="x" href="/x"><property name="y">1</property></resource></resource><property name="culture">en-US</property>"#,
        ),
        // Rejected on the last member, then nothing left.
        (
            "presence",
            r#"<property name="activity">x</property><property name="availability" xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" /><propertyList name="activity"></propertyList>"#,
        ),
        // Accepted: typed in place.
        (
            "presence",
            r#"<property name="availability">Busy</property>"#,
        ),
    ];
    let document = |ty: &str, body: &str, rel_first: bool| {
        let rel = format!(r#"<property name="rel">{ty}</property>"#);
        // Links come first, as UCWA writes them; the in-place path looks past them.
        let link = r#"<link rel="l" href="/l?a='>'" />"#;
        let members = if rel_first {
            format!("{link}\n  {rel}{body}")
        } else {
            format!("{link}{body}{rel}")
        };
        format!(
            r#"<events href="/e" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><link rel="next" href="/e2" /><sender rel="me" href="/me"><updated rel="{ty}" href="/p"><resource rel="{ty}" href="/p">{members}</resource></updated><updated rel="presence" href="/p"><resource rel="presence" href="/p"><property name="rel">presence</property><property name="availability">Away</property></resource></updated></sender></events>"#
        )
    };
    for (i, (ty, body)) in bodies.iter().enumerate() {
        let in_place =
            ucwa_codec::xml::from_slice::<EventResponse>(document(ty, body, true).as_bytes())
                .unwrap_or_else(|e| panic!("{i}: {e}"));
        let skimmed =
            ucwa_codec::xml::from_slice::<EventResponse>(document(ty, body, false).as_bytes())
                .unwrap_or_else(|e| panic!("{i}: {e}"));
        let events = &in_place.senders[0].events;
        assert_eq!(events.len(), 2, "{i}");
        let first = &events[0]
            .as_typed()
            .unwrap()
            .resource
            .as_ref()
            .unwrap()
            .resource;
        let expect_typed = i == 2 || i == bodies.len() - 1;
        assert_eq!(
            matches!(first, Decoded::Typed(_)),
            expect_typed,
            "{i}: {first:?}"
        );
        if i == 2 {
            let application: &ucwa_schema::Application = first.downcast_ref().unwrap();
            assert!(application.me.is_none());
            let why = application.extra.rejected_reason("me").unwrap();
            assert!(why.contains("duplicate property `name`"), "{why}");
            assert_eq!(application.culture.as_deref(), Some("en-US"));
        }
        if let Decoded::Dynamic { resource, reason } = first {
            assert!(matches!(reason, Fallback::Rejected(_)), "{i}: {reason:?}");
            assert_eq!(resource.rel.as_deref(), Some(*ty), "{i}");
        }
        // The reader went on past the element: the next event is typed as usual.
        assert_eq!(
            events[1]
                .as_typed()
                .unwrap()
                .resource_as::<Presence>()
                .unwrap()
                .availability,
            Some(Availability::Away),
            "{i}"
        );
        // Same outcome as the skim-first path (the members' order aside).
        let kinds = |r: &EventResponse| {
            r.senders[0]
                .events
                .iter()
                .map(
                    |e| match &e.as_typed().unwrap().resource.as_ref().unwrap().resource {
                        Decoded::Typed(_) => "typed".to_owned(),
                        Decoded::Dynamic { resource, .. } => {
                            let mut names: Vec<_> = resource
                                .members
                                .properties
                                .iter()
                                .map(|(n, _)| n.clone())
                                .collect();
                            names.sort();
                            format!("dynamic {names:?}")
                        }
                    },
                )
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds(&in_place), kinds(&skimmed), "{i}");
    }
}

/// The forms this crate chose for `in`, `status`, `reason` and unknown members in XML.
#[test]
fn in_status_reason_and_extra_members_in_both_formats() {
    let text = r#"{
      "_links": {"self": {"href": "/events?ack=3"}, "next": {"href": "/events?ack=4"},
                 "related": {"href": "/x"}},
      "sender": [{"rel": "communication", "href": "/communication", "events": [
        {"link": {"rel": "messagingInvitation", "href": "/communication/messagingInvitations/1",
                  "title": "Invite", "revision": 2},
         "in": {"rel": "conversation", "href": "/communication/conversations/1", "title": "Chat"},
         "status": "Failure",
         "reason": {"code": "Forbidden", "subcode": "DestinationNotFound",
                    "message": "The person you invited does not exist.",
                    "debugInfo": {"diagnostics": "404;reason=\"Not found\""}},
         "priority": "High",
         "type": "completed"}
      ]}]
    }"#;
    let response = ucwa_codec::json::from_slice::<EventResponse>(text.as_bytes()).unwrap();
    let event = &response.senders[0].events[0].as_typed().unwrap();
    assert_eq!(event.kind, EventType::Completed);
    assert_eq!(event.status, Some(EventStatus::Failure));
    let reason = event.reason.as_ref().unwrap();
    assert_eq!(reason.code, ErrorCode::Forbidden);
    assert_eq!(reason.subcode, Some(ErrorSubcode::DestinationNotFound));
    assert_eq!(event.in_link.as_ref().unwrap().rel, "conversation");
    assert_eq!(event.link.link.attribute("revision"), Some("2"));
    assert_eq!(event.extra.get_str("priority"), Some("High"));
    assert_eq!(response.links[0].0, "related");

    let as_xml = xml::to_string_pretty(&response).unwrap();
    assert_snapshot!("in-status-reason.xml", as_xml);
    assert_snapshot!(
        "in-status-reason.json",
        json::to_string_pretty(&response).unwrap()
    );
    assert_eq!(
        ucwa_codec::xml::from_slice::<EventResponse>(as_xml.as_bytes()).unwrap(),
        response
    );

    let mut untyped = Vec::new();
    ucwa_codec::Document::collect_untyped(&response, "events", &mut untyped);
    assert_snapshot!(
        "in-status-reason.untyped",
        untyped
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn resume_and_resync_say_to_drop_state() {
    for (rel, expected) in [("next", false), ("resume", true), ("resync", true)] {
        let text = format!(r#"{{"_links":{{"{rel}":{{"href":"/events?ack=9"}}}}}}"#);
        let response = ucwa_codec::json::from_slice::<EventResponse>(text.as_bytes()).unwrap();
        assert_eq!(response.continuation.rel(), rel);
        assert_eq!(response.resets_state(), expected);
        assert!(response.senders.is_empty());
        let as_xml = xml::to_string(&response).unwrap();
        assert_eq!(
            as_xml,
            format!(
                r#"<?xml version="1.0" encoding="utf-8"?><events xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><link rel="{rel}" href="/events?ack=9" /></events>"#
            )
        );
        assert_eq!(
            ucwa_codec::xml::from_slice::<EventResponse>(as_xml.as_bytes()).unwrap(),
            response
        );
    }
    let resync = EventResponse::new(Continuation::Resync(Link::new("/events?ack=2")));
    assert_eq!(
        json::to_string(&resync).unwrap(),
        r#"{"_links":{"resync":{"href":"/events?ack=2"}},"sender":[]}"#
    );
}

#[test]
fn unknown_event_types_are_kept() {
    let text = r#"{"_links":{"next":{"href":"/e?ack=2"}},"sender":[{"rel":"me","href":"/me",
        "events":[{"link":{"rel":"note","href":"/me/note"},"type":"moved"}]}]}"#;
    let response = ucwa_codec::json::from_slice::<EventResponse>(text.as_bytes()).unwrap();
    assert_eq!(
        response.senders[0].events[0].as_typed().unwrap().kind,
        EventType::Other("moved".into())
    );
    let as_xml = xml::to_string(&response).unwrap();
    assert!(as_xml.contains(r#"<moved rel="note" href="/me/note" />"#));
    assert_eq!(
        ucwa_codec::xml::from_slice::<EventResponse>(as_xml.as_bytes()).unwrap(),
        response
    );

    let bad = text.replace("moved", "moved out");
    let response = ucwa_codec::json::from_slice::<EventResponse>(bad.as_bytes()).unwrap();
    let e = xml::to_string(&response).unwrap_err();
    assert_eq!(
        e.message(),
        "`moved out` cannot be written as an XML element name"
    );
}

#[test]
fn malformed_responses_are_rejected_with_a_path() {
    let cases: [(Format, &str); 8] = [
        (
            Format::Json,
            r#"{"_links":{"self":{"href":"/e"}},"sender":[]}"#,
        ),
        (
            Format::Json,
            r#"{"_links":{"next":{"href":"/a"},"resync":{"href":"/b"}}}"#,
        ),
        (
            Format::Json,
            r#"{"_links":{"next":{"href":"/a"}},"sender":[{"rel":"me","events":[{"link":{"rel":"x","href":"/x"}}]}]}"#,
        ),
        (
            Format::Json,
            r#"{"_links":{"next":{"href":"/a"}},"sender":[{"href":"/me","events":[]}]}"#,
        ),
        (
            Format::Json,
            r#"{"_links":{"next":{"href":"/a"}},"sender":[{"rel":"me","events":[{"link":{"rel":"x","href":"/x"},"_embedded":{"a":{},"b":{}},"type":"added"}]}]}"#,
        ),
        (Format::Xml, r#"<events><sender rel="me" /></events>"#),
        (
            Format::Xml,
            r#"<events><link rel="next" href="/a"/><sender rel="me"><added href="/x"/></sender></events>"#,
        ),
        (
            Format::Xml,
            r#"<events><link rel="next" href="/a"/><sender rel="me"><added rel="x" href="/x"><foo/></added></sender></events>"#,
        ),
    ];
    // Strictly: some of these are events that do not fit, which a default decode keeps
    // (see `an_event_that_does_not_fit_is_kept_whole`).
    let strict = Limits::DEFAULT.with_strict(true);
    let mut out = String::new();
    for (format, text) in cases {
        let e = match format {
            Format::Json => EventResponse::from_json_with(text.as_bytes(), registry(), strict),
            Format::Xml => EventResponse::from_xml_with(text.as_bytes(), registry(), strict),
        }
        .unwrap_err();
        out.push_str(&format!("{format} {text}\n  {e}\n"));
    }
    assert_snapshot!(out);
}

/// A sender and an event's link are link-like objects: their members follow the same
/// rules as every other JSON link (one reader, `json::LinkMembers`), so what JSON
/// accepts XML can write.
#[test]
fn sender_and_event_links_follow_the_link_rules() {
    let wrap =
        |sender: &str| format!(r#"{{"_links":{{"next":{{"href":"/a"}}}},"sender":[{sender}]}}"#);
    let refused = [
        // Not an XML attribute name, on the sender and on an event's link.
        (r#"{"rel":"me","a b":"1","events":[]}"#, "sender/0/a b"),
        (
            r#"{"rel":"me","events":[{"link":{"rel":"x","href":"/x","a=\"1\"":"y"},"type":"added"}]}"#,
            "sender/0/events/0/link/a=\"1\"",
        ),
        // Repeats that XML could not carry.
        (
            r#"{"rel":"me","title":"a","title":"b","events":[]}"#,
            "sender/0/title",
        ),
        (
            r#"{"rel":"me","events":[{"link":{"rel":"x","rel":"y","href":"/x"},"type":"added"}]}"#,
            "sender/0/events/0/link/rel",
        ),
        // A prefix bound to nothing.
        (
            r#"{"rel":"me","xmlns:p":"","events":[]}"#,
            "sender/0/xmlns:p",
        ),
    ];
    let strict = Limits::DEFAULT.with_strict(true);
    for (sender, path) in refused {
        let input = wrap(sender);
        let e = EventResponse::from_json_with(input.as_bytes(), registry(), strict).unwrap_err();
        assert_eq!(e.path(), path, "{sender}: {e}");
        // By default an event whose link breaks them is kept whole, as read (a sender's
        // link is no event: it still fails the response).
        let lenient = ucwa_codec::json::from_slice::<EventResponse>(input.as_bytes());
        if path.contains("/events/") {
            let response = lenient.unwrap();
            let (_, unfit) = response.unfit_events().next().unwrap();
            assert!(unfit.reason.starts_with("`link/"), "{}", unfit.reason);
            assert_eq!(json::to_string(&response).unwrap(), input);
        } else {
            assert_eq!(lenient.unwrap_err().path(), path);
        }
    }
    // Numbers and booleans are kept as attribute text, as on any link.
    let kept = ucwa_codec::json::from_slice::<EventResponse>(
        wrap(r#"{"rel":"me","revision":2,"events":[{"link":{"rel":"x","href":"/x","on":true},"type":"added"}]}"#)
            .as_bytes(),
    )
    .unwrap();
    let sender = &kept.senders[0];
    assert_eq!(sender.attributes, [("revision".to_owned(), "2".to_owned())]);
    assert_eq!(
        sender.events[0]
            .as_typed()
            .unwrap()
            .link
            .link
            .attribute("on"),
        Some("true")
    );
}

/// Event responses go through the same document prelude as every other document: the
/// size limit, the byte-order mark, located UTF-8 errors, nothing after the root.
#[test]
fn event_responses_share_the_document_prelude() {
    let json = br#"{"_links":{"next":{"href":"/a"}}}"#;
    let xml = br#"<events xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><link rel="next" href="/a"/></events>"#;
    let registry = ucwa_schema::registry();
    for (format, text) in [(Format::Json, &json[..]), (Format::Xml, &xml[..])] {
        let with_bom = [&b"\xEF\xBB\xBF"[..], text].concat();
        let response = EventResponse::decode(format, &with_bom, registry).unwrap();
        assert_eq!(response.continuation.link().href, "/a");
        let small = ucwa_codec::Limits::DEFAULT.with_max_input_bytes(10);
        let e = match format {
            Format::Json => EventResponse::from_json_with(text, registry, small),
            Format::Xml => EventResponse::from_xml_with(text, registry, small),
        }
        .unwrap_err();
        assert_eq!(e.category(), ucwa_codec::Category::Limit, "{format}: {e}");
        let trailing = [text, &b" x"[..]].concat();
        assert!(
            EventResponse::decode(format, &trailing, registry).is_err(),
            "{format}"
        );
    }
    let broken = [&xml[..20], &b"\xFF"[..], &xml[20..]].concat();
    let e = EventResponse::from_xml(&broken, registry).unwrap_err();
    assert_eq!((e.line(), e.column()), (1, 21), "{e}");
}

#[test]
fn serde_json_and_the_codec_entry_points_work_too() {
    let text = sample("EventChannelDetails.sample.event.json");
    let via_serde: EventResponse = serde_json::from_str(&text).unwrap();
    let via_codec: EventResponse = json::from_str(&text).unwrap();
    assert_eq!(via_serde, via_codec);
    let via_xml: EventResponse =
        xml::from_str(&sample("EventChannelDetails.sample.event.xml")).unwrap();
    assert_eq!(via_xml.senders.len(), 2);
    // An event response is not a resource: the dynamic resource model reads it as an
    // untyped object of unknown members.
    let dynamic = json::from_str::<DynResource>(&text).unwrap();
    assert_eq!(dynamic.rel, None);
    assert!(dynamic.members.property("sender").is_some());
}

mod channel {
    use ucwa_schema::event_channel::{ChannelParams, EventChannel, StateReset};
    use ucwa_schema::events::EventResponse;
    use ucwa_tests::sample;

    const BASE: &str = "https://fe1.contoso.com:443/ucwa/oauth/v1/applications/102";

    fn response(continuation: &str, href: &str) -> EventResponse {
        let text = format!(r#"{{"_links":{{"{continuation}":{{"href":"{href}"}}}}}}"#);
        ucwa_codec::json::from_slice::<EventResponse>(text.as_bytes()).unwrap()
    }

    #[test]
    fn follows_next_links_and_keeps_the_server_query() {
        let mut channel =
            EventChannel::parse(BASE, "/ucwa/oauth/v1/applications/102/events?ack=1").unwrap();
        assert_eq!(
            channel.next_url().as_str(),
            "https://fe1.contoso.com/ucwa/oauth/v1/applications/102/events?ack=1"
        );
        let sample = ucwa_codec::json::from_slice::<EventResponse>(
            sample("EventChannelDetails.sample.event.json").as_bytes(),
        )
        .unwrap();
        let step = channel.on_response(&sample).unwrap();
        assert_eq!(step.drop_state, None);
        assert_eq!(
            step.next_url.as_str(),
            "https://fe1.contoso.com/ucwa/oauth/v1/applications/102/events?ack=2"
        );
        // An absolute href replaces the base; a relative one without a slash resolves
        // against the base's folder.
        let step = channel
            .on_response(&response(
                "next",
                "https://fe2.contoso.com/events?ack=3&x=a%20b",
            ))
            .unwrap();
        assert_eq!(
            step.next_url.as_str(),
            "https://fe2.contoso.com/events?ack=3&x=a%20b"
        );
        let step = channel
            .on_response(&response("next", "events?ack=4"))
            .unwrap();
        assert_eq!(
            step.next_url.as_str(),
            "https://fe1.contoso.com/ucwa/oauth/v1/applications/events?ack=4"
        );
    }

    #[test]
    fn settings_go_with_the_first_request_after_a_change_and_after_resume() {
        let params = ChannelParams {
            timeout: Some(900),
            low: Some(600),
            medium: Some(300),
            priority: None,
        };
        let mut channel = EventChannel::parse(BASE, "events?ack=5")
            .unwrap()
            .with_params(params);
        let first = channel.next_url();
        assert_eq!(first.query(), Some("ack=5&timeout=900&low=600&medium=300"));

        // Acknowledged: the server remembers them.
        let step = channel
            .on_response(&response("next", "events?ack=6"))
            .unwrap();
        assert_eq!(step.next_url.query(), Some("ack=6"));

        // A change goes with the next request only.
        channel.set_params(ChannelParams {
            priority: Some(2),
            ..params
        });
        assert_eq!(
            channel.next_url().query(),
            Some("ack=6&timeout=900&low=600&medium=300&priority=2")
        );
        let step = channel
            .on_response(&response("next", "events?ack=7"))
            .unwrap();
        assert_eq!(step.next_url.query(), Some("ack=7"));

        // resume: state dropped, settings resent.
        let step = channel
            .on_response(&response("resume", "events?ack=8"))
            .unwrap();
        assert_eq!(step.drop_state, Some(StateReset::Resume));
        assert_eq!(
            step.next_url.query(),
            Some("ack=8&timeout=900&low=600&medium=300&priority=2")
        );
        let step = channel
            .on_response(&response("resync", "events?ack=3"))
            .unwrap();
        assert_eq!(step.drop_state, Some(StateReset::Resync));
        assert_eq!(channel.server_link().query(), Some("ack=3"));
    }

    #[test]
    fn a_server_value_of_a_client_setting_is_replaced_not_repeated() {
        let channel = EventChannel::parse(BASE, "events?ack=5&timeout=60&x=a+b")
            .unwrap()
            .with_params(ChannelParams {
                timeout: Some(900),
                ..Default::default()
            })
            .always_send_params(true);
        assert_eq!(channel.next_url().query(), Some("ack=5&x=a+b&timeout=900"));
    }
}

/// An event that does not fit `Event` (no `type`, a link without its `href` or `rel`, a
/// member given twice) is kept whole in its place, with the reason; the events around it
/// are typed as usual, and it is written back as it came.
#[test]
fn an_event_that_does_not_fit_is_kept_whole() {
    let typed = r#"{"link":{"rel":"presence","href":"/me/presence"},"type":"updated"}"#;
    let unfit = [
        (r#"{}"#, "event without a `type`"),
        (
            r#"{"link":{"rel":"note"},"n":123456789012345678901234567890,"type":"added"}"#,
            "`link`: link without an `href`",
        ),
        (
            r#"{"link":{"rel":"x","href":"/x"},"type":"added","type":"deleted"}"#,
            "`type`: duplicate member `type`",
        ),
        (
            r#"{"link":{"rel":"x","href":"/x"},"status":7,"type":"completed"}"#,
            "`status`: ",
        ),
    ];
    for (event, reason) in unfit {
        let input = format!(
            r#"{{"_links":{{"next":{{"href":"/e?ack=2"}}}},"sender":[{{"rel":"me","href":"/me","events":[{typed},{event},{typed}]}}]}}"#
        );
        let response = ucwa_codec::json::from_slice::<EventResponse>(input.as_bytes()).unwrap();
        assert_eq!(response.events().count(), 2, "{event}");
        let found: Vec<_> = response.unfit_events().collect();
        assert_eq!(found.len(), 1, "{event}");
        assert!(
            found[0].1.reason.starts_with(reason),
            "{event}: {}",
            found[0].1.reason
        );
        assert!(response.senders[0].events[1].as_unfit().is_some());
        // Written back as it came, every digit and the repeated member too.
        assert_eq!(json::to_string(&response).unwrap(), input);
        // Reported, at its place.
        let mut untyped = Vec::new();
        ucwa_codec::Document::collect_untyped(&response, "events", &mut untyped);
        assert_eq!(untyped.len(), 1, "{event}");
        assert_eq!(untyped[0].kind, UntypedKind::UnfitEvent);
        assert_eq!(untyped[0].path, "events/sender/0/events/1");
        // Refused in strict mode, at the member.
        let strict = Limits::DEFAULT.with_strict(true);
        let e = EventResponse::from_json_with(input.as_bytes(), registry(), strict).unwrap_err();
        assert!(e.path().starts_with("sender/0/events/1"), "{event}: {e}");
    }

    // XML carries an unfit event whose members can make an event element; one without
    // a `type` has no element name, and the writer says so.
    let no_type = r#"{"_links":{"next":{"href":"/n"}},"sender":[{"rel":"me","events":[{"link":{"rel":"x","href":"/x"}}]}]}"#;
    let response = ucwa_codec::json::from_slice::<EventResponse>(no_type.as_bytes()).unwrap();
    let e = xml::to_string(&response).unwrap_err();
    assert!(e.message().contains("it has no `type`"), "{e}");
    let no_href = r#"{"_links":{"next":{"href":"/n"}},"sender":[{"rel":"me","events":[{"link":{"rel":"note","title":"T"},"priority":"High","type":"added"}]}]}"#;
    let response = ucwa_codec::json::from_slice::<EventResponse>(no_href.as_bytes()).unwrap();
    let as_xml = xml::to_string(&response).unwrap();
    assert!(
        as_xml.contains(
            r#"<added rel="note" title="T"><property name="priority">High</property></added>"#
        ),
        "{as_xml}"
    );
    // Read from XML, it is the same unfit event, and goes back to the same JSON.
    let from_xml = ucwa_codec::xml::from_slice::<EventResponse>(as_xml.as_bytes()).unwrap();
    assert_eq!(from_xml.unfit_events().count(), 1);
    assert_eq!(json::to_string(&from_xml).unwrap(), no_href);
    assert_eq!(xml::to_string(&from_xml).unwrap(), as_xml);
}

/// XML: an event element whose attributes make no link (no `rel`, no `href`, on the
/// event or its `<in>`) is kept whole; the other events of its sender are typed.
#[test]
fn an_xml_event_that_does_not_fit_is_kept_whole() {
    // As the writer spells it, so that the round trip compares byte for byte.
    let input = r#"<?xml version="1.0" encoding="utf-8"?><events xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><link rel="next" href="/n" /><sender rel="me" href="/me"><updated rel="presence" href="/me/presence" /><added href="/x"><in rel="conversation" /><status>Success</status></added><deleted rel="note" href="/note" /></sender></events>"#;
    let response = ucwa_codec::xml::from_slice::<EventResponse>(input.as_bytes()).unwrap();
    assert_eq!(response.events().count(), 2);
    let (_, unfit) = response.unfit_events().next().unwrap();
    assert_eq!(
        unfit.reason,
        "<added> without a `rel`; <in> without an `href`"
    );
    assert_eq!(unfit.kind(), Some("added"));
    assert_eq!(xml::to_string(&response).unwrap(), input);
    assert_eq!(
        json::to_string(&unfit.value).unwrap(),
        r#"{"link":{"href":"/x"},"in":{"rel":"conversation"},"status":"Success","type":"added"}"#
    );
    let strict = Limits::DEFAULT.with_strict(true);
    let e = EventResponse::from_xml_with(input.as_bytes(), registry(), strict).unwrap_err();
    assert_eq!(e.path(), "events/sender/0/events/1");
    assert!(e.message().contains("<added> without a `rel`"), "{e}");
}

/// The reference's own sample elides an event as `{}`: the rest of its response is typed.
#[test]
fn the_reference_sample_with_an_elided_event_decodes() {
    let text = sample("repaired/EventsInUCWA.sample.event.json");
    let response = ucwa_codec::json::from_slice::<EventResponse>(text.as_bytes()).unwrap();
    let unfit: Vec<_> = response.unfit_events().collect();
    assert_eq!(unfit.len(), 1);
    assert_eq!(unfit[0].1.value, ucwa_codec::Value::Object(Vec::new()));
    assert!(response.events().count() >= 2);
}

/// Read strictly, what would fall back to the dynamic model (a resource its type
/// rejects) is an error: for a whole document through the registry, and for a resource
/// embedded in an event, in both formats. A rel no type is registered for still reads
/// dynamically.
#[test]
fn strict_mode_refuses_what_would_fall_back() {
    let strict = Limits::DEFAULT.with_strict(true);
    // A known property given twice: the type refuses the document (the server would
    // read one of them), the dynamic model takes it.
    let rejected_json = r#"{"rel":"application","_links":{"self":{"href":"/a"}},"culture":"en-US","culture":"fr-FR"}"#;
    let decoded = registry()
        .decode(Format::Json, rejected_json.as_bytes())
        .unwrap();
    let Decoded::Dynamic {
        resource,
        reason: Fallback::Rejected(_),
    } = &decoded
    else {
        panic!("{decoded:?}");
    };
    let e = registry()
        .decode_with(Format::Json, rejected_json.as_bytes(), strict)
        .unwrap_err();
    assert!(e.message().contains("culture"), "{e}");

    let rejected_xml = xml::to_string(&**resource).unwrap();
    let decoded = registry()
        .decode(Format::Xml, rejected_xml.as_bytes())
        .unwrap();
    assert!(
        matches!(
            decoded,
            Decoded::Dynamic {
                reason: Fallback::Rejected(_),
                ..
            }
        ),
        "{decoded:?}"
    );
    let e = registry()
        .decode_with(Format::Xml, rejected_xml.as_bytes(), strict)
        .unwrap_err();
    assert!(e.message().contains("culture"), "{e}");

    // An embedded `me` that says it is another resource falls back alone: the
    // application stays typed; strictly, it is an error.
    let embedded_json = r#"{"rel":"application","_links":{"self":{"href":"/a"}},"_embedded":{"me":{"rel":"person","_links":{"self":{"href":"/me"}}}}}"#;
    for format in [Format::Json, Format::Xml] {
        let input = match format {
            Format::Json => embedded_json.to_owned(),
            Format::Xml => {
                let typed =
                    ucwa_codec::json::from_str::<ucwa_schema::Application>(embedded_json).unwrap();
                xml::to_string(&typed).unwrap()
            }
        };
        let decoded = registry().decode(format, input.as_bytes()).unwrap();
        let application: &ucwa_schema::Application = decoded.downcast_ref().unwrap();
        assert!(application.me.is_none(), "{format}");
        let why = application.extra.rejected_reason("me").unwrap();
        assert!(why.contains("person"), "{format}: {why}");
        let mut untyped = Vec::new();
        ucwa_codec::Document::collect_untyped(application, "application", &mut untyped);
        assert_eq!(untyped.len(), 1, "{untyped:?}");
        assert_eq!(
            (
                untyped[0].kind,
                untyped[0].name.as_str(),
                untyped[0].reason.as_deref()
            ),
            (UntypedKind::Embedded, "me", Some(why))
        );
        // Written back as it came.
        match format {
            Format::Json => assert_eq!(json::to_string(application).unwrap(), embedded_json),
            Format::Xml => assert_eq!(xml::to_string(application).unwrap(), input),
        }
        let e = registry()
            .decode_with(format, input.as_bytes(), strict)
            .unwrap_err();
        assert!(e.message().contains("person"), "{format}: {e}");
    }

    let unknown = r#"{"rel":"noSuchThing","x":1}"#;
    let decoded = registry()
        .decode_with(Format::Json, unknown.as_bytes(), strict)
        .unwrap();
    assert!(matches!(
        decoded,
        Decoded::Dynamic {
            reason: Fallback::UnknownRel,
            ..
        }
    ));

    // Embedded in an event.
    let event = format!(
        r#"{{"_links":{{"next":{{"href":"/n"}}}},"sender":[{{"rel":"me","events":[{{"link":{{"rel":"application","href":"/a"}},"_embedded":{{"application":{}}},"type":"updated"}}]}}]}}"#,
        embedded_json
    );
    let response = ucwa_codec::json::from_slice::<EventResponse>(event.as_bytes()).unwrap();
    assert_eq!(response.events().count(), 1);
    let e = EventResponse::from_json_with(event.as_bytes(), registry(), strict).unwrap_err();
    assert!(e.path().starts_with("sender/0/events/0/_embedded"), "{e}");
    let as_xml = xml::to_string(&response).unwrap();
    assert!(ucwa_codec::xml::from_slice::<EventResponse>(as_xml.as_bytes()).is_ok());
    let e = EventResponse::from_xml_with(as_xml.as_bytes(), registry(), strict).unwrap_err();
    assert!(e.message().contains("person"), "{e}");
}

/// Found by fuzzing (events): an unfit event crosses formats and comes back the same.
/// Its members stand in an event's order (`link`'s in a link's), as a typed event's do,
/// so XML's fixed order of attributes and children changes nothing; attribute text comes
/// back as XML text is read.
#[test]
fn an_unfit_event_crosses_formats_unchanged() {
    let input = r#"{"_links":{"next":{"href":"/n"}},"sender":[{"rel":"c","events":[{"type":"added","link":{"mhref":"/p","title":"T","rel":"participant","revision":2}}]}]}"#;
    let response = ucwa_codec::json::from_slice::<EventResponse>(input.as_bytes()).unwrap();
    let json_out = json::to_string(&response).unwrap();
    assert_eq!(
        json_out,
        r#"{"_links":{"next":{"href":"/n"}},"sender":[{"rel":"c","events":[{"link":{"rel":"participant","title":"T","mhref":"/p","revision":2},"type":"added"}]}]}"#
    );
    let as_xml = xml::to_string(&response).unwrap();
    let back = ucwa_codec::xml::from_slice::<EventResponse>(as_xml.as_bytes()).unwrap();
    assert_eq!(back, response);
    assert_eq!(json::to_string(&back).unwrap(), json_out);
    // The reasons differ by format; they are diagnostics, not part of the value.
    assert_ne!(
        back.unfit_events().next().unwrap().1.reason,
        response.unfit_events().next().unwrap().1.reason
    );
}

/// Found by fuzzing (events): an unfit event's embedded resource is kept as a decoded
/// resource writes itself (`_links` after the properties, as a dynamic resource's), in
/// both formats, so that it too crosses formats unchanged.
#[test]
fn an_unfit_events_embedded_resource_crosses_formats_unchanged() {
    let input = r#"{"_links":{"next":{"href":"/n"}},"sender":[{"rel":"communication","events":[{"link":{"href":"/i1","rem":"x"},"_embedded":{"thing":{"_links":{"self":{"href":"/i1"}},"direction":"Outgoing","rel":"noSuchType"}},"type":"started"}]}]}"#;
    let response = ucwa_codec::json::from_slice::<EventResponse>(input.as_bytes()).unwrap();
    assert_eq!(response.unfit_events().count(), 1);
    let json_out = json::to_string(&response).unwrap();
    let as_xml = xml::to_string(&response).unwrap();
    let back = ucwa_codec::xml::from_slice::<EventResponse>(as_xml.as_bytes()).unwrap();
    assert_eq!(back, response);
    assert_eq!(json::to_string(&back).unwrap(), json_out);
}

/// A known link relationship given more often than its field takes (two `batch` links
/// where the application has room for one) is kept in the catch-all with the reason,
/// both links together, in both formats; the application stays typed. Strictly, it is an
/// error.
#[test]
fn links_a_field_has_no_room_for_are_kept_with_the_reason() {
    let input = r#"{"rel":"application","culture":"en-US","_links":{"self":{"href":"/a"},"batch":[{"href":"/b1"},{"href":"/b2"}]}}"#;
    let typed = ucwa_codec::json::from_str::<ucwa_schema::Application>(input).unwrap();
    assert!(typed.batch.is_none());
    assert_eq!(typed.culture.as_deref(), Some("en-US"));
    let why = typed.extra.refused_link_reason("batch").unwrap();
    assert_eq!(why, "link `batch`: expected one, found an array of 2");
    assert_eq!(json::to_string(&typed).unwrap(), input);
    let mut untyped = Vec::new();
    ucwa_codec::Document::collect_untyped(&typed, "application", &mut untyped);
    assert_eq!(untyped.len(), 1);
    assert_eq!(untyped[0].kind, UntypedKind::Link);
    assert_eq!(untyped[0].reason.as_deref(), Some(why));

    // XML: the second `<link rel="batch">` moves the first along with it.
    let as_xml = xml::to_string(&typed).unwrap();
    let from_xml = ucwa_codec::xml::from_str::<ucwa_schema::Application>(&as_xml).unwrap();
    assert!(from_xml.batch.is_none());
    assert!(
        from_xml
            .extra
            .refused_link_reason("batch")
            .unwrap()
            .contains("expected one")
    );
    assert_eq!(json::to_string(&from_xml).unwrap(), input);
    assert_eq!(xml::to_string(&from_xml).unwrap(), as_xml);

    let strict = Limits::DEFAULT.with_strict(true);
    let e = ucwa_codec::json::from_str_with::<ucwa_schema::Application>(input, strict).unwrap_err();
    assert_eq!(e.path(), "application/_links/batch", "{e}");
    let e =
        ucwa_codec::xml::from_str_with::<ucwa_schema::Application>(&as_xml, strict).unwrap_err();
    assert!(e.message().contains("expected one, found several"), "{e}");
}

/// Found by fuzzing (events, at 1,191,657 executions): an unfit event's link may declare
/// a prefix no attribute uses (JSON keeps it as read); XML would read that declaration
/// as nothing, so the writer refuses it, by the rule JSON links are read with.
#[test]
fn an_unused_declaration_is_not_written_as_xml() {
    let input = r#"{"_links":{"next":{"href":"/n"}},"sender":[{"rel":"me","events":[{"link":{"href":"/x","xmlns:y":"urn:y"},"type":"updated"}]}]}"#;
    let response = ucwa_codec::json::from_slice::<EventResponse>(input.as_bytes()).unwrap();
    assert_eq!(json::to_string(&response).unwrap(), input);
    let e = xml::to_string(&response).unwrap_err();
    assert!(
        e.message()
            .contains("`xmlns:y` declares a prefix no attribute of the link uses"),
        "{e}"
    );
    // The same rule for any link the writer is handed.
    let mut link = Link::new("/a");
    link.attributes.push(("xmlns:p".into(), "urn:p".into()));
    let mut presence = Presence::default();
    presence
        .extra
        .links
        .push(("odd".into(), ucwa_codec::OneOrMany::One(link)));
    assert!(xml::to_string(&presence).is_err());
}

/// Found by fuzzing (typed_registry, at 15,147 executions): two embedded resources where
/// the field takes one fall back together, in both formats (XML moves the first, typed,
/// along with the second), so that JSON and XML agree on what stays typed.
#[test]
fn embedded_resources_a_field_has_no_room_for_fall_back_together() {
    let input = r#"{"rel":"application","_links":{"self":{"href":"/a"}},"_embedded":{"me":[{"rel":"me","name":"A","_links":{"self":{"href":"/me"}}},{"rel":"me","name":"B","_links":{"self":{"href":"/me2"}}}]}}"#;
    let typed = ucwa_codec::json::from_str::<ucwa_schema::Application>(input).unwrap();
    assert!(typed.me.is_none());
    assert_eq!(
        typed.extra.rejected_reason("me"),
        Some("embedded resource `me`: expected one, found an array of 2")
    );
    let json_out = json::to_string(&typed).unwrap();
    let as_xml = xml::to_string(&typed).unwrap();
    let from_xml = ucwa_codec::xml::from_str::<ucwa_schema::Application>(&as_xml).unwrap();
    assert!(from_xml.me.is_none());
    assert_eq!(from_xml.extra.embedded[0].1.as_slice().len(), 2);
    assert_eq!(json::to_string(&from_xml).unwrap(), json_out);
    assert_eq!(xml::to_string(&from_xml).unwrap(), as_xml);
    // Through the registry, both stay typed.
    for (format, text) in [(Format::Json, input.to_owned()), (Format::Xml, as_xml)] {
        let decoded = registry().decode(format, text.as_bytes()).unwrap();
        assert!(
            decoded.downcast_ref::<ucwa_schema::Application>().is_some(),
            "{format}"
        );
    }
}

/// A request body its input type refuses (a required field missing) is read into the
/// dynamic model with the reason, as a resource would be; one the dynamic model refuses
/// too is an error.
#[test]
fn a_request_body_its_type_refuses_falls_back_with_the_reason() {
    use ucwa_codec::registry::DecodedInput;
    let body = br#"{"operationId":"1","subject":"Hi"}"#;
    match registry()
        .decode_input("startMessaging", Format::Json, body)
        .unwrap()
    {
        DecodedInput::Dynamic {
            input,
            reason: Fallback::Rejected(why),
        } => {
            assert!(why.contains("missing property `to`"), "{why}");
            assert_eq!(
                json::to_string(&input).unwrap(),
                std::str::from_utf8(body).unwrap()
            );
        }
        other => panic!("{other:?}"),
    }
    let typed = br#"{"to":"sip:a@contoso.com"}"#;
    assert!(matches!(
        registry()
            .decode_input("startMessaging", Format::Json, typed)
            .unwrap(),
        DecodedInput::Typed(_)
    ));
    assert!(
        registry()
            .decode_input("startMessaging", Format::Json, b"{")
            .is_err()
    );
}

/// Found by fuzzing (events, at 863,865 executions): an embedded `message` named its
/// `timeStamp` twice, once in another case with a value that does not fit, then exactly.
/// The exact name fills the field whichever comes first, the other spelling is kept as
/// it came, and the message stays typed through a round trip in both formats.
#[test]
fn a_name_in_another_case_then_the_exact_name_types_in_either_order() {
    let event = |members: &str| {
        format!(
            r#"{{"_links":{{"next":{{"href":"/n"}}}},"sender":[{{"rel":"conversation","href":"/c","events":[{{"link":{{"rel":"message","href":"/m"}},"_embedded":{{"message":{{{members},"rel":"message"}}}},"type":"completed"}}]}}]}}"#
        )
    };
    let first = event(r#""TimeStamp":"Incoming","timeStamp":"/Date(1383784870271)/""#);
    let second = event(r#""timeStamp":"/Date(1383784870271)/","TimeStamp":"Incoming""#);
    let message = |text: &str| {
        let response = ucwa_codec::json::from_slice::<EventResponse>(text.as_bytes()).unwrap();
        let (_, event) = response.events().next().unwrap();
        let message = event
            .resource
            .as_ref()
            .expect("an embedded resource")
            .downcast_ref::<ucwa_schema::Message>()
            .expect("the message stays typed")
            .clone();
        (response, message)
    };
    let (response, typed) = message(&first);
    assert_eq!(message(&second).1, typed);
    assert!(typed.time_stamp.is_some());
    assert_eq!(
        typed.extra.property("TimeStamp"),
        Some(&ucwa_codec::Value::from("Incoming"))
    );
    let again = json::to_string(&response).unwrap();
    assert_eq!(message(&again).1, typed);
    let as_xml = xml::to_string(&response).unwrap();
    let from_xml = ucwa_codec::xml::from_str::<EventResponse>(&as_xml).unwrap();
    assert_eq!(json::to_string(&from_xml).unwrap(), again);
}

/// Found by fuzzing (typed_registry, at 13,119 executions): when XML refuses a later
/// item of a collection, the items typed before it fall back with it, read again from
/// their bytes: they keep the document's order of members, as JSON keeps them, so the
/// XML is stable through JSON.
#[test]
fn items_typed_before_one_that_falls_back_keep_their_order_of_members() {
    let input = r#"{"_links":{"self":{"href":"/g"}},"_embedded":{"contact":[{"uri":"sip:a@contoso.com","name":"A","type":"User","_links":{"self":{"href":"/a"}},"rel":"contact"},{"name":"B","_links":{"self":{"href":"/b"}},"rel":"contait"}]},"rel":"groupContacts"}"#;
    let from_json = registry().decode(Format::Json, input.as_bytes()).unwrap();
    let as_xml = ucwa_codec::encode(Format::Xml, &from_json).unwrap();
    let from_xml = registry().decode(Format::Xml, &as_xml).unwrap();
    let group = from_xml
        .downcast_ref::<ucwa_schema::GroupContacts>()
        .expect("the group stays typed");
    assert!(group.contact.is_empty());
    assert!(group.extra.rejected_reason("contact").is_some());
    let again = ucwa_codec::encode(Format::Xml, &from_xml).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&again),
        String::from_utf8_lossy(&as_xml)
    );
    let first = String::from_utf8_lossy(&as_xml);
    let (uri, name) = (first.find(r#"name="uri""#), first.find(r#"name="name""#));
    assert!(uri < name, "{first}");
    let json_out = ucwa_codec::encode(Format::Json, &from_xml).unwrap();
    let through_json = registry().decode(Format::Json, &json_out).unwrap();
    assert_eq!(
        ucwa_codec::encode(Format::Xml, &through_json).unwrap(),
        as_xml
    );
}

/// Found by fuzzing (typed_registry, at 519,247 executions): a JSON number where a
/// string enumeration belongs does not fit and is kept, while its XML text reads back
/// into the field. Kept values are written where their field stands, in both formats,
/// so the XML is the same bytes whether the value came typed or kept.
#[test]
fn a_value_kept_because_it_did_not_fit_is_written_in_its_fields_place() {
    let input = r#"{"rel":"myOnlineMeeting","lobbyBypassForPhoneUsers":16,"subject":"s","_links":{"self":{"href":"/m"}}}"#;
    let from_json = registry().decode(Format::Json, input.as_bytes()).unwrap();
    let meeting = from_json
        .downcast_ref::<ucwa_schema::MyOnlineMeeting>()
        .expect("the meeting stays typed");
    assert_eq!(meeting.lobby_bypass_for_phone_users, None);
    assert!(
        meeting
            .extra
            .unfit_reason("lobbyBypassForPhoneUsers")
            .is_some()
    );
    let json_out = ucwa_codec::encode(Format::Json, &from_json).unwrap();
    assert_eq!(String::from_utf8_lossy(&json_out), input);

    let as_xml = ucwa_codec::encode(Format::Xml, &from_json).unwrap();
    let text = String::from_utf8_lossy(&as_xml);
    let (kept, subject) = (
        text.find(r#"name="lobbyBypassForPhoneUsers""#),
        text.find(r#"name="subject""#),
    );
    assert!(kept.is_some() && kept < subject, "{text}");
    let from_xml = registry().decode(Format::Xml, &as_xml).unwrap();
    let meeting = from_xml
        .downcast_ref::<ucwa_schema::MyOnlineMeeting>()
        .unwrap();
    assert_eq!(
        meeting.lobby_bypass_for_phone_users,
        Some(ucwa_schema::LobbyBypassForPhoneUsers::Other("16".into()))
    );
    assert_eq!(ucwa_codec::encode(Format::Xml, &from_xml).unwrap(), as_xml);
}

/// Found by fuzzing `typed_registry` (session 11, within 111,415 executions): an unknown
/// property read before an unfit one is written after it (the unfit value stands in its
/// field's place), so the value read back has its properties in another order. An
/// unfit value belongs to its field: two values are equal whatever its place among the
/// unknown properties, which still compare in order.
#[test]
fn an_unfit_value_compares_by_name_not_by_its_place_among_unknown_members() {
    let input = r#"{"rel":"myOnlineMeeting","entryExitAnnouncmeent":"Disabled","expirationTime":"/Date(136...000)/","zz":"1","_links":{"self":{"href":"/m"}}}"#;
    let first = json::from_str::<ucwa_schema::MyOnlineMeeting>(input).unwrap();
    assert!(first.extra.unfit_reason("expirationTime").is_some());
    let written = json::to_string(&first).unwrap();
    let (date, unknown) = (
        written.find("expirationTime"),
        written.find("entryExitAnnouncmeent"),
    );
    assert!(date.is_some() && date < unknown, "{written}");
    let second = json::from_str::<ucwa_schema::MyOnlineMeeting>(&written).unwrap();
    assert_ne!(
        first.extra.properties, second.extra.properties,
        "the order moved"
    );
    assert_eq!(first, second);
    assert_eq!(json::to_string(&second).unwrap(), written);

    // Unknown properties still compare in order, and unfit values by value.
    let swapped = input.replace(
        r#""entryExitAnnouncmeent":"Disabled","expirationTime":"/Date(136...000)/","zz":"1""#,
        r#""zz":"1","expirationTime":"/Date(136...000)/","entryExitAnnouncmeent":"Disabled""#,
    );
    let other = json::from_str::<ucwa_schema::MyOnlineMeeting>(&swapped).unwrap();
    assert_ne!(first, other);
    let other_date = input.replace("136...000", "137...000");
    let other = json::from_str::<ucwa_schema::MyOnlineMeeting>(&other_date).unwrap();
    assert_ne!(first, other);
}

/// Found by fuzzing `events` (session 11, at 1,631,093 executions): a `rel` in the
/// event response's self link (JSON `"self":{"href":…,"rel":…}`) was written as an
/// attribute of the `<events>` root, which the reader took for a resource's type and
/// dropped. The root has no type: its `rel` is one of the self link's attributes, kept
/// in its place.
#[test]
fn a_rel_on_the_events_root_is_an_attribute_of_the_self_link() {
    let registry = registry();
    let input = r#"{"_links":{"self":{"href":"/e?ack=1","rel":"x","a":"1"},"next":{"href":"/e?ack=2"}},"sender":[]}"#;
    let from_json = EventResponse::from_json(input.as_bytes(), registry).unwrap();
    let attributes = |r: &EventResponse| r.self_link.as_ref().unwrap().attributes.clone();
    let expected = vec![("rel".to_owned(), "x".to_owned()), ("a".into(), "1".into())];
    assert_eq!(attributes(&from_json), expected);

    let as_xml = xml::to_vec(&from_json).unwrap();
    let from_xml = EventResponse::from_xml(&as_xml, registry).unwrap();
    assert_eq!(from_xml, from_json);
    assert_eq!(xml::to_vec(&from_xml).unwrap(), as_xml);
    assert_eq!(json::to_string(&from_xml).unwrap(), input);

    // Read from XML in any order, and kept in it.
    let doc = r#"<events a="1" href="/e" rel="x" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><link rel="next" href="/e?ack=2"/></events>"#;
    let read = EventResponse::from_xml(doc.as_bytes(), registry).unwrap();
    let expected = vec![("a".to_owned(), "1".to_owned()), ("rel".into(), "x".into())];
    assert_eq!(attributes(&read), expected);
    // Without an `href` there is no self link to hold it: refused, not dropped.
    let e = EventResponse::from_xml(br#"<events rel="x"/>"#, registry).unwrap_err();
    assert!(
        e.to_string()
            .contains("has a `rel` attribute but no `href`"),
        "{e}"
    );
}

/// Found by fuzzing `typed_registry` (session 11, at 336,992 executions): JSON `-0` does
/// not fit an integer field (serde reads it as a float) and is kept as it came; its XML
/// text `-0` was read into the field as 0 and written back as `0`. An integer is read
/// from XML only in the form it is written back in; any other spelling (`+5`, `007`,
/// white space) does not fit, is kept as it came, and is refused in strict mode.
#[test]
fn an_integer_is_typed_from_xml_only_as_it_is_written() {
    let registry = registry();
    let input = r#"{"rel":"mediaRelay","tcpPort":29,"udpPort":-0}"#;
    let from_json = registry.decode(Format::Json, input.as_bytes()).unwrap();
    let as_xml = ucwa_codec::encode(Format::Xml, &from_json).unwrap();
    assert!(String::from_utf8_lossy(&as_xml).contains(">-0</property>"));
    let from_xml = registry.decode(Format::Xml, &as_xml).unwrap();
    assert_eq!(from_xml, from_json);
    assert_eq!(ucwa_codec::encode(Format::Xml, &from_xml).unwrap(), as_xml);
    assert_eq!(
        ucwa_codec::encode(Format::Json, &from_xml).unwrap(),
        input.as_bytes()
    );

    let ns = r#"xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa""#;
    let doc = |port: &str| {
        format!(
            r#"<resource rel="mediaRelay" {ns}><property name="udpPort">{port}</property></resource>"#
        )
    };
    for kept in ["+5", "007", " 5", "-0", "5.0", "1e3"] {
        let relay: ucwa_schema::MediaRelay = xml::from_str(&doc(kept)).unwrap();
        assert_eq!(relay.udp_port, None, "{kept:?}");
        assert!(relay.extra.unfit_reason("udpPort").is_some(), "{kept:?}");
        assert_eq!(xml::to_string(&relay).unwrap().matches(kept).count(), 1);
        let strict = xml::from_str_with::<ucwa_schema::MediaRelay>(
            &doc(kept),
            Limits::DEFAULT.with_strict(true),
        );
        assert!(strict.is_err(), "{kept:?}");
    }
    for typed in ["0", "5", "-5", "65535"] {
        let relay: ucwa_schema::MediaRelay = xml::from_str(&doc(typed)).unwrap();
        assert_eq!(
            relay.udp_port.map(|p| p.to_string()).as_deref(),
            Some(typed)
        );
    }
}

/// Found by fuzzing `events` (session 11, at 1,168,457 executions): XML trimmed an
/// event's `<status>` text before reading it, JSON did not, so `"Success "` lost its
/// space through XML. Both read the text as it is; an unknown spelling is kept.
#[test]
fn an_event_status_is_read_untrimmed_in_both_formats() {
    let registry = registry();
    let input = r#"{"_links":{"next":{"href":"/e?ack=2"}},"sender":[{"rel":"me","href":"/me","events":[{"link":{"rel":"presence","href":"/me/presence"},"status":"Success ","type":"updated"}]}]}"#;
    let from_json = EventResponse::from_json(input.as_bytes(), registry).unwrap();
    let as_xml = xml::to_vec(&from_json).unwrap();
    assert!(String::from_utf8_lossy(&as_xml).contains("<status>Success </status>"));
    let from_xml = EventResponse::from_xml(&as_xml, registry).unwrap();
    assert_eq!(from_xml, from_json);
    let (_, event) = from_xml.events().next().unwrap();
    assert_eq!(event.status, Some(EventStatus::Other("Success ".into())));
    assert_eq!(json::to_string(&from_xml).unwrap(), input);
}

/// Found by fuzzing `events` (session 13, at 11,114 executions): an unfit event's link
/// wrote a JSON boolean attribute as `false`, which XML reads back as text, so JSON →
/// XML → JSON turned `false` into `"false"`. Attributes take a scalar's XML text, as
/// properties do (`True`/`False`), and come back as the same scalar.
#[test]
fn an_unfit_event_link_keeps_its_scalar_attributes_across_formats() {
    let input = r#"{"_links":{"next":{"href":"/e?ack=2"}},"sender":[{"rel":"me","href":"/me","events":[{"link":{"rel":"note","anonymous":false,"shown":true,"n":12},"type":"added"}]}]}"#;
    let response = ucwa_codec::json::from_slice::<EventResponse>(input.as_bytes()).unwrap();
    assert_eq!(response.unfit_events().count(), 1);
    let as_xml = xml::to_string(&response).unwrap();
    assert!(
        as_xml.contains(r#"anonymous="False" shown="True" n="12""#),
        "{as_xml}"
    );
    let back = EventResponse::from_xml(as_xml.as_bytes(), ucwa_schema::registry()).unwrap();
    assert_eq!(json::to_string(&back).unwrap(), input);
}
