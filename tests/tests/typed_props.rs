//! Round-trip properties of every typed resource and request body, driven by the API
//! description the schema is generated from (`ucwa_schema::api`), so no per-type code.
//!
//! For each resource type (rel) and each request body type, a strategy built at run time
//! from the description writes a JSON document of that type: a random subset of its
//! properties with values of the declared type (documented or unknown enum members, text
//! with XML-special and non-ASCII characters, millisecond dates, `null`), a self link,
//! a random subset of its links (several when the link is a collection; `data:` URIs
//! where the link carries content), embedded resources generated from their declared
//! type (two levels deep), and unknown properties, links and embedded resources. Unknown
//! names are any text the type does not declare for that kind of member: sometimes a
//! name it declares for another kind, and in request bodies `rel` and `self`. Then:
//!
//! 1. the document decodes into its type (through the registry, by `rel`);
//! 2. `collect_untyped` reports exactly the unknown members and unknown enum values put
//!    in (plus embedded resources the description itself leaves dynamic), so a declared
//!    member that lands in the catch-all fails;
//! 3. typed → JSON → typed and typed → XML → typed are identities, and XML → typed →
//!    JSON gives the same JSON;
//! 4. the typed value encodes back to the generated document (compared as JSON values).
//!
//! The generator writes only what both formats can carry, so no normalisation is needed:
//! JSON-only distinctions are not generated (a declared link or embedded resource in the
//! other form, an empty declared collection, a one-element array of unknown links or
//! resources, an unknown string spelled like another scalar), and dates use their
//! canonical spelling (`/Date(ms)/`, offset `+0000` not `-0000`).
//!
//! Every type runs `PROPTEST_CASES` cases (default 32) with its own shrinking runner, so
//! a failure names the rel and the smallest failing document; the tests also check that
//! every type of the description (and of the registry) was exercised.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Value as Json};
use std::collections::{BTreeSet, HashMap};
use std::ops::RangeInclusive;
use std::sync::LazyLock;
use ucwa_codec::{Decoded, Format, Untyped, UntypedKind, Value};
use ucwa_schema::{AnyInput, AnyResource, registry};

// ---------------------------------------------------------------------------------------
// The description.

#[derive(Clone, Debug)]
enum Kind {
    Text,
    Bool,
    I64,
    I32,
    Date,
    Texts,
    Enum(Vec<String>),
    Enums(Vec<String>),
}

impl Kind {
    fn members(&self) -> Option<&[String]> {
        match self {
            Kind::Enum(m) | Kind::Enums(m) => Some(m),
            _ => None,
        }
    }
}

#[derive(Debug)]
struct Prop {
    name: String,
    kind: Kind,
    required: bool,
}

#[derive(Debug)]
struct LinkDesc {
    name: String,
    many: bool,
    data: bool,
    required: bool,
}

#[derive(Debug)]
struct EmbeddedDesc {
    key: String,
    many: bool,
    /// The index of the declared type; `None` for `DynResource`.
    ty: Option<usize>,
}

#[derive(Debug)]
struct TypeDesc {
    rel: String,
    props: Vec<Prop>,
    links: Vec<LinkDesc>,
    embedded: Vec<EmbeddedDesc>,
    input: Option<InputDesc>,
}

#[derive(Debug)]
struct InputDesc {
    props: Vec<Prop>,
    links: Vec<LinkDesc>,
}

static API: LazyLock<Vec<TypeDesc>> = LazyLock::new(load);

