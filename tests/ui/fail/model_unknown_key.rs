#[bandwidth_messaging::decl::model(schema = "#/components/schemas/x")]
pub struct X {
    #[field(name = "id", requird)]
    pub id: String,
}

fn main() {}
