//! The API areas are cargo features: the registry types what the enabled areas hold, and
//! a resource of an area that is off decodes as a dynamic resource, every member kept.

use ucwa_codec::Format;

/// `application` is in the core: typed in every build.
#[test]
fn the_core_is_always_typed() {
    let json = br#"{"rel":"application","culture":"en-US","_links":{"self":{"href":"/a"}}}"#;
    let decoded = ucwa_schema::registry().decode(Format::Json, json).unwrap();
    let app = decoded
        .downcast_ref::<ucwa_schema::Application>()
        .expect("typed");
    assert_eq!(app.culture.as_deref(), Some("en-US"));
    assert!(ucwa_schema::registry().contains("application"));
}

/// Without `people` (and the areas that also reach `contact`), a contact document stays
/// dynamic and loses nothing; an embedded `people` dashboard stays in the application's
/// catch-all.
#[cfg(not(any(feature = "people", feature = "me", feature = "communication")))]
#[test]
fn a_resource_of_an_area_that_is_off_is_dynamic() {
    let json = r#"{"rel":"contact","name":"Alice","_links":{"self":{"href":"/c"}}}"#;
    let registry = ucwa_schema::registry();
    assert!(!registry.contains("contact"));
    let decoded = registry.decode(Format::Json, json.as_bytes()).unwrap();
    let ucwa_codec::Decoded::Dynamic { resource, .. } = &decoded else {
        panic!("typed: {decoded:?}");
    };
    assert_eq!(resource.rel.as_deref(), Some("contact"));
    assert_eq!(ucwa_codec::json::to_string(resource).unwrap(), json);

    let app = r#"{"rel":"application","_embedded":{"people":{"rel":"people","_links":{"self":{"href":"/p"}}}}}"#;
    let decoded: ucwa_schema::Application = ucwa_codec::json::from_str(app).unwrap();
    assert_eq!(decoded.extra.embedded("people").len(), 1);
    assert_eq!(ucwa_codec::json::to_string(&decoded).unwrap(), app);
}

/// With `people`, the same contact is typed.
#[cfg(feature = "people")]
#[test]
fn a_resource_of_an_enabled_area_is_typed() {
    let json = br#"{"rel":"contact","name":"Alice"}"#;
    let decoded = ucwa_schema::registry().decode(Format::Json, json).unwrap();
    let contact = decoded
        .downcast_ref::<ucwa_schema::Contact>()
        .expect("typed");
    assert_eq!(contact.name.as_deref(), Some("Alice"));
}