fn load() -> Vec<TypeDesc> {
    let resources: Json = serde_json::from_str(ucwa_schema::api::RESOURCES_JSON).unwrap();
    let enums: Json = serde_json::from_str(ucwa_schema::api::ENUMS_JSON).unwrap();
    let members = |name: &str| -> Vec<String> {
        let e = enums["enums"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("enum `{name}` is not described"));
        e["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["wire"].as_str().unwrap().to_owned())
            .collect()
    };
    // Unknown type spellings fail here, so the description cannot outgrow the generator.
    let kind = |ty: &str| -> Kind {
        match ty {
            "String" => Kind::Text,
            "bool" => Kind::Bool,
            "i64" => Kind::I64,
            "i32" => Kind::I32,
            "DateTime" => Kind::Date,
            "Vec<String>" => Kind::Texts,
            _ => match ty.strip_prefix("Vec<enum:") {
                Some(rest) => Kind::Enums(members(rest.strip_suffix('>').unwrap())),
                None => match ty.strip_prefix("enum:") {
                    Some(name) => Kind::Enum(members(name)),
                    None => panic!("property type `{ty}` is not generated"),
                },
            },
        }
    };
    let types = resources["types"].as_array().unwrap();
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t["name"].as_str().unwrap(), i))
        .collect();
    let flag = |v: &Json, key: &str| v[key].as_bool().unwrap_or(false);
    let name = |v: &Json| v["name"].as_str().unwrap().to_owned();
    types
        .iter()
        .map(|t| TypeDesc {
            rel: t["rel"].as_str().unwrap().to_owned(),
            props: t["properties"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| Prop {
                    name: name(p),
                    kind: kind(p["type"].as_str().unwrap()),
                    required: false,
                })
                .collect(),
            links: t["links"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| LinkDesc {
                    name: name(l),
                    many: flag(l, "many"),
                    data: flag(l, "data"),
                    required: false,
                })
                .collect(),
            embedded: t["embedded"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    let ty = e["type"].as_str().unwrap();
                    EmbeddedDesc {
                        key: name(e),
                        many: flag(e, "many"),
                        ty: match ty {
                            "DynResource" => None,
                            _ => Some(*index.get(ty).unwrap_or_else(|| {
                                panic!("embedded type `{ty}` is not described")
                            })),
                        },
                    }
                })
                .collect(),
            input: t["input"].as_object().map(|input| {
                let fields = input["fields"].as_array().unwrap();
                let (links, props): (Vec<&Json>, Vec<&Json>) =
                    fields.iter().partition(|f| f["type"] == "link");
                InputDesc {
                    props: props
                        .into_iter()
                        .map(|f| Prop {
                            name: name(f),
                            kind: kind(f["type"].as_str().unwrap()),
                            required: flag(f, "required"),
                        })
                        .collect(),
                    links: links
                        .into_iter()
                        .map(|f| LinkDesc {
                            name: name(f),
                            many: false,
                            data: flag(f, "data"),
                            required: flag(f, "required"),
                        })
                        .collect(),
                }
            }),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Values.

/// Characters XML 1.0 can carry.
const XML_CHARS: &[RangeInclusive<char>] = &[
    '\u{20}'..='\u{D7FF}',
    '\u{E000}'..='\u{FFFD}',
    '\u{10000}'..='\u{10FFFF}',
];

/// Characters that need care: XML's specials, line ends, non-ASCII up to the last plane.
const SPECIAL: &str = "&<>\"']\t\n\ré☺𝄞\u{85}\u{2028}\u{FFFD}\u{10FFFF}";

/// Text XML 1.0 can carry, with its special characters, line ends and non-ASCII.
fn text() -> BoxedStrategy<String> {
    // One plain strategy per character (a `prop_oneof!` here would fork the runner for
    // every character, which dominated the run time); shrinks towards `a`.
    let special: Vec<char> = SPECIAL.chars().collect();
    let xml_char = (
        0u8..10,
        0usize..26,
        proptest::char::ranges(XML_CHARS.into()),
    )
        .prop_map(move |(class, i, any)| match class {
            0..=5 => char::from(b'a' + i as u8),
            6 => ' ',
            7 | 8 => special[i % special.len()],
            _ => any,
        });
    proptest::collection::vec(xml_char, 0..12)
        .prop_map(|chars| chars.into_iter().collect())
        .boxed()
}

/// Text that XML reads back as text when no type says otherwise (`Value`'s rule), for
/// unknown properties: a JSON string spelled like another scalar comes back from XML as
/// that scalar, which is documented and not what this test is about.
fn plain_text() -> BoxedStrategy<String> {
    text()
        .prop_filter("spelled like another scalar", |s| {
            matches!(Value::from_xml_text(s), Value::String(_))
        })
        .boxed()
}

const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const ALPHA: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALNUM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const PUNCT: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";

/// One of `first`, then up to `max` of `rest` (a regex strategy is compiled anew for
/// every value).
fn word(first: &str, rest: &str, max: usize) -> BoxedStrategy<String> {
    let pick = |set: &str| proptest::sample::select(set.chars().collect::<Vec<_>>());
    (pick(first), proptest::collection::vec(pick(rest), 0..=max))
        .prop_map(|(c, rest)| std::iter::once(c).chain(rest).collect())
        .boxed()
}

/// Names of unknown members: mostly identifiers, sometimes any text but a leading `_`
/// (JSON's `_links`/`_embedded`).
fn member_name() -> BoxedStrategy<String> {
    prop_oneof![
        6 => word(LOWER, ALNUM, 8),
        1 => word(ALPHA, PUNCT, 6),
        1 => (proptest::char::range('a', 'z'), text()).prop_map(|(c, t)| format!("{c}{t}")),
    ]
    .boxed()
}

/// Link attribute names: XML attribute names, not the element's own nor a namespace
/// declaration (a prefixed one gets its declaration where the link is made).
fn attribute_name() -> BoxedStrategy<String> {
    prop_oneof![
        4 => word(LOWER, ALNUM, 8),
        1 => word(ALPHA, PUNCT, 6),
        1 => (word(LOWER, LOWER, 2), word(LOWER, LOWER, 4)).prop_map(|(p, n)| format!("{p}:{n}")),
        1 => word("éäß", "abcé", 3),
    ]
    .prop_filter("the element's own or a namespace", |n| {
        !matches!(n.as_str(), "href" | "title" | "rel" | "xmlns") && !n.starts_with("xmlns:")
    })
    .boxed()
}

/// A date in its canonical JSON spelling, millisecond precision, wall clock in
/// 0001..=9999 for every offset.
fn date() -> BoxedStrategy<String> {
    const DAY: i64 = 86_400_000;
    const MIN: i64 = -62_135_596_800_000 + DAY;
    const MAX: i64 = 253_402_300_799_999 - DAY;
    (
        prop_oneof![3 => 0i64..4_000_000_000_000, 1 => MIN..=MAX, 1 => prop_oneof![Just(MIN), Just(MAX), Just(0)]],
        proptest::option::of(-1439i32..=1439),
    )
        .prop_map(|(ms, offset)| match offset {
            None => format!("/Date({ms})/"),
            Some(m) => {
                let sign = if m < 0 { '-' } else { '+' };
                format!("/Date({ms}{sign}{:02}{:02})/", m.abs() / 60, m.abs() % 60)
            }
        })
        .boxed()
}

fn enum_value(members: &[String]) -> BoxedStrategy<Json> {
    let known = members.to_vec();
    let unknown = text().prop_filter("a documented member", move |s| !known.contains(s));
    prop_oneof![
        3 => proptest::sample::select(members.to_vec()),
        1 => unknown,
    ]
    .prop_map(Json::String)
    .boxed()
}

/// A value of a declared type.
fn typed_value(kind: &Kind) -> BoxedStrategy<Json> {
    match kind {
        Kind::Text => text().prop_map(Json::String).boxed(),
        Kind::Bool => any::<bool>().prop_map(Json::Bool).boxed(),
        Kind::I64 => any::<i64>().prop_map(Json::from).boxed(),
        Kind::I32 => any::<i32>().prop_map(Json::from).boxed(),
        Kind::Date => date().prop_map(Json::String).boxed(),
        Kind::Texts => proptest::collection::vec(text().prop_map(Json::String), 0..4)
            .prop_map(Json::Array)
            .boxed(),
        Kind::Enum(m) => enum_value(m),
        Kind::Enums(m) => proptest::collection::vec(enum_value(m), 0..4)
            .prop_map(Json::Array)
            .boxed(),
    }
}

/// A value of an unknown property: any scalar or list of scalars.
fn unknown_value() -> BoxedStrategy<Json> {
    let scalar = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        prop_oneof![-1.0e6f64..1.0e6, proptest::num::f64::NORMAL]
            .prop_map(|f| Json::Number(serde_json::Number::from_f64(f).unwrap())),
        plain_text().prop_map(Json::String),
        date().prop_map(Json::String),
    ];
    prop_oneof![
        4 => scalar.clone(),
        1 => proptest::collection::vec(scalar, 0..4).prop_map(Json::Array),
    ]
    .boxed()
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The `href` of a link that carries content: a `data:` URI, base64 or percent-encoded.
fn data_uri() -> BoxedStrategy<String> {
    (
        proptest::sample::select(vec![
            "text/plain",
            "text/html",
            "application/sdp",
            "application/vnd.microsoft.lync.meeting+xml",
        ]),
        any::<bool>(),
        text(),
    )
        .prop_map(|(media, b64, content)| {
            if b64 {
                format!(
                    "data:{media};charset=utf-8;base64,{}",
                    base64(content.as_bytes())
                )
            } else {
                let mut out = format!("data:{media},");
                for b in content.bytes() {
                    if b.is_ascii_alphanumeric() {
                        out.push(b as char);
                    } else {
                        out.push_str(&format!("%{b:02X}"));
                    }
                }
                out
            }
        })
        .boxed()
}

fn link(data: bool) -> BoxedStrategy<Json> {
    let href = if data { data_uri() } else { text() };
    (
        href,
        proptest::option::of(text()),
        proptest::collection::vec((attribute_name(), text()), 0..3),
    )
        .prop_map(|(href, title, attributes)| {
            let mut link = Map::new();
            link.insert("href".into(), href.into());
            if let Some(title) = title {
                link.insert("title".into(), title.into());
            }
            for (name, value) in attributes {
                // A prefix travels with its declaration: without one, XML cannot carry
                // the attribute (the writer refuses it, tested in the codec).
                if let Some((prefix, _)) = name.split_once(':').filter(|(p, _)| *p != "xml") {
                    link.entry(format!("xmlns:{prefix}"))
                        .or_insert(format!("urn:{prefix}").into());
                }
                link.entry(name).or_insert(value.into());
            }
            Json::Object(link)
        })
        .boxed()
}

/// A declared link: one object, or an array of at least one for a collection.
fn declared_links(desc: &LinkDesc) -> BoxedStrategy<Json> {
    if desc.many {
        proptest::collection::vec(link(desc.data), 1..4)
            .prop_map(Json::Array)
            .boxed()
    } else {
        link(desc.data)
    }
}

/// One object, or an array of two or more (XML reads one repeated element as one).
fn one_or_many(item: BoxedStrategy<Json>) -> BoxedStrategy<Json> {
    prop_oneof![
        item.clone(),
        proptest::collection::vec(item, 2..4).prop_map(Json::Array),
    ]
    .boxed()
}

fn optional(value: BoxedStrategy<Json>, nullable: bool) -> BoxedStrategy<Option<Json>> {
    if nullable {
        proptest::option::of(prop_oneof![9 => value, 1 => Just(Json::Null)]).boxed()
    } else {
        proptest::option::of(value).boxed()
    }
}

/// Entries with names from `names`, not in `declared` in any case (a name that differs
/// from a declared one only in case *is* that member, as the server binds names), first
/// of each name kept.
fn unknown_entries(
    names: BoxedStrategy<String>,
    declared: BTreeSet<String>,
    value: BoxedStrategy<Json>,
    max: usize,
) -> BoxedStrategy<Vec<(String, Json)>> {
    let names = names.prop_filter("declared", move |n| {
        !declared.iter().any(|d| d.eq_ignore_ascii_case(n))
    });
    proptest::collection::vec((names, value), 0..=max)
        .prop_map(|entries| {
            let mut seen = BTreeSet::new();
            entries
                .into_iter()
                .filter(|(n, _)| seen.insert(n.clone()))
                .collect()
        })
        .boxed()
}

/// Unknown names, now and then one the type declares as another kind of member.
fn names_beside(other_kinds: Vec<String>) -> BoxedStrategy<String> {
    if other_kinds.is_empty() {
        member_name()
    } else {
        prop_oneof![3 => member_name(), 1 => proptest::sample::select(other_kinds)].boxed()
    }
}

/// A resource of no declared type (unknown, or declared `DynResource`).
fn dyn_resource(depth: u8) -> BoxedStrategy<Json> {
    let embedded = if depth < 2 {
        unknown_entries(
            member_name(),
            BTreeSet::new(),
            one_or_many(dyn_resource(depth + 1)),
            2,
        )
    } else {
        Just(Vec::new()).boxed()
    };
    (
        proptest::option::of(member_name()),
        proptest::option::of(link(false)),
        unknown_entries(member_name(), ["rel".to_owned()].into(), unknown_value(), 3),
        unknown_entries(
            member_name(),
            ["self".to_owned()].into(),
            one_or_many(link(false)),
            2,
        ),
        embedded,
    )
        .prop_map(|(rel, self_link, props, links, embedded)| {
            let mut doc = Map::new();
            if let Some(rel) = rel {
                doc.insert("rel".into(), rel.into());
            }
            doc.extend(props);
            let mut l = Map::new();
            if let Some(s) = self_link {
                l.insert("self".into(), s);
            }
            l.extend(links);
            insert_nonempty(&mut doc, "_links", l);
            insert_nonempty(&mut doc, "_embedded", embedded.into_iter().collect());
            Json::Object(doc)
        })
        .boxed()
}

fn insert_nonempty(doc: &mut Map<String, Json>, key: &str, map: Map<String, Json>) {
    if !map.is_empty() {
        doc.insert(key.into(), Json::Object(map));
    }
}

type Entry = BoxedStrategy<Option<(String, Json)>>;

fn entry(name: &str, value: BoxedStrategy<Option<Json>>) -> Entry {
    let name = name.to_owned();
    value
        .prop_map(move |v| v.map(|v| (name.clone(), v)))
        .boxed()
}

/// Builds the strategies of resource documents, one per type and depth.
#[derive(Default)]
struct Resources {
    cache: HashMap<(usize, u8), BoxedStrategy<Json>>,
}

impl Resources {
    fn of(&mut self, t: usize, depth: u8) -> BoxedStrategy<Json> {
        if let Some(s) = self.cache.get(&(t, depth)) {
            return s.clone();
        }
        let ty = &API[t];
        let props: Vec<Entry> = ty
            .props
            .iter()
            .map(|p| entry(&p.name, optional(typed_value(&p.kind), true)))
            .collect();
        let links: Vec<Entry> = ty
            .links
            .iter()
            .map(|l| entry(&l.name, optional(declared_links(l), false)))
            .collect();
        let mut embedded: Vec<Entry> = Vec::new();
        if depth < 2 {
            for e in &ty.embedded {
                let item = match e.ty {
                    Some(i) => self.of(i, depth + 1),
                    None => dyn_resource(depth + 1),
                };
                let set = if e.many {
                    proptest::collection::vec(item, 1..4)
                        .prop_map(Json::Array)
                        .boxed()
                } else {
                    item
                };
                embedded.push(entry(&e.key, optional(set, false)));
            }
        }
        let prop_names: BTreeSet<String> = ty.props.iter().map(|p| p.name.clone()).collect();
        let link_names: BTreeSet<String> = ty.links.iter().map(|l| l.name.clone()).collect();
        let keys: BTreeSet<String> = ty.embedded.iter().map(|e| e.key.clone()).collect();
        let beside = |a: &BTreeSet<String>, b: &BTreeSet<String>, own: &BTreeSet<String>| {
            names_beside(a.union(b).filter(|n| !own.contains(*n)).cloned().collect())
        };
        let unknown_props = unknown_entries(
            beside(&link_names, &keys, &prop_names),
            prop_names
                .iter()
                .cloned()
                .chain(["rel".to_owned()])
                .collect(),
            unknown_value(),
            3,
        );
        let unknown_links = unknown_entries(
            beside(&prop_names, &keys, &link_names),
            link_names
                .iter()
                .cloned()
                .chain(["self".to_owned()])
                .collect(),
            one_or_many(link(false)),
            2,
        );
        let unknown_embedded = if depth < 2 {
            unknown_entries(
                beside(&prop_names, &link_names, &keys),
                keys.clone(),
                one_or_many(dyn_resource(depth + 1)),
                2,
            )
        } else {
            Just(Vec::new()).boxed()
        };
        let rel = ty.rel.clone();
        let strategy = (
            proptest::option::of(link(false)),
            props,
            links,
            embedded,
            (unknown_props, unknown_links, unknown_embedded),
        )
            .prop_map(move |(self_link, props, links, embedded, unknown)| {
                let (unknown_props, unknown_links, unknown_embedded) = unknown;
                let mut doc = Map::new();
                doc.insert("rel".into(), rel.clone().into());
                doc.extend(props.into_iter().flatten());
                doc.extend(unknown_props);
                let mut l = Map::new();
                if let Some(s) = self_link {
                    l.insert("self".into(), s);
                }
                l.extend(links.into_iter().flatten());
                l.extend(unknown_links);
                insert_nonempty(&mut doc, "_links", l);
                let mut e: Map<String, Json> = embedded.into_iter().flatten().collect();
                e.extend(unknown_embedded);
                insert_nonempty(&mut doc, "_embedded", e);
                Json::Object(doc)
            })
            .boxed();
        self.cache.insert((t, depth), strategy.clone());
        strategy
    }
}

/// The strategy of request body documents of a type.
fn input_doc(input: &InputDesc) -> BoxedStrategy<Json> {
    let props: Vec<Entry> = input
        .props
        .iter()
        .map(|p| {
            let value = typed_value(&p.kind);
            if p.required {
                entry(&p.name, value.prop_map(Some).boxed())
            } else {
                entry(&p.name, optional(value, true))
            }
        })
        .collect();
    let links: Vec<Entry> = input
        .links
        .iter()
        .map(|l| {
            let value = declared_links(l);
            if l.required {
                entry(&l.name, value.prop_map(Some).boxed())
            } else {
                entry(&l.name, optional(value, false))
            }
        })
        .collect();
    let prop_names: BTreeSet<String> = input.props.iter().map(|p| p.name.clone()).collect();
    let link_names: BTreeSet<String> = input.links.iter().map(|l| l.name.clone()).collect();
    // A request body has no `rel` and no self link: both are unknown members there.
    let unknown_props = unknown_entries(
        prop_oneof![
            4 => names_beside(link_names.iter().cloned().collect()),
            1 => Just("rel".to_owned()),
        ]
        .boxed(),
        prop_names.clone(),
        unknown_value(),
        3,
    );
    let unknown_links = unknown_entries(
        prop_oneof![
            4 => names_beside(prop_names.iter().cloned().collect()),
            1 => Just("self".to_owned()),
        ]
        .boxed(),
        link_names,
        one_or_many(link(false)),
        2,
    );
    (props, links, unknown_props, unknown_links)
        .prop_map(|(props, links, unknown_props, unknown_links)| {
            let mut doc: Map<String, Json> = props.into_iter().flatten().collect();
            doc.extend(unknown_props);
            let mut l: Map<String, Json> = links.into_iter().flatten().collect();
            l.extend(unknown_links);
            insert_nonempty(&mut doc, "_links", l);
            Json::Object(doc)
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------
// What the decoded value must report as untyped, read off the document and the description.

type Report = (String, &'static str, String);

fn kind_name(kind: UntypedKind) -> &'static str {
    match kind {
        UntypedKind::Property => "property",
        UntypedKind::Link => "link",
        UntypedKind::Embedded => "embedded",
        UntypedKind::EnumValue => "enum value",
        UntypedKind::Unfit => "unfit",
        _ => "other",
    }
}

fn reported(untyped: Vec<Untyped>) -> Vec<Report> {
    let mut out: Vec<Report> = untyped
        .into_iter()
        .map(|u| (u.path, kind_name(u.kind), u.name))
        .collect();
    out.sort();
    out
}

fn unknown_enum_values(kind: &Kind, value: &Json, path: &str, out: &mut Vec<Report>) {
    let Some(members) = kind.members() else {
        return;
    };
    let values = match value {
        Json::Array(items) => items.iter().collect(),
        v => vec![v],
    };
    for v in values {
        if let Some(s) = v.as_str().filter(|s| !members.iter().any(|m| m == s)) {
            out.push((path.to_owned(), "enum value", s.to_owned()));
        }
    }
}

fn expected_resource(ty: &TypeDesc, doc: &Map<String, Json>, path: &str, out: &mut Vec<Report>) {
    for (name, value) in doc {
        if matches!(name.as_str(), "rel" | "_links" | "_embedded") {
            continue;
        }
        match ty.props.iter().find(|p| p.name == *name) {
            Some(p) => unknown_enum_values(&p.kind, value, &format!("{path}/{name}"), out),
            None => out.push((path.to_owned(), "property", name.clone())),
        }
    }
    for rel in doc
        .get("_links")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
        .map(|e| e.0)
    {
        if rel != "self" && !ty.links.iter().any(|l| l.name == *rel) {
            out.push((path.to_owned(), "link", rel.clone()));
        }
    }
    for (key, set) in doc
        .get("_embedded")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
    {
        let Some(e) = ty.embedded.iter().find(|e| e.key == *key) else {
            out.push((path.to_owned(), "embedded", key.clone()));
            continue;
        };
        let items: Vec<(String, &Json)> = match set {
            Json::Array(items) if e.many => items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("{path}/_embedded/{key}/{i}"), item))
                .collect(),
            item => vec![(format!("{path}/_embedded/{key}"), item)],
        };
        for (path, item) in items {
            match e.ty {
                Some(t) => expected_resource(&API[t], item.as_object().unwrap(), &path, out),
                // A `DynResource` field reports each resource as untyped, by its rel.
                None => {
                    let rel = item["rel"].as_str().unwrap_or("?");
                    out.push((path, "embedded", rel.to_owned()));
                }
            }
        }
    }
}

fn expected_input(input: &InputDesc, doc: &Map<String, Json>, out: &mut Vec<Report>) {
    for (name, value) in doc {
        if name == "_links" {
            continue;
        }
        match input.props.iter().find(|p| p.name == *name) {
            Some(p) => unknown_enum_values(&p.kind, value, &format!("input/{name}"), out),
            None => out.push(("input".to_owned(), "property", name.clone())),
        }
    }
    for rel in doc
        .get("_links")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
        .map(|e| e.0)
    {
        if !input.links.iter().any(|l| l.name == *rel) {
            out.push(("input".to_owned(), "link", rel.clone()));
        }
    }
}

// ---------------------------------------------------------------------------------------
// The properties.

fn resource_of(format: Format, bytes: &[u8]) -> Result<AnyResource, String> {
    let decoded = registry()
        .decode(format, bytes)
        .map_err(|e| format!("{format:?} decode: {e}"))?;
    match AnyResource::from_decoded(&decoded) {
        Some(r) => Ok(r),
        None => match decoded {
            Decoded::Dynamic { reason, .. } => Err(format!("{format:?}: untyped ({reason:?})")),
            Decoded::Typed(_) => Err(format!("{format:?}: typed, but not by ucwa-schema")),
        },
    }
}

fn input_of(rel: &str, format: Format, bytes: &[u8]) -> Result<AnyInput, String> {
    match AnyInput::decode(rel, format, bytes) {
        Some(Ok(b)) => Ok(b),
        Some(Err(e)) => Err(format!("{format:?} decode: {e}")),
        None => Err(format!("no request body type for `{rel}`")),
    }
}

fn json_value(text: &str) -> Json {
    serde_json::from_str(text).expect("the encoder writes JSON")
}

/// The four properties, for a value decoded with `decode` from `doc`.
fn check<T: PartialEq + std::fmt::Debug + serde::Serialize + ucwa_codec::xml::ToXml>(
    what: &str,
    doc: &Json,
    decode: impl Fn(Format, &[u8]) -> Result<T, String>,
    untyped: impl Fn(&T) -> Vec<Untyped>,
    expected: Vec<Report>,
) -> Result<(), TestCaseError> {
    let text = doc.to_string();
    let typed = decode(Format::Json, text.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("{what}: {e}\ndocument: {text}")))?;

    let mut expected = expected;
    expected.sort();
    prop_assert_eq!(
        reported(untyped(&typed)),
        expected,
        "{}: untyped members\ndocument: {}",
        what,
        text
    );

    let json = ucwa_codec::json::to_string(&typed)
        .map_err(|e| TestCaseError::fail(format!("{what}: JSON encode: {e}\ndocument: {text}")))?;
    let from_json = decode(Format::Json, json.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("{what}: {e}\nJSON: {json}")))?;
    prop_assert_eq!(
        &from_json,
        &typed,
        "{}: typed -> JSON -> typed\ndocument: {}",
        what,
        text
    );

    let xml = ucwa_codec::xml::to_string(&typed)
        .map_err(|e| TestCaseError::fail(format!("{what}: XML encode: {e}\ndocument: {text}")))?;
    let from_xml = decode(Format::Xml, xml.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("{what}: {e}\nXML: {xml}\ndocument: {text}")))?;
    prop_assert_eq!(
        &from_xml,
        &typed,
        "{}: typed -> XML -> typed\nXML: {}\ndocument: {}",
        what,
        xml,
        text
    );
    let json_via_xml = ucwa_codec::json::to_string(&from_xml).unwrap();
    prop_assert_eq!(
        json_value(&json_via_xml),
        json_value(&json),
        "{}: typed -> XML -> typed -> JSON\nXML: {}\ndocument: {}",
        what,
        xml,
        text
    );

    prop_assert_eq!(
        &json_value(&json),
        doc,
        "{}: typed -> JSON is not the document\ndocument: {}",
        what,
        text
    );
    Ok(())
}

