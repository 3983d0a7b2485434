#!/usr/bin/env python3
"""One-off derivation of schema/api/*.json from the extracted reference catalog.

Kept for provenance only: it was run once against ../shared/ucwa-corpus (catalog.json and
the samples) and its output, schema/api/resources.json and schema/api/enums.json, is what
the repository uses from then on (edit those files, not this script, and re-run
`cargo run -p schema-gen`). Nothing at build or test time runs this script.

Usage: from_catalog.py <ucwa-corpus dir> <repo dir>
"""
import collections
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

CORPUS, REPO = sys.argv[1], sys.argv[2]
catalog = json.load(open(os.path.join(CORPUS, "catalog.json")))
RES = catalog["resources"]
ENUMS = catalog["enums"]

# Pages owned elsewhere: error bodies and event responses have hand-written codecs.
OWNED_ELSEWHERE = {
    "reason": "error body (`<reason>` root): typed with the error types, not here",
    "events": "event channel response (`<events>` root): typed with the event types, not here",
}

# Pages that document a link relationship whose target is another page's resource:
# the samples (and the page's own tables) show that resource's rel, so the page is a
# type alias of it and its tables are merged into it.
ALIASES = {
    stem: page["rel_in_samples"][0]
    for stem, page in RES.items()
    if page.get("rel_in_samples") and not (stem.endswith("2") and stem[:-1] in RES)
}

# Links the catalog saw in no JSON sample (json_shape null): many when the link names a
# member of the collection (or result set) holding it, one otherwise.
MANY_LINKS = {
    ("audioVideoInvitation", "acceptedByParticipant"), ("messagingInvitation", "acceptedByParticipant"),
    ("participantInvitation", "acceptedByParticipant"), ("phoneAudioInvitation", "acceptedByParticipant"),
    ("conversationLogTranscripts", "conversationLogTranscript"),
    ("nextConversationLogTranscripts", "conversationLogTranscript"),
    ("conversationLog", "conversationLogRecipient"),
    ("distributionGroup", "contact"), ("distributionGroup", "distributionGroup"),
    ("groupMemberships", "myGroupMembership"), ("myGroupMemberships", "myGroupMembership"),
    ("myGroupMemberships2", "myGroupMembership"), ("lobby", "participant"),
    ("mediaRelayAccessToken", "mediaRelay"), ("memberships", "presenceSubscriptionMembership"),
    ("presenceSubscriptionMemberships", "presenceSubscriptionMembership"),
    ("myOnlineMeetings", "myAssignedOnlineMeeting"), ("myOnlineMeetings", "myOnlineMeeting"),
    ("myPrivacyRelationships", "myPrivacyRelationship"), ("onlineMeetingExtensions", "onlineMeetingExtension"),
    ("participants", "participant"), ("phoneDialInInformation", "dialInRegion"), ("phones", "phone"),
    ("presenceSubscriptions", "presenceSubscription"), ("search", "contact"), ("search", "distributionGroup"),
    ("search2", "contact"), ("search2", "distributionGroup"),
}

# Properties the catalog could not type from samples: chosen from the page's wording.
KIND_FIXES = {
    ("invitation", "direction"): "enum:Direction",
    ("invitation", "importance"): "enum:Importance",
    ("invitation", "state"): "enum:InvitationState",
    ("invitation", "operationId"): "string",
    ("invitation", "subject"): "string",
    ("invitation", "threadId"): "string",
    ("conversationExtensionResult", "result"): "string",
}

# Request fields without a documented type: chosen from the description and samples.
FIELD_FIXES = {
    ("changeVisibility", "includeInContactCard"): "bool",
    ("communication", "publishEndpointLocation"): "bool",
    ("presenceSubscription", "duration"): "i32",
    ("presenceSubscriptions", "duration"): "i32",
    ("removeContactFromAllGroups", "contactUri"): "String",
    ("simultaneousRingSettings", "ringDelay"): "i32",
    ("startOrRefreshSubscriptionToContactsAndGroups", "duration"): "i32",
    ("subscribeToGroupPresence", "duration"): "i32",
    ("unansweredCallSettings", "ringDelay"): "i32",
}


def canonical(stem):
    if stem in ALIASES:
        return ALIASES[stem]
    if stem.endswith("2") and stem[:-1] in RES:
        return stem[:-1]
    return stem


def upper_camel(name):
    return name[0].upper() + name[1:]


# ---------------------------------------------------------------- sample evidence
prop_obs = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
link_hrefs = collections.defaultdict(lambda: collections.defaultdict(list))
link_shape = collections.defaultdict(dict)
DATE = re.compile(r"^/Date\(-?\d+([+-]\d{4})?\)/$")


