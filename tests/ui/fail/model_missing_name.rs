#[bandwidth_messaging::decl::model(schema = "#/components/schemas/x")]
pub struct X {
    #[field(required)]
    pub id: String,
}

fn main() {}
