#[bandwidth_messaging::decl::operation(id = "createMessage", method = "POST", path = "/messages")]
#[response(status = 200, empty, accepted)]
pub struct CreateMessage {}

fn main() {}
