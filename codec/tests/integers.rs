//! Every primitive integer type is a property type: both formats carry its whole range
//! (single values and lists), and a value out of range is an error naming the type.

use ucwa_codec::{Category, Link, Members, Resource, json, xml};

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
                for bad in [$small, $large] {
                    let e = json::from_str::<Numbers>(&format!(r#"{{"rel":"numbers","value":{bad}}}"#)).unwrap_err();
                    assert_eq!(e.category(), Category::Data, "{e}");
                    assert!(e.to_string().contains(type_name), "{e}");
                    // JSON numbers beyond 64 bits reach serde as floats, shown rounded.
                    if bad.parse::<i64>().is_ok() || bad.parse::<u64>().is_ok() {
                        assert!(e.to_string().contains(bad), "{e}");
                    }
                    assert_eq!(e.path(), "numbers/value");

                    let doc = format!(r#"<resource xmlns="{NS}" rel="numbers"><property name="value">{bad}</property></resource>"#);
                    let e = xml::from_str::<Numbers>(&doc).unwrap_err();
                    assert_eq!(e.category(), Category::Data, "{e}");
                    assert!(e.message().contains(&format!("invalid {type_name} `{bad}`")), "{e}");

                    let doc = format!(r#"<resource xmlns="{NS}" rel="numbers"><propertyList name="values"><item>1</item><item>{bad}</item></propertyList></resource>"#);
                    let e = xml::from_str::<Numbers>(&doc).unwrap_err();
                    assert!(e.message().contains(&format!("invalid {type_name} `{bad}`")), "{e}");
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
