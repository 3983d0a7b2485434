//! The scaling documents are what `src/scaling.rs` says: of the size asked, decoding as
//! their kind, and the fallback kinds fall back on every embedded resource.

use ucwa_bench::scaling::{self, Kind};
use ucwa_codec::registry::Fallback;
use ucwa_codec::{Decoded, Format};
use ucwa_schema::EventResponse;
use ucwa_schema::batch::BatchResponse;

#[test]
fn every_kind_decodes_at_the_size_asked() {
    for kind in Kind::ALL {
        for format in [Format::Json, Format::Xml] {
            for size in [1 << 10, 40_000] {
                let doc = scaling::document(kind, format, size);
                let len = doc.bytes.len();
                // One unit at least, which may be more than the size asked.
                let one = scaling::build(kind, format, 1).len();
                assert!(len <= size.max(one), "{kind:?} {format:?}: {len} > {size}");
                // Within one unit (or 3 %) of it.
                let unit = scaling::build(kind, format, 2).len() - one;
                let near = len + unit > size || len >= size - size / 33;
                assert!(near, "{kind:?} {format:?}: {len} for {size}");
                assert!(scaling::decode_once(kind, format, &doc.bytes) > 0);
            }
            // More units, more bytes (so the sizes are reached by repetition): 50 at least
            // each.
            let small = scaling::build(kind, format, 2).len();
            let large = scaling::build(kind, format, 20).len();
            assert!(large > small + 18 * 50, "{kind:?} {format:?}");
        }
    }
}

#[test]
fn the_fallback_kinds_fall_back_everywhere() {
    for format in [Format::Json, Format::Xml] {
        let doc = scaling::build(Kind::EventsFallback, format, 40);
        let response: EventResponse = ucwa_codec::decode(format, &doc).unwrap();
        let events: Vec<_> = response.events().map(|(_, event)| event).collect();
        assert_eq!(events.len(), 40);
        for event in events {
            let embedded = &event.resource.as_ref().unwrap().resource;
            assert!(
                matches!(
                    embedded,
                    Decoded::Dynamic {
                        reason: Fallback::Rejected(_),
                        ..
                    }
                ),
                "{embedded:?}"
            );
        }

        let doc = scaling::build(Kind::BatchFallback, format, 10);
        let content_type = format!("multipart/batching; boundary={}", scaling::BOUNDARY);
        let batch = BatchResponse::parse(&content_type, &doc).unwrap();
        assert_eq!(batch.parts.len(), 10);
        for part in &batch.parts {
            let resource = part.as_ref().unwrap().resource().unwrap();
            assert!(
                matches!(
                    resource,
                    Decoded::Dynamic {
                        reason: Fallback::Rejected(_),
                        ..
                    }
                ),
                "{resource:?}"
            );
        }
        // And the plain batch is typed.
        let doc = scaling::build(Kind::Batch, format, 10);
        let batch = BatchResponse::parse(&content_type, &doc).unwrap();
        for part in &batch.parts {
            let resource = part.as_ref().unwrap().resource().unwrap();
            assert!(matches!(resource, Decoded::Typed(_)), "{resource:?}");
        }
    }
}
