//! Linear time and bounded memory on the paths a hostile document can steer: many
//! errors raised and recovered from (embedded resources their types reject) must not
//! make positioning them quadratic, and a stream over the size limit is refused after
//! reading at most the limit. Checked by counting (bytes counted, bytes read), not by a
//! clock.

use std::io::Read;
use ucwa_codec::authoring::xml::Reader;
use ucwa_codec::registry::Fallback;
use ucwa_codec::xml::FromXml;
use ucwa_codec::{Category, Decoded, DynResource, Limits, json, xml};
use ucwa_schema::events::EventResponse;

const NS: &str = "http://schemas.microsoft.com/rtc/2012/03/ucwa";

/// An XML event response of `events` embedded `presence` resources that their type
/// rejects (its availability given twice), one per line; every other one names its type
/// after them, so both ways to the fallback are taken (decoded in place, then read
/// again; skimmed, then read twice). `tail` goes just before the end tag.
fn rejected_events(events: usize, tail: &str) -> String {
    let mut doc = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<events href=\"/e?ack=1\" xmlns=\"{NS}\">\n<link rel=\"next\" href=\"/e?ack=2\"/>\n<sender rel=\"people\" href=\"/people\">\n"
    );
    let twice = "<property name=\"availability\">Busy</property><property name=\"availability\">Away</property>";
    let rel = "<property name=\"rel\">presence</property>";
    for i in 0..events {
        let (a, b) = if i % 2 == 0 {
            (rel, twice)
        } else {
            (twice, rel)
        };
        doc.push_str(&format!(
            "<updated rel=\"presence\" href=\"/people/{i}/presence\"><resource rel=\"presence\" href=\"/people/{i}/presence\">{a}{b}</resource></updated>\n"
        ));
    }
    doc.push_str(tail);
    doc.push_str("</sender>\n</events>\n");
    doc
}

#[test]
fn rejected_embedded_resources_are_positioned_in_linear_time() {
    let events = 2000;
    let doc = rejected_events(events, "");
    let mut r = Reader::new(&doc, Limits::DEFAULT).unwrap();
    let response = <EventResponse as FromXml>::from_xml(&mut r).unwrap();
    r.finish().unwrap();

    // Every one fell back, with the reason its type gave.
    let decoded = &response.senders[0].events;
    assert_eq!(decoded.len(), events);
    for event in decoded {
        let embedded = event
            .as_typed()
            .unwrap()
            .resource
            .as_ref()
            .expect("an embedded resource");
        match &embedded.resource {
            Decoded::Dynamic {
                reason: Fallback::Rejected(why),
                resource,
            } => {
                assert!(why.contains("availability"), "{why}");
                assert_eq!(resource.rel.as_deref(), Some("presence"));
            }
            other => panic!("expected a rejected fallback: {other:?}"),
        }
    }
    // Each rejection is an error with a position; all of them together counted about
    // the document once. Counting each from the start, as before, counts the first
    // half of the document about `events` times over (a thousand times its length).
    let counted = r.position_bytes_counted();
    assert!(counted > 0, "the rejections were positioned");
    assert!(
        counted <= doc.len(),
        "{counted} bytes counted for a document of {}",
        doc.len()
    );
}

#[test]
fn an_error_after_many_rejections_is_where_it_is() {
    // The counting remembered across rejections and readers gives the position
    // counting from the start gives.
    let doc = rejected_events(
        300,
        "<updated rel=\"presence\" href=\"/p\">\n  <bogus a=1/>",
    );
    let e = xml::from_str::<EventResponse>(&doc).unwrap_err();
    // At the unquoted value.
    let (index, text) = doc
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("<bogus a=1/>"))
        .unwrap();
    let column = text.find("1/>").unwrap() + 1;
    assert_eq!((e.line(), e.column()), (index + 1, column), "{e}");
    assert!(e.line() > 300);
}

/// A stream that never ends, counting what is read from it.
struct Endless {
    read: usize,
    byte: u8,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        buf.fill(self.byte);
        self.read += buf.len();
        Ok(buf.len())
    }
}

#[test]
fn an_endless_stream_is_refused_after_the_limit() {
    let limit = Limits::DEFAULT.max_input_bytes;
    let check = |e: ucwa_codec::Error, read: usize| {
        assert_eq!(e.category(), Category::Limit, "{e}");
        assert!(e.message().contains("exceeds the limit"), "{e}");
        assert!(
            read <= limit + 1,
            "{read} bytes read for a limit of {limit}"
        );
    };

    let mut stream = Endless {
        read: 0,
        byte: b' ',
    };
    let e = json::from_reader::<_, DynResource>(&mut stream).unwrap_err();
    check(e, stream.read);

    let mut stream = Endless {
        read: 0,
        byte: b' ',
    };
    let e = xml::from_reader::<_, DynResource>(&mut stream).unwrap_err();
    check(e, stream.read);

    let mut stream = Endless {
        read: 0,
        byte: b'<',
    };
    let e = ucwa_codec::read_limited(&mut stream, 1000).unwrap_err();
    assert_eq!(e.category(), Category::Limit);
    assert!(stream.read <= 1001, "{}", stream.read);

    // At the limit exactly, the stream is read whole.
    let exact = ucwa_codec::read_limited(&b"12345"[..], 5).unwrap();
    assert_eq!(exact, b"12345");
}
