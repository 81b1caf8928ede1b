//! The stand-in daemon's pieces other crates may read: its keyring, whose record format the
//! harness's leak audit must understand without copying it.

pub mod keyring;
