//! `write-seeds <dir> <target>`: writes the target's seeds (see `Target::seeds`) into `dir`, one
//! file each, named by their sha256 prefix as libFuzzer names its corpus entries.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, name] = args.as_slice() else {
        eprintln!("usage: write-seeds <dir> <target>");
        return ExitCode::from(2);
    };
    let Some(t) = ceremony_fuzz::Target::from_name(name) else {
        eprintln!("write-seeds: unknown target {name:?}");
        return ExitCode::from(2);
    };
    let dir = std::path::Path::new(dir);
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("write-seeds: {}: {e}", dir.display());
        return ExitCode::from(8);
    }
    for s in t.seeds() {
        // The half-megabyte mainnet genesis stays a fixture (the stable run mutates it);
        // libFuzzer works best from small inputs.
        if s.len() > 64 * 1024 {
            eprintln!("write-seeds: {name}: a {} byte seed left out of the corpus", s.len());
            continue;
        }
        let path = dir.join(format!("seed-{}", &cosmos_formats::files::sha256_hex(&s)[..16]));
        if let Err(e) = std::fs::write(&path, &s) {
            eprintln!("write-seeds: {}: {e}", path.display());
            return ExitCode::from(8);
        }
    }
    ExitCode::SUCCESS
}
