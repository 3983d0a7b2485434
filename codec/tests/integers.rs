//! Every primitive integer type is a property type: both formats carry its whole range
//! (single values and lists); a value out of range is kept in the catch-all with a reason
//! naming the type, or in strict mode an error naming it.

use ucwa_codec::{Category, Limits, Link, Members, Resource, json, xml};

const NS: &str = "http://schemas.microsoft.com/rtc/2012/03/ucwa";

/// For each type: a resource holding one value and a list, then the checks.
macro_rules! integer_cases {
    ($($name:ident: $t:ty, too_small = $small:literal, too_large = $large:literal;)*) => {$(
        mod $name {
            use super::*;

            #[derive(Clone, Debug, PartialEq, Resource)]
            #[ucwa(rel = "numbers")]
            pub struct Numbers {
                #[ucwa(self_link)]
                pub self_link: Option<Link>,
                pub value: Option<$t>,
                pub values: Option<Vec<$t>>,
                #[ucwa(extra)]
                pub extra: Members,
            }

            fn holding(value: $t) -> Numbers {
                Numbers { self_link: None, value: Some(value), values: Some(vec![<$t>::MIN, value, <$t>::MAX]), extra: Members::default() }
            }

            #[test]
            fn boundaries_round_trip_in_both_formats() {
                for value in [<$t>::MIN, 0, 1, <$t>::MAX] {
                    let n = holding(value);
                    let text = json::to_string(&n).unwrap();
                    assert_eq!(
                        text,
                        format!(r#"{{"rel":"numbers","value":{value},"values":[{},{value},{}]}}"#, <$t>::MIN, <$t>::MAX)
                    );
                    assert_eq!(json::from_str::<Numbers>(&text).unwrap(), n);
                    let text = xml::to_string(&n).unwrap();
                    assert!(text.contains(&format!(r#"<property name="value">{value}</property>"#)), "{text}");
                    assert_eq!(xml::from_str::<Numbers>(&text).unwrap(), n);
                }
            }

            #[test]
            fn out_of_range_names_the_type() {
                let type_name = stringify!($t);
                let strict = Limits::DEFAULT.with_strict(true);
                for bad in [$small, $large] {
                    // Strict: an error at the property, naming the type and the value.
                    let doc = format!(r#"{{"rel":"numbers","value":{bad}}}"#);
                    let e = json::from_str_with::<Numbers>(&doc, strict).unwrap_err();
                    assert_eq!(e.category(), Category::Data, "{e}");
                    assert!(e.to_string().contains(type_name), "{e}");
                    // serde_json's message shows a number beyond 64 bits as a rounded
                    // float (the value itself is kept exactly, below).
                    if bad.parse::<i64>().is_ok() || bad.parse::<u64>().is_ok() {
                        assert!(e.to_string().contains(bad), "{e}");
                    }
                    assert_eq!(e.path(), "numbers/value");

                    // Otherwise: kept in the catch-all with its reason, every digit
                    // written back.
                    let kept = json::from_str::<Numbers>(&doc).unwrap();
                    assert_eq!(kept.value, None);
                    assert!(kept.extra.unfit_reason("value").is_some_and(|why| why.contains(type_name)), "{kept:?}");
                    assert_eq!(json::to_string(&kept).unwrap(), doc);

                    let doc = format!(r#"<resource xmlns="{NS}" rel="numbers"><property name="value">{bad}</property></resource>"#);
                    let e = xml::from_str_with::<Numbers>(&doc, strict).unwrap_err();
                    assert_eq!(e.category(), Category::Data, "{e}");
                    assert!(e.message().contains(&format!("invalid {type_name} `{bad}`")), "{e}");
                    let kept = xml::from_str::<Numbers>(&doc).unwrap();
                    assert!(kept.extra.unfit_reason("value").is_some_and(|why| why.contains(type_name)), "{kept:?}");
                    assert!(xml::to_string(&kept).unwrap().contains(&format!(r#"<property name="value">{bad}</property>"#)));

                    let doc = format!(r#"<resource xmlns="{NS}" rel="numbers"><propertyList name="values"><item>1</item><item>{bad}</item></propertyList></resource>"#);
                    let e = xml::from_str_with::<Numbers>(&doc, strict).unwrap_err();
                    assert!(e.message().contains(&format!("invalid {type_name} `{bad}`")), "{e}");
                    let kept = xml::from_str::<Numbers>(&doc).unwrap();
                    assert_eq!(kept.values, None);
                    assert!(kept.extra.unfit_reason("values").is_some_and(|why| why.starts_with("item 1:")), "{kept:?}");
                    let doc = format!(r#"{{"rel":"numbers","values":[1,{bad}]}}"#);
                    let kept = json::from_str::<Numbers>(&doc).unwrap();
                    assert!(kept.extra.unfit_reason("values").is_some_and(|why| why.starts_with("item 1:")), "{kept:?}");
                    assert_eq!(json::to_string(&kept).unwrap(), doc);
                }
            }
        }
    )*};
}

integer_cases! {
    int8: i8, too_small = "-129", too_large = "128";
    int16: i16, too_small = "-32769", too_large = "32768";
    int32: i32, too_small = "-2147483649", too_large = "2147483648";
    int64: i64, too_small = "-9223372036854775809", too_large = "9223372036854775808";
    int_size: isize, too_small = "-9223372036854775809", too_large = "9223372036854775808";
    uint8: u8, too_small = "-1", too_large = "256";
    uint16: u16, too_small = "-1", too_large = "65536";
    uint32: u32, too_small = "-1", too_large = "4294967296";
    uint64: u64, too_small = "-1", too_large = "18446744073709551616";
    uint_size: usize, too_small = "-1", too_large = "18446744073709551616";
}
