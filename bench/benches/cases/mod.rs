//! Every measured path, shared by the timing bench (`codec`) and the allocation count
//! (`allocs`): one [`Case`] per (fixture, format, direction, path).

use crate::peers;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::hint::black_box;
use std::rc::Rc;
use ucwa_bench::fixtures::{self, Fixture};
use ucwa_bench::{ApplicationType, EventsDyn, EventsType, PresenceType};
use ucwa_codec::DynResource;
use ucwa_codec::xml::{FromXml, ToXml};

/// One measured path.
pub struct Case {
    /// `<fixture>-<format>-<direction>`, e.g. `presence-json-decode`.
    pub group: String,
    /// The path: `ucwa_typed`, `ucwa_registry`, `ucwa_dyn`, `serde_struct`, `serde_value`,
    /// `qx_raw`, `qx_serde`.
    pub id: &'static str,
    /// The size of the fixture in this format (the throughput unit).
    #[allow(dead_code)]
    pub bytes: usize,
    /// Runs the path once; returns a size so nothing is optimised away.
    pub run: Box<dyn Fn() -> usize>,
}

/// All cases, fixture by fixture, in report order.
#[allow(dead_code)]
pub fn all() -> Vec<Case> {
    of(|_| true)
}

/// The cases of the fixtures `wanted` accepts (by name).
pub fn of(wanted: impl Fn(&str) -> bool) -> Vec<Case> {
    let mut out = Vec::new();
    if wanted("presence") {
        out.extend(cases::<
            PresenceType,
            DynResource,
            peers::PresenceS,
            peers::XResource,
        >(&fixtures::presence()));
        out.extend(registry_cases(&fixtures::presence()));
    }
    if wanted("application") {
        out.extend(cases::<
            ApplicationType,
            DynResource,
            peers::hal::ApplicationS,
            peers::XResource,
        >(&fixtures::application()));
        out.extend(registry_cases(&fixtures::application()));
    }
    if wanted("events") {
        out.extend(
            cases::<EventsType, EventsDyn, peers::EventsS, peers::XEvents>(&fixtures::events()),
        );
    }
    out
}

fn case(
    f: &Fixture,
    suffix: &str,
    id: &'static str,
    bytes: usize,
    run: impl Fn() -> usize + 'static,
) -> Case {
    Case {
        group: format!("{}-{suffix}", f.name),
        id,
        bytes,
        run: Box::new(run),
    }
}

/// Decodes, then drops, reporting something of the value's size.
fn sized<T>(value: T) -> usize {
    black_box(&value);
    std::mem::size_of_val(&value)
}

/// Decoding through `ucwa_schema::registry()`, which finds the type by the document's
/// `rel`: compared with `ucwa_typed`, the cost of dispatching at run time.
fn registry_cases(f: &Fixture) -> Vec<Case> {
    let registry = ucwa_schema::registry();
    let json: Rc<[u8]> = f.json.clone().into();
    let xml: Rc<[u8]> = f.xml.clone().into();
    let (jn, xn) = (json.len(), xml.len());
    let typed = |d: ucwa_codec::Decoded| {
        assert!(matches!(d, ucwa_codec::Decoded::Typed(_)), "typed: {d:?}");
        sized(d)
    };
    vec![
        case(f, "json-decode", "ucwa_registry", jn, move || {
            typed(
                registry
                    .decode(ucwa_codec::Format::Json, &json)
                    .expect("decodes"),
            )
        }),
        case(f, "xml-decode", "ucwa_registry", xn, move || {
            typed(
                registry
                    .decode(ucwa_codec::Format::Xml, &xml)
                    .expect("decodes"),
            )
        }),
    ]
}