def jkind(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "date" if DATE.match(v) else "string"
    if isinstance(v, list):
        inner = {jkind(x) for x in v}
        return "array<%s>" % (inner.pop() if len(inner) == 1 else "string")
    if v is None:
        return "null"
    return "object"


def walk_resource(o):
    """A resource object: the root of a resource sample or a member of `_embedded`."""
    if not isinstance(o, dict):
        return
    rel = o.get("rel")
    if isinstance(rel, str):
        for k, v in o.items():
            if k in ("rel", "_links", "_embedded"):
                continue
            prop_obs[rel][k]["json:" + jkind(v)] += 1
        for k, v in (o.get("_links") or {}).items():
            items = v if isinstance(v, list) else [v]
            link_shape[rel].setdefault(k, "array" if isinstance(v, list) else "single")
            for it in items:
                if isinstance(it, dict):
                    link_hrefs[rel][k].append(it.get("href", ""))
    walk_embedded(o.get("_embedded"))


def walk_embedded(emb):
    for v in (emb or {}).values():
        for it in v if isinstance(v, list) else [v]:
            walk_resource(it)


def walk_events(o):
    """Event responses: resources are found only under `_embedded`."""
    if isinstance(o, dict):
        if "_embedded" in o:
            walk_embedded(o["_embedded"])
        for k, v in o.items():
            if k != "_embedded" and isinstance(v, (dict, list)):
                walk_events(v)
    elif isinstance(o, list):
        for x in o:
            walk_events(x)


def walk_json(o, payload):
    if payload == "events":
        walk_events(o)
    elif payload == "resource":
        walk_resource(o)


NS = "{http://schemas.microsoft.com/rtc/2012/03/ucwa}"


def xkind(text):
    t = (text or "").strip()
    if t in ("True", "False"):
        return "bool"
    if re.fullmatch(r"-?\d+", t):
        return "int"
    if re.fullmatch(r"\d{4}-\d\d-\d\dT[0-9:.]+(Z|[+-]\d\d:\d\d)?", t):
        return "date"
    return "string"


def walk_xml(el):
    if el.tag == NS + "resource":
        rel = None
        for ch in el:
            if ch.tag == NS + "property" and ch.get("name") == "rel":
                rel = ch.text
        rel = rel or el.get("rel")
        for ch in el:
            if ch.tag == NS + "property" and ch.get("name") != "rel":
                prop_obs[rel][ch.get("name")]["xml:" + xkind(ch.text)] += 1
            elif ch.tag == NS + "propertyList":
                prop_obs[rel][ch.get("name")]["xml:array<string>"] += 1
            elif ch.tag == NS + "link":
                link_hrefs[rel][ch.get("rel")].append(ch.get("href", ""))
    for ch in el:
        walk_xml(ch)


sample_dir = os.path.join(CORPUS, "samples")
manifest = json.load(open(os.path.join(CORPUS, "manifest.json")))
for s in manifest["samples"]:
    path = s.get("repaired_file") or s["file"]
    full = os.path.join(CORPUS, path)
    if s["format"] == "json":
        try:
            walk_json(json.load(open(full, encoding="utf-8-sig")), s.get("payload_type"))
        except Exception:
            pass
    elif s["format"] == "xml":
        try:
            walk_xml(ET.parse(full).getroot())
        except Exception:
            pass


def kind_from_obs(obs):
    js = [k[5:] for k in obs if k.startswith("json:") and k != "json:null"]
    xs = [k[4:] for k in obs if k.startswith("xml:")]
    if js:
        return sorted(js, key=lambda k: -obs["json:" + k])[0]
    if xs:
        return sorted(xs, key=lambda k: -obs["xml:" + k])[0]
    return "string"


def rust_kind(kind):
    """Catalog kind -> the api's type spelling."""
    if kind is None or kind in ("string", "object"):
        return "String"
    if kind == "bool":
        return "bool"
    if kind == "int":
        return "i64"
    if kind == "number":
        return "f64"
    if kind == "date":
        return "DateTime"
    if kind.startswith("enum:"):
        return kind
    if kind.startswith("array<"):
        return "Vec<%s>" % rust_kind(kind[6:-1])
    raise ValueError(kind)


def field_type(f, stem):
    if (stem, f["name"]) in FIELD_FIXES:
        return FIELD_FIXES[(stem, f["name"])]
    if f.get("enum"):
        obs = f.get("observed_kinds") or {}
        arr = any("array" in k for k in obs) or f["name"].endswith("s") and f["name"] in (
            "supportedModalities", "supportedMessageFormats", "modalities")
        return ("Vec<enum:%s>" if arr else "enum:%s") % f["enum"]
    t = f.get("type")
    base = {"String": "String", "Boolean": "bool", "Int32": "i32", "DateTime": "DateTime",
            "TimeSpan": "String", "Byte": "String"}.get(t)
    if t == "ExternalResource":
        return "link"
    if base is None:
        raise ValueError((stem, f))
    if f.get("array") and t != "Byte":
        return "Vec<%s>" % base
    return base


# ---------------------------------------------------------------- build types
types = collections.OrderedDict()
aliases = []
skipped = []
for stem in sorted(RES, key=str.lower):
    if stem in OWNED_ELSEWHERE:
        skipped.append({"page": RES[stem]["page"], "reason": OWNED_ELSEWHERE[stem]})
for stem in sorted(RES, key=lambda s: (canonical(s) != s, s.lower())):
    if stem in OWNED_ELSEWHERE:
        continue
    page = RES[stem]
    rel = canonical(stem)
    if rel not in types:
        types[rel] = {
            "rel": rel, "name": upper_camel(rel) if rel != "from" else "FromParticipant",
            "summary": None if rel != "from" else
            "The participant who sent an invitation (`rel` `from`). Named `FromParticipant`, not `From`, so that a glob import of this crate does not shadow the `From` trait.",
            "pages": [],
            "methods": [], "events": [], "properties": [], "links": [], "embedded": [],
            "input": None, "errors": [],
        }
    t = types[rel]
    role = "primary" if rel == stem else ("revision" if stem.endswith("2") and stem not in ALIASES else "alias")
    revision = 2 if role == "revision" else None
    t["pages"].append({"page": page["page"], "role": role})
    if role == "alias":
        alias = {"page": page["page"], "name": upper_camel(stem), "target": upper_camel(rel)}
        aliases.append(alias)
    since = 2 if role == "revision" else None

    def add_prop(name, kind, source, note=None, rename=None):
        for p in t["properties"]:
            if p["name"] == name:
                return
        p = {"name": name, "type": rust_kind(kind), "source": source}
        if since:
            p["since"] = since
        if note:
            p["note"] = note
        t["properties"].append(p)

    def add_link(name, many, source, note=None, data=False):
        for l in t["links"]:
            if l["name"] == name:
                return
        l = {"name": name, "many": many, "source": source}
        if since:
            l["since"] = since
        if data:
            l["data"] = True
        if note:
            l["note"] = note
        t["links"].append(l)

    def is_data(name):
        hrefs = link_hrefs[rel].get(name, [])
        return any(h.replace(" ", "").startswith("data:") for h in hrefs)

    src = "documented" if role != "alias" else "documented on " + page["page"]
    for p in page["properties"]:
        kind = KIND_FIXES.get((stem, p["name"]), p["kind"])
        if p.get("values_not_in_enum"):
            pass
        if kind == "link":
            add_link(p["name"], False, src, "documented as a property, delivered as a `data:` link", data=True)
            continue
        if p.get("sample_name_differs_in_case"):
            name = p["sample_name_differs_in_case"]
            add_prop(name, kind, src, "the page spells it `%s`; the samples `%s`" % (p["name"], name))
            continue
        add_prop(p["name"], kind, src)
    for l in page["links"]:
        if l["name"] == "self":
            continue
        shape = l["json_shape"]
        note = None
        if shape is None:
            many = (stem, l["name"]) in MANY_LINKS
            note = "no JSON sample shows it: %s" % ("one link per member of the collection" if many else "a single related resource")
        else:
            many = shape == "array" or bool(l.get("xml_repeated"))
        add_link(l["name"], many, src, note, data=is_data(l["name"]))
    for name, shape in (page.get("undocumented_links_in_samples") or {}).items():
        if name == "self":
            continue
        add_link(name, shape == "array", "samples", "shown by the samples, not in the page's table", data=is_data(name))
    for e in page["embedded"]:
        if any(x["name"] == e["name"] for x in t["embedded"]):
            continue
        target = canonical(e["rels"][0]) if len(e["rels"]) == 1 else None
        ty = upper_camel(target) if target in RES and target not in OWNED_ELSEWHERE else "DynResource"
        x = {"name": e["name"], "many": e["json_shape"] == "array", "type": ty}
        if ty == "DynResource":
            x["note"] = "the embedded rel `%s` has no reference page" % "`, `".join(e["rels"])
        if since:
            x["since"] = since
        t["embedded"].append(x)
    for ev in page["events"]:
        entry = {"type": ev["type"], "sender": ev["sender"]}
        if entry not in t["events"]:
            t["events"].append(entry)
    for op in page["operations"]:
        m = op["method"]
        if m not in t["methods"]:
            t["methods"].append(m)
        if m in ("GET", "POST", "PUT", "DELETE"):
            for e in op["synchronous_errors"]:
                err = {"method": m.capitalize(), "status": e["code"], "code": e["error"], "subcode": e["subcode"]}
                if err not in t["errors"]:
                    t["errors"].append(err)
        body = op["request_body"]
        if m == "PUT" and isinstance(body, list):
            # A PUT body is the resource itself: its fields are properties.
            for f in body:
                ft = field_type(f, stem)
                if ft == "link":
                    add_link(f["name"], False, "PUT request body of " + page["page"], data=True)
                else:
                    kind = ft if ft.startswith(("enum:", "Vec<")) else {"String": "string", "bool": "bool", "i32": "int", "DateTime": "date"}.get(ft, "string")
                    if not any(p["name"] == f["name"] for p in t["properties"]):
                        add_prop(f["name"], kind if not kind.startswith("Vec<") else "array<%s>" % ("string" if kind == "Vec<String>" else kind[4:-1]), "PUT request body of " + page["page"])
        if m == "POST" and isinstance(body, list):
            if t["input"] is None:
                t["input"] = {"name": t["name"] + "Input", "fields": []}
            fields = t["input"]["fields"]
            for f in body:
                if any(x["name"] == f["name"] for x in fields):
                    continue
                ft = field_type(f, stem)
                x = {"name": f["name"], "type": ft, "required": bool(f["required"])}
                if since:
                    x["since"] = since
                if ft == "link":
                    x["data"] = True
                fields.append(x)

# Undocumented properties the samples show, per rel.
for rel, t in types.items():
    known = {p["name"] for p in t["properties"]} | {l["name"] for l in t["links"]}
    for name, obs in prop_obs.get(rel, {}).items():
        # The randomly named property of PUT-able resources stays in the catch-all.
        if name in known or re.fullmatch(r"[0-9a-f]{8}-.*|.*\.\.\..*", name):
            continue
        t["properties"].append({"name": name, "type": rust_kind(kind_from_obs(obs)),
                                "source": "samples", "note": "shown by the samples, not in the page's table"})
    # Undocumented links the samples show (catalog lists them per page; this catches aliases' merges).
    lk = {l["name"] for l in t["links"]}
    for name, hrefs in link_hrefs.get(rel, {}).items():
        if name == "self" or name in lk or not name:
            continue
        t["links"].append({"name": name, "many": link_shape[rel].get(name) == "array", "source": "samples",
                           "note": "shown by the samples, not in the page's table",
                           **({"data": True} if any(h.replace(" ", "").startswith("data:") for h in hrefs) else {})})

# Member docs already written in our own words for the presence enums.
EXISTING_DOCS = {
    "Availability": {"Away": "Away from the device.", "BeRightBack": "Back shortly.", "Busy": "Busy.",
                     "DoNotDisturb": "Busy and not to be interrupted.", "IdleBusy": "Busy, but idle for a while.",
                     "IdleOnline": "Online, but idle for a while.", "Offline": "Not signed in.", "Online": "Available."},
    "PreferredAvailability": {"Away": "Appear away.", "BeRightBack": "Back shortly.", "Busy": "Busy.",
                              "DoNotDisturb": "Busy and not to be interrupted.", "Offwork": "Off work.", "Online": "Available."},
}
enums = []
for name in sorted(ENUMS, key=str.lower):
    e = ENUMS[name]
    docs = EXISTING_DOCS.get(name, {})
    enums.append({"name": name, "page": e["page"],
                  "members": [{"wire": m["name"], **({"doc": docs[m["name"]]} if m["name"] in docs else {})} for m in e["members"]],
                  **({"elsewhere": "schema/src/errors.rs"} if name in ("ErrorCode", "ErrorSubcode") else {})})

out = {"types": list(types.values()), "aliases": aliases, "owned_elsewhere": skipped}
json.dump(out, open(os.path.join(REPO, "schema/api/resources.json"), "w"), indent=1)
json.dump({"enums": enums}, open(os.path.join(REPO, "schema/api/enums.json"), "w"), indent=1)
print(len(types), "types", len(aliases), "aliases", len(enums), "enums")
