#[bandwidth_messaging::decl::model(schema = "#/components/schemas/x")]
pub struct X {
    #[field(name = "carrierName", nullable)]
    pub carrier_name: Option<String>,
}

fn main() {}
