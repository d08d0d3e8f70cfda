#[bandwidth_messaging::decl::operation(id = "uploadMedia", method = "PUT", path = "/media")]
#[response(status = 204, empty)]
pub struct UploadMedia {
    #[body(binary)]
    pub first: bandwidth_messaging::__private::Bytes,
    #[body(json)]
    pub second: String,
}

fn main() {}
