#[bandwidth_messaging::decl::model(schema = "#/components/schemas/x")]
pub struct X {
    #[field(name = "id", required)]
    pub id: Option<String>,
}

fn main() {}
