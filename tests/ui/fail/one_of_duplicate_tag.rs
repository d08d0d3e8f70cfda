#[bandwidth_messaging::decl::model(schema = "#/components/schemas/a")]
pub struct A {}

#[bandwidth_messaging::decl::one_of(schema = "#/components/schemas/ab", discriminator = "type")]
pub enum Ab {
    #[variant(tag = "a")]
    First(A),
    #[variant(tag = "a")]
    Second(A),
}

fn main() {}
