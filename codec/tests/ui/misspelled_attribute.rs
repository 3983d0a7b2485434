// One misspelled attribute is one error: the derive still implements its traits (as
// stubs), so the code using the type does not add "trait not implemented" errors.
use ucwa_codec::{Link, Members, Resource};

#[derive(Debug, Resource)]
#[ucwa(rel = "note")]
struct Note {
    #[ucwa(self_link)]
    self_link: Option<Link>,
    #[ucwa(colour)]
    message: Option<String>,
    #[ucwa(extra)]
    extra: Members,
}

#[derive(Debug, Resource)]
#[ucwa(rel = "notes")]
struct Notes {
    #[ucwa(self_link)]
    self_link: Option<Link>,
    #[ucwa(embedded)]
    note: Vec<Note>,
    #[ucwa(extra)]
    extra: Members,
}

fn main() {
    let note: Note = ucwa_codec::json::from_str("{}").unwrap();
    let _ = ucwa_codec::xml::to_string(&note);
    let notes: Notes = ucwa_codec::xml::from_str("<resource/>").unwrap();
    let _ = ucwa_codec::json::to_string(&notes);
    let _ = <Note as Resource>::REL;
}
