use ucwa_codec::{Link, Members, Resource};

struct NotAResource;

#[derive(Resource)]
#[ucwa(rel = "note")]
struct Note {
    #[ucwa(self_link)]
    self_link: Option<Link>,
    colour: Option<std::collections::HashMap<String, String>>,
    #[ucwa(embedded)]
    owner: Option<NotAResource>,
    #[ucwa(extra)]
    extra: Members,
}

fn main() {}
