//! `docs/sandbox.md` lists every magic destination number with its error code and name.

#[test]
fn every_magic_number_is_documented() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/sandbox.md"))
        .expect("docs/sandbox.md");
    let mut missing = Vec::new();
    for (number, code) in bandwidth_sandbox::magic::magic_numbers() {
        let row = format!("| `{number}` | {} | {}", code.code, code.name);
        if !docs.contains(&row) {
            missing.push(row);
        }
    }
    assert!(
        missing.is_empty(),
        "rows missing from docs/sandbox.md:\n{}",
        missing.join("\n")
    );
}
