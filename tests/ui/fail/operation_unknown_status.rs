#[bandwidth_messaging::decl::operation(id = "getThing", method = "GET", path = "/things")]
#[response(status = 200, empty)]
#[response(status = 700, empty)]
#[response(status = ok, empty)]
pub struct GetThing {}

fn main() {}
