//! Chart files checked the way a reader opens them: a PNG must decode and
//! an SVG must be well-formed XML.

/// The PNG, decoded; why it does not decode otherwise.
pub fn png(bytes: &[u8]) -> Result<image::DynamicImage, String> {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Png).map_err(|e| e.to_string())
}

/// How many elements the SVG holds; why it is not well-formed XML otherwise.
pub fn svg_elements(bytes: &[u8]) -> Result<usize, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let (mut depth, mut elements) = (0i64, 0);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_)) => {
                depth += 1;
                elements += 1;
            }
            Ok(Event::Empty(_)) => elements += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
        buf.clear();
    }
    if depth != 0 {
        return Err(format!("{depth} elements left open"));
    }
    Ok(elements)
}
