#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the documented samples in tests/samples (and, for
# xml_well_formed, a few hand-made documents at the edges of the XML rules).
set -euo pipefail
cd "$(dirname "$0")"
samples=../tests/samples
for t in xml_dynamic json_dynamic typed_registry dates events error_bodies data_uri \
         xml_well_formed options batch; do
  mkdir -p "corpus/$t"
done
cp "$samples"/*.xml "$samples"/repaired/*.xml corpus/xml_dynamic/ 2>/dev/null || true
cp "$samples"/*.json "$samples"/repaired/*.json corpus/json_dynamic/ 2>/dev/null || true
cp "$samples"/*.xml "$samples"/*.json corpus/typed_registry/
i=0
for d in '/Date(1474932023993)/' '/Date(1474932023993+0200)/' '/Date(-5)/' \
         '2016-09-26T16:20:24.8356669-07:00' '2012-01-11T19:03:22Z' '0001-01-01T00:00:00' \
         '9999-12-31T23:59:59.9999999+14:00' '2016-02-29T12:00:00.5-00:30'; do
  printf '%s' "$d" > "corpus/dates/seed$i"; i=$((i+1))
done
cp "$samples"/*event*.json "$samples"/*event*.xml "$samples"/repaired/*event*.json corpus/events/ 2>/dev/null || true
cp "$samples"/ErrorsAndInformationalMessages.* "$samples"/errorTranscript.* corpus/error_bodies/
i=0
for u in 'data:text/plain,Hello+World' 'data:text/html;charset=utf-8,%3Cb%3Ehi%3C/b%3E' \
         'data:application/sdp;base64,dj0wDQo=' 'data:,' 'data:text/plain;charset=utf-16;base64,//4='; do
  printf '%s' "$u" > "corpus/data_uri/seed$i"; i=$((i+1))
done
# Every XML sample, and the XML edges issue #16 lists (names, namespaces, declarations).
cp "$samples"/*.xml "$samples"/repaired/*.xml corpus/xml_well_formed/ 2>/dev/null || true
i=0
for x in '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a/>' '<a b="1" c:d="2" xmlns:c="urn:c"/>' \
         '<a><!-- c --><?pi data?><![CDATA[x]]>&lt;&#x41;&#65;</a>' '<a a&#x301;="1"/>' '<a xmlns:b=""/>' \
         '<x:a xmlns:x="urn:x"><x:b/></x:a>' '<a>&amp;</a>' '<?xml version="1.0"?>' ; do
  printf '%s' "$x" > "corpus/xml_well_formed/seed$i"; i=$((i+1))
done
cp "$samples"/*.options.response.* "$samples"/makeMeAvailable2.post.response.* corpus/options/
# Batches: the target reads a Content-Type line, then the body. The boundary is the
# first delimiter line's text (the documented samples write line breaks as `<BR>`).
for f in "$samples"/other/*.multipart "$samples"/repaired/other/*.multipart; do
  boundary=$(head -n 1 "$f" | sed -E 's/^--//; s/<BR>.*//; s/\r$//')
  { printf 'multipart/batching; boundary="%s"\n' "$boundary"; cat "$f"; } \
    > "corpus/batch/$(basename "$(dirname "$f")")-$(basename "$f")"
done
