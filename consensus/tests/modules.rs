//! No module of this crate imports another that imports it back (issue 23: no import loop
//! anywhere in the workspace). The reader and what it leaves out: `testkit::modules`.

#[test]
fn no_module_imports_one_that_imports_it() {
    testkit::modules::assert_no_import_loop(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), 9);
}
