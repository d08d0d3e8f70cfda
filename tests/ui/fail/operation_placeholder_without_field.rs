#[bandwidth_messaging::decl::operation(id = "getMedia", method = "GET", path = "/users/{accountId}/media/{mediaId}")]
#[response(status = 200, binary)]
pub struct GetMedia {
    #[path(name = "accountId")]
    pub account_id: String,
}

fn main() {}
