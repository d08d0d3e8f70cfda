//! trybuild: a hand-written declaration file that must compile and run, and misuses of every macro whose
//! diagnostics (message and caret) are pinned by `.stderr` files.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
