#[bandwidth_messaging::decl::operation(id = "listMedia", method = "GET", path = "/users/{accountId}/media")]
#[response(status = 200, empty)]
pub struct ListMedia {
    #[path(name = "accountId")]
    pub account_id: String,
    #[path(name = "mediaId")]
    pub media_id: String,
}

fn main() {}
