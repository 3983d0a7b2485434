//! The generated request-body constructors: `new` takes the required fields, `with_*`
//! sets the optional ones, and the result encodes like the same body built field by field.

use ucwa_schema::ApplicationsInput;

#[test]
fn new_takes_the_required_fields_in_reference_order() {
    let body = ApplicationsInput::new("en-US", "123", "ucwa-rs/0.1");
    assert_eq!(body.culture, "en-US");
    assert_eq!(body.endpoint_id, "123");
    assert_eq!(body.user_agent, "ucwa-rs/0.1");
    assert_eq!(body.instance_id, None);
    assert!(body.extra.is_empty());
    let json = ucwa_codec::json::to_string(&body).unwrap();
    assert_eq!(
        json,
        r#"{"culture":"en-US","endpointId":"123","userAgent":"ucwa-rs/0.1"}"#
    );
}

#[cfg(feature = "communication")]
#[test]
fn with_sets_an_optional_field_and_links_stay_links() {
    use ucwa_codec::Link;
    use ucwa_schema::{Importance, StartMessagingInput};
    let message = Link::new("data:text/plain,Hello");
    let body = StartMessagingInput::new("sip:alice@contoso.com")
        .with_subject("Lunch")
        .with_importance(Importance::Urgent)
        .with_message(message.clone());
    assert_eq!(body.to, "sip:alice@contoso.com");
    assert_eq!(body.subject.as_deref(), Some("Lunch"));
    assert_eq!(body.importance, Some(Importance::Urgent));
    assert_eq!(body.message, Some(message));
    assert_eq!(body.message_text().unwrap().unwrap(), "Hello");
    assert_eq!(body.operation_id, None);
    let xml = ucwa_codec::xml::to_string(&body).unwrap();
    assert_eq!(
        ucwa_codec::xml::from_str::<StartMessagingInput>(&xml).unwrap(),
        body
    );
}

#[cfg(feature = "communication")]
#[test]
fn a_body_without_required_fields_starts_empty() {
    use ucwa_schema::JoinOnlineMeetingInput;
    assert_eq!(
        JoinOnlineMeetingInput::new(),
        JoinOnlineMeetingInput::default()
    );
    let body = JoinOnlineMeetingInput::new().with_online_meeting_uri("sip:meeting");
    assert_eq!(body.online_meeting_uri.as_deref(), Some("sip:meeting"));
}
