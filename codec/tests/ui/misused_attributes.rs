use ucwa_codec::{Link, Members, Resource};

#[derive(Resource)]
#[ucwa(rel = "note")]
struct Note {
    #[ucwa(self_link)]
    self_link: Option<Link>,
    #[ucwa(link)]
    me: String,
    #[ucwa(extra)]
    one: Members,
    #[ucwa(extra)]
    two: Members,
}

fn main() {}
