//! The API areas (cargo features of `ucwa-schema`) each type belongs to.
//!
//! The areas are the reference's dashboards, the four resources `application` embeds:
//! `me`, `people`, `communication` and `onlineMeetings`. A resource belongs to every area
//! whose dashboard reaches it: through a link whose relationship names a resource type,
//! an embedded resource, or an event the resource sends (`communication` announces the
//! invitations, a `conversation` its messages). The walk stops at `application` and at
//! the other dashboards, which would otherwise lead from any area to all of them (every
//! participant links back to `me`). A request body goes with the resource it is posted
//! to, an enumeration with the types whose members take it. What no dashboard reaches
//! (`application`, autodiscovery's `root` and `user`, `batch`, `policies`...) belongs to
//! no area: it is the core, always compiled.

use crate::model::{Resources, Type};
use crate::naming::upper_camel;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The areas, in the order features and `cfg`s list them: (cargo feature, dashboard rel).
pub const AREAS: &[(&str, &str)] = &[
    ("me", "me"),
    ("people", "people"),
    ("communication", "communication"),
    ("online-meetings", "onlineMeetings"),
];

/// The resource the dashboards hang from; the walk does not go through it.
const ROOT: &str = "application";

/// A set of areas (indexes into [`AREAS`]); empty means the core, always compiled.
pub type Set = BTreeSet<usize>;

/// Which areas each resource type belongs to.
pub struct Areas {
    /// Resource type name → its areas (empty: core).
    by_type: BTreeMap<String, Set>,
}

impl Areas {
    /// Walks the description from each dashboard.
    pub fn compute(res: &Resources) -> Result<Self, String> {
        let by_name: BTreeMap<&str, &Type> =
            res.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let by_rel: BTreeMap<&str, &str> = res
            .types
            .iter()
            .map(|t| (t.rel.as_str(), t.name.as_str()))
            .collect();
        let aliases: BTreeMap<&str, &str> = res
            .aliases
            .iter()
            .map(|a| (a.page.trim_end_matches("_ref.md"), a.target.as_str()))
            .collect();
        // The type a relationship (a link name, an event sender) names, if any.
        let target = |name: &str| -> Option<&str> {
            if let Some(t) = by_rel.get(name) {
                return Some(t);
            }
            let upper = upper_camel(name);
            if let Some((n, _)) = by_name.get_key_value(upper.as_str()) {
                return Some(n);
            }
            aliases.get(name).copied()
        };
        // Each resource's neighbours: link targets, embedded types, and the types whose
        // events it sends.
        let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for t in &res.types {
            let out = next.entry(t.name.as_str()).or_default();
            out.extend(
                t.links
                    .iter()
                    .filter(|l| !l.data)
                    .filter_map(|l| target(&l.name)),
            );
            out.extend(
                t.embedded
                    .iter()
                    .filter(|x| x.ty != "DynResource")
                    .map(|x| x.ty.as_str()),
            );
            for e in &t.events {
                let sender = target(&e.sender)
                    .ok_or_else(|| format!("{}: unknown event sender `{}`", t.rel, e.sender))?;
                next.entry(sender).or_default().insert(t.name.as_str());
            }
        }
        let dashboard = |rel: &str| -> Result<&str, String> {
            by_rel
                .get(rel)
                .copied()
                .ok_or_else(|| format!("the dashboard `{rel}` is not a resource"))
        };
        let mut stop = BTreeSet::from([dashboard(ROOT)?]);
        for (_, rel) in AREAS {
            stop.insert(dashboard(rel)?);
        }
        let mut by_type: BTreeMap<String, Set> = res
            .types
            .iter()
            .map(|t| (t.name.clone(), Set::new()))
            .collect();
        for (i, (_, rel)) in AREAS.iter().enumerate() {
            let start = dashboard(rel)?;
            let mut seen = BTreeSet::from([start]);
            let mut queue = VecDeque::from([start]);
            while let Some(x) = queue.pop_front() {
                for &y in next.get(x).into_iter().flatten() {
                    if !stop.contains(y) && seen.insert(y) {
                        queue.push_back(y);
                    }
                }
            }
            for name in seen {
                by_type.get_mut(name).expect("a resource").insert(i);
            }
        }
        Ok(Areas { by_type })
    }

    /// The areas of a resource type (empty: core).
    pub fn of(&self, name: &str) -> Set {
        self.by_type.get(name).cloned().unwrap_or_default()
    }
}

/// The areas of something used by all of `users`: the core when one of them is.
pub fn union<'a>(users: impl IntoIterator<Item = &'a Set>) -> Set {
    let mut out = Set::new();
    for set in users {
        if set.is_empty() {
            return Set::new();
        }
        out.extend(set);
    }
    out
}

/// Whether `to` is compiled whenever `from` is.
pub fn covers(from: &Set, to: &Set) -> bool {
    to.is_empty() || (!from.is_empty() && from.is_subset(to))
}

/// The `cfg` predicate of a set of areas (`None` for the core).
pub fn predicate(set: &Set) -> Option<String> {
    let features: Vec<String> = set
        .iter()
        .map(|&i| format!("feature = \"{}\"", AREAS[i].0))
        .collect();
    match features.len() {
        0 => None,
        1 => Some(features[0].clone()),
        _ => Some(format!("any({})", features.join(", "))),
    }
}

/// `#[cfg(...)]` for a set of areas, on its own line (empty for the core).
pub fn cfg(set: &Set) -> String {
    predicate(set)
        .map(|p| format!("#[cfg({p})]\n"))
        .unwrap_or_default()
}

/// `#[cfg(...)]` and the docs.rs badge for a public item (empty for the core).
pub fn cfg_doc(set: &Set) -> String {
    predicate(set)
        .map(|p| format!("#[cfg({p})]\n#[cfg_attr(docsrs, doc(cfg({p})))]\n"))
        .unwrap_or_default()
}

/// The docs.rs badge alone, for an item inside a module that is already gated.
pub fn doc_badge(set: &Set) -> String {
    predicate(set)
        .map(|p| format!("#[cfg_attr(docsrs, doc(cfg({p})))]\n"))
        .unwrap_or_default()
}
