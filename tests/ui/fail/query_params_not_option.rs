#[bandwidth_messaging::decl::query_params(operation = "listMessages")]
pub struct Query {
    #[query(name = "limit")]
    pub limit: i64,
    pub page: Option<String>,
}

fn main() {}
