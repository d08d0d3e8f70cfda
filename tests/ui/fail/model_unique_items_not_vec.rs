#[bandwidth_messaging::decl::model(schema = "#/components/schemas/x")]
pub struct X {
    #[field(name = "to", required, unique_items)]
    pub to: String,
}

fn main() {}
