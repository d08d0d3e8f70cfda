#[bandwidth_messaging::decl::operation(id = "deleteMedia", method = "DELETE", path = "/media")]
#[response(status = 204, empty)]
#[response(status = 204, empty)]
pub struct DeleteMedia {}

fn main() {}
