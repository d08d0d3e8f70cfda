#[bandwidth_messaging::decl::operation(id = "getThing", method = "FETCH", path = "/things")]
#[response(status = 200, json = String, binary)]
#[response(status = 404)]
pub struct GetThing {
    pub no_role: String,
}

fn main() {}
