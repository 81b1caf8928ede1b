//! The unmodified tmkms application. It lives in the workspace only so that CI and the
//! container images can build it offline from crates.io; no line of its logic is ours.

fn main() {
    abscissa_core::boot(&tmkms::application::APP);
}
