#[bandwidth_messaging::decl::open_enum]
pub enum Status {
    #[value("SENT")]
    Sent,
}

fn main() {}
