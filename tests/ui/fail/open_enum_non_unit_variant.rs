#[bandwidth_messaging::decl::open_enum(schema = "#/components/schemas/status")]
pub enum Status {
    #[value("SENT")]
    Sent(String),
}

fn main() {}
