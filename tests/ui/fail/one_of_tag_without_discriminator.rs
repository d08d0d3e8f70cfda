#[bandwidth_messaging::decl::model(schema = "#/components/schemas/a")]
pub struct A {}

#[bandwidth_messaging::decl::one_of(schema = "#/components/schemas/ab")]
pub enum Ab {
    #[variant(tag = "a")]
    First(A),
    Second { inner: A },
}

fn main() {}