/// The properties of one document.
type Test = Box<dyn Fn(&Json) -> Result<(), TestCaseError>>;

fn cases() -> u32 {
    // PROPTEST_CASES overrides the count for longer runs by hand.
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32)
}

/// Runs `cases()` cases of each strategy with its own runner (so a failure shrinks to the
/// smallest document of that type); returns how many ran and the failures.
fn run_each(items: Vec<(String, BoxedStrategy<Json>, Test)>) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut ran = 0;
    for (rel, strategy, test) in items {
        let mut runner = TestRunner::new(Config {
            cases: cases(),
            failure_persistence: None,
            ..Config::default()
        });
        if let Err(e) = runner.run(&strategy, |doc| test(&doc)) {
            failures.push(format!("`{rel}`: {e}"));
        }
        ran += 1;
    }
    (ran, failures)
}

#[test]
fn every_resource_type_round_trips() {
    let mut resources = Resources::default();
    let items = (0..API.len())
        .map(|t| {
            let ty = &API[t];
            let rel = ty.rel.clone();
            let test: Test = Box::new(move |doc| {
                let mut expected = Vec::new();
                expected_resource(ty, doc.as_object().unwrap(), &ty.rel, &mut expected);
                check(
                    &format!("resource `{}`", ty.rel),
                    doc,
                    // The document's own rel picks the type, in both formats.
                    |format, bytes| {
                        let r = resource_of(format, bytes)?;
                        if r.rel() == ty.rel {
                            Ok(r)
                        } else {
                            Err(format!("{format:?}: decoded as `{}`", r.rel()))
                        }
                    },
                    |r| {
                        let mut out = Vec::new();
                        r.collect_untyped(&ty.rel, &mut out);
                        out
                    },
                    expected,
                )
            });
            (rel, resources.of(t, 0), test)
        })
        .collect();
    let (ran, failures) = run_each(items);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The description and the registry must agree on the set of types.
    let described: BTreeSet<&str> = API.iter().map(|t| t.rel.as_str()).collect();
    let registered: BTreeSet<&str> = registry().rels().into_iter().collect();
    assert_eq!(described, registered);
    assert_eq!(ran, described.len(), "resource types exercised");
}

#[test]
fn every_request_body_round_trips() {
    let items: Vec<_> = API
        .iter()
        .filter_map(|ty| {
            let input = ty.input.as_ref()?;
            let rel = ty.rel.clone();
            let test: Test = Box::new(move |doc| {
                let mut expected = Vec::new();
                expected_input(input, doc.as_object().unwrap(), &mut expected);
                check(
                    &format!("request body of `{}`", ty.rel),
                    doc,
                    |format, bytes| input_of(&ty.rel, format, bytes),
                    |b| {
                        let mut out = Vec::new();
                        b.collect_untyped("input", &mut out);
                        out
                    },
                    expected,
                )
            });
            Some((rel, input_doc(input), test))
        })
        .collect();
    let (ran, failures) = run_each(items);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The description and the registry must agree on which rels take a request body.
    let described: BTreeSet<&str> = API
        .iter()
        .filter(|t| t.input.is_some())
        .map(|t| t.rel.as_str())
        .collect();
    let registered: BTreeSet<&str> = registry()
        .rels()
        .into_iter()
        .filter(|rel| registry().input_type_name(rel).is_some())
        .collect();
    assert_eq!(described, registered);
    assert_eq!(ran, described.len(), "request body types exercised");
}