fn cases<T, D, S, X>(f: &Fixture) -> Vec<Case>
where
    T: DeserializeOwned + Serialize + FromXml + ToXml + 'static,
    D: DeserializeOwned + Serialize + FromXml + ToXml + 'static,
    S: DeserializeOwned + Serialize + 'static,
    X: DeserializeOwned + Serialize + 'static,
{
    let json: Rc<[u8]> = f.json.clone().into();
    let xml: Rc<str> = String::from_utf8(f.xml.clone())
        .expect("UTF-8 fixture")
        .into();
    let (jn, xn) = (json.len(), xml.len());
    let mut out = Vec::new();

    // JSON decode.
    let j = json.clone();
    out.push(case(f, "json-decode", "ucwa_typed", jn, move || {
        sized(ucwa_codec::json::from_slice::<T>(&j).expect("decodes"))
    }));
    let j = json.clone();
    out.push(case(f, "json-decode", "ucwa_dyn", jn, move || {
        sized(ucwa_codec::json::from_slice::<D>(&j).expect("decodes"))
    }));
    let j = json.clone();
    out.push(case(f, "json-decode", "serde_struct", jn, move || {
        sized(serde_json::from_slice::<S>(&j).expect("decodes"))
    }));
    let j = json.clone();
    out.push(case(f, "json-decode", "serde_value", jn, move || {
        sized(serde_json::from_slice::<serde_json::Value>(&j).expect("decodes"))
    }));

    // XML decode.
    let x = xml.clone();
    out.push(case(f, "xml-decode", "ucwa_typed", xn, move || {
        sized(ucwa_codec::xml::from_str::<T>(&x).expect("decodes"))
    }));
    let x = xml.clone();
    out.push(case(f, "xml-decode", "ucwa_dyn", xn, move || {
        sized(ucwa_codec::xml::from_str::<D>(&x).expect("decodes"))
    }));
    let x = xml.clone();
    out.push(case(f, "xml-decode", "qx_raw", xn, move || {
        peers::raw_xml(&x)
    }));
    let x = xml.clone();
    out.push(case(f, "xml-decode", "qx_serde", xn, move || {
        sized(quick_xml::de::from_str::<X>(&x).expect("decodes"))
    }));

    // Encode, from values decoded once.
    let typed: Rc<T> = Rc::new(ucwa_codec::json::from_slice(&json).expect("decodes"));
    let dynamic: Rc<D> = Rc::new(ucwa_codec::json::from_slice(&json).expect("decodes"));
    let serde_struct: Rc<S> = Rc::new(serde_json::from_slice(&json).expect("decodes"));
    let value: Rc<serde_json::Value> = Rc::new(serde_json::from_slice(&json).expect("decodes"));
    let typed_x: Rc<T> = Rc::new(ucwa_codec::xml::from_str(&xml).expect("decodes"));
    let dynamic_x: Rc<D> = Rc::new(ucwa_codec::xml::from_str(&xml).expect("decodes"));
    let qx: Rc<X> = Rc::new(quick_xml::de::from_str(&xml).expect("decodes"));

    let v = typed.clone();
    out.push(case(f, "json-encode", "ucwa_typed", jn, move || {
        ucwa_codec::json::to_vec(&*v).expect("encodes").len()
    }));
    let v = dynamic.clone();
    out.push(case(f, "json-encode", "ucwa_dyn", jn, move || {
        ucwa_codec::json::to_vec(&*v).expect("encodes").len()
    }));
    let v = serde_struct.clone();
    out.push(case(f, "json-encode", "serde_struct", jn, move || {
        serde_json::to_vec(&*v).expect("encodes").len()
    }));
    let v = value.clone();
    out.push(case(f, "json-encode", "serde_value", jn, move || {
        serde_json::to_vec(&*v).expect("encodes").len()
    }));
    let v = typed_x.clone();
    out.push(case(f, "xml-encode", "ucwa_typed", xn, move || {
        ucwa_codec::xml::to_vec(&*v).expect("encodes").len()
    }));
    let v = dynamic_x.clone();
    out.push(case(f, "xml-encode", "ucwa_dyn", xn, move || {
        ucwa_codec::xml::to_vec(&*v).expect("encodes").len()
    }));
    let v = qx.clone();
    out.push(case(f, "xml-encode", "qx_serde", xn, move || {
        quick_xml::se::to_string(&*v).expect("encodes").len()
    }));
    out
}
