//! The two images a validator's compose project runs. The engine has no registry, so they are
//! built here from the workspace's static binaries by `docker/build-images.sh`, which tags them
//! by content hash and skips a build whose image already exists.

use super::engine::Engine;
use crate::HarnessError;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Images {
    pub node: String,
    pub tmkms: String,
}

/// The repository's `docker/` directory: the compose file and image script we ship.
pub fn docker_dir() -> PathBuf {
    std::env::var_os("GENESIS_DOCKER_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../docker"))
}

fn bad(what: &str, reason: impl std::fmt::Display) -> HarnessError {
    HarnessError::Docker { what: what.into(), reason: reason.to_string() }
}

/// `NODE_IMAGE`/`TMKMS_IMAGE` when both are set and present in the engine (the nextest setup
/// script exports them), else whatever `build-images.sh` builds or finds. Concurrent callers
/// (test processes) take turns on a lock file, so the binaries are built once.
pub fn ensure(engine: &Engine) -> Result<Images, HarnessError> {
    if let (Ok(node), Ok(tmkms)) = (std::env::var("NODE_IMAGE"), std::env::var("TMKMS_IMAGE")) {
        for (var, r) in [("NODE_IMAGE", &node), ("TMKMS_IMAGE", &tmkms)] {
            if !engine.image_exists(r) {
                return Err(bad(var, format!("image {r} is not in the engine (run docker/build-images.sh)")));
            }
        }
        return Ok(Images { node, tmkms });
    }
    let script = docker_dir().join("build-images.sh");
    let lock_path = docker_dir().join("../target/images.lock");
    if let Some(dir) = lock_path.parent() {
        std::fs::create_dir_all(dir).map_err(crate::error::io(dir))?;
    }
    let lock_file = std::fs::File::create(&lock_path).map_err(crate::error::io(&lock_path))?;
    let _lock = nix::fcntl::Flock::lock(lock_file, nix::fcntl::FlockArg::LockExclusive)
        .map_err(|(_, e)| bad(&lock_path.display().to_string(), e))?;
    crate::procs::say(format_args!("building the node and tmkms images ({}) ...", script.display()));
    let out = Command::new("bash")
        .arg(&script)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(crate::error::io(&script))?;
    if !out.status.success() {
        return Err(bad(&script.display().to_string(), format!("failed ({})", out.status)));
    }
    parse_refs(&String::from_utf8_lossy(&out.stdout))
        .ok_or_else(|| bad(&script.display().to_string(), "did not print two image references"))
}

/// Loads into `to` each of `images` it lacks, exported from `from` (where they were built):
/// there is no registry between the machines. The tags are content hashes, so an image that
/// is there under its tag is the same image. Returns the references it loaded.
pub fn load_missing(from: &Engine, to: &Engine, images: &Images) -> Result<Vec<String>, HarnessError> {
    let mut loaded = Vec::new();
    for r in [&images.node, &images.tmkms] {
        if to.image_exists(r) {
            continue;
        }
        to.load_image(from.export_image(r)?)?;
        if !to.image_exists(r) {
            return Err(bad(r, "the engine loaded the image but does not list it under its tag"));
        }
        loaded.push(r.clone());
    }
    Ok(loaded)
}

/// The script prints `genesis-ceremony/node:<hash>` and `genesis-ceremony/tmkms:<hash>`.
fn parse_refs(stdout: &str) -> Option<Images> {
    let mut node = None;
    let mut tmkms = None;
    for line in stdout.lines().map(str::trim) {
        if line.starts_with("genesis-ceremony/node:") {
            node = Some(line.to_string());
        } else if line.starts_with("genesis-ceremony/tmkms:") {
            tmkms = Some(line.to_string());
        }
    }
    Some(Images { node: node?, tmkms: tmkms? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_output_names_both_images() {
        let out = "genesis-ceremony/node:0123456789ab\ngenesis-ceremony/tmkms:ba9876543210\n";
        let i = parse_refs(out).unwrap();
        assert_eq!(i.node, "genesis-ceremony/node:0123456789ab");
        assert_eq!(i.tmkms, "genesis-ceremony/tmkms:ba9876543210");
        assert_eq!(parse_refs("genesis-ceremony/node:x\n"), None);
    }
}
