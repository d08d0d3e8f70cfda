#[bandwidth_messaging::decl::model(schema = "#/components/schemas/x")]
pub struct X {
    #[field(name = "to", required)]
    pub to: String,
    #[field(name = "to")]
    pub to_again: Option<String>,
    #[field(name = "extra")]
    pub additional_properties: Option<String>,
}

fn main() {}
