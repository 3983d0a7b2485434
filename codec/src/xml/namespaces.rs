//! The rules of namespace declarations, shared by the reader, the writer and the JSON
//! form of links (which may carry the declaration a prefixed attribute needs).

/// The namespace the `xml` prefix is bound to.
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of `xmlns` declarations themselves.
pub(crate) const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// Checks a namespace declaration: `xmlns="uri"` (`prefix` `None`) or
/// `xmlns:prefix="uri"`. Says why it is not allowed, as Namespaces in XML does.
pub(crate) fn check_declaration(prefix: Option<&str>, uri: &str) -> Result<(), &'static str> {
    match prefix {
        None if uri == XML_NS || uri == XMLNS_NS => {
            Err("the default namespace cannot be the `xml` or `xmlns` namespace")
        }
        None => Ok(()),
        Some("xmlns") => Err("the prefix `xmlns` cannot be declared"),
        Some("xml") if uri != XML_NS => {
            Err("the prefix `xml` cannot be bound to another namespace")
        }
        Some("xml") => Ok(()),
        Some(_) if uri == XML_NS => Err("only the prefix `xml` can be bound to the XML namespace"),
        Some(_) if uri == XMLNS_NS => Err("no prefix can be bound to the `xmlns` namespace"),
        Some(_) if uri.is_empty() => Err("a prefix cannot be bound to an empty namespace name"),
        Some(_) => Ok(()),
    }
}

/// The prefix a namespace declaration's attribute name declares: `Some(None)` for
/// `xmlns`, `Some(Some(p))` for `xmlns:p`, `None` for any other attribute.
pub(crate) fn declared_prefix(name: &str) -> Option<Option<&str>> {
    match name.strip_prefix("xmlns") {
        Some("") => Some(None),
        Some(rest) => rest.strip_prefix(':').map(Some),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{XML_NS, XMLNS_NS, check_declaration, declared_prefix};

    #[test]
    fn declarations_follow_namespaces_in_xml() {
        assert!(check_declaration(None, "urn:a").is_ok());
        assert!(check_declaration(None, "").is_ok());
        assert!(check_declaration(Some("a"), "urn:a").is_ok());
        assert!(check_declaration(Some("xml"), XML_NS).is_ok());
        assert!(check_declaration(Some("a"), "").is_err());
        assert!(check_declaration(Some("xmlns"), "urn:a").is_err());
        assert!(check_declaration(Some("xml"), "urn:a").is_err());
        assert!(check_declaration(Some("a"), XML_NS).is_err());
        assert!(check_declaration(Some("a"), XMLNS_NS).is_err());
        assert!(check_declaration(None, XMLNS_NS).is_err());
    }

    #[test]
    fn declaration_names_are_recognised() {
        assert_eq!(declared_prefix("xmlns"), Some(None));
        assert_eq!(declared_prefix("xmlns:a"), Some(Some("a")));
        assert_eq!(declared_prefix("xmlnsa"), None);
        assert_eq!(declared_prefix("rel"), None);
    }
}
