//! For fuzz targets that hold the XML reader's shortcuts (links and property start
//! tags read in one step) to its general path.

/// `data` with one more space in every `<link rel="` and `<property name="`: the same
/// document for XML, read without the shortcuts. `None` where the space would change
/// it (inside a CDATA section it is text) or `data` is not UTF-8.
pub fn spaced(data: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(data).ok()?;
    (!text.contains("<![CDATA[")).then(|| {
        text.replace("<link rel=\"", "<link  rel=\"")
            .replace("<property name=\"", "<property  name=\"")
    })
}

/// A decode's value, or its error without the position (the extra spaces move it).
pub fn outcome<T>(result: ucwa_codec::Result<T>) -> Result<T, String> {
    result.map_err(|e| format!("{:?} {} at `{}`", e.category(), e.message(), e.path()))
}
