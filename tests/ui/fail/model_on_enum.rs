#[bandwidth_messaging::decl::model(schema = "#/components/schemas/x")]
pub enum X {
    A,
}

fn main() {}
