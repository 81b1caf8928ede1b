//! What every command writes under its home before it runs, as the real root command does
//! (gonka `cmd/inferenced/cmd/root.go`: the SDK's `config.ReadFromClientConfig` and
//! `server.InterceptConfigsPreRunHandler`), and `start`'s refusal to sign without a signer.

mod support;

use std::path::Path;
use std::time::Duration;
use support::{simchaind, CHAIN};

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// A `keys` call without `--home` writes `$HOME/.inference/config/{client,config,app}.toml`
/// and `$HOME/.inference/data`, as `inferenced` does; with `--home` nothing lands in `$HOME`.
/// (The runner's test that `$HOME` stays empty relies on this.)
#[test]
fn a_command_without_home_writes_home_dot_inference_and_one_with_home_does_not() {
    let dir = testkit::temp_dir("root-home");
    let kr = dir.path().join("keyring");
    let kr = kr.to_str().unwrap();
    let user = dir.path().join("user");
    std::fs::create_dir(&user).unwrap();
    let user_s = user.to_str().unwrap();
    let list = ["keys", "list", "--output", "json", "--keyring-backend", "test", "--keyring-dir", kr];

    let out = simchaind(&list, None, &[("HOME", user_s)]);
    assert!(out.ok, "{}", out.stderr);
    let dot = user.join(".inference");
    assert_eq!(names(&dot), ["config", "data"]);
    assert_eq!(names(&dot.join("config")), ["app.toml", "client.toml", "config.toml"]);
    let client = std::fs::read_to_string(dot.join("config/client.toml")).unwrap();
    assert!(client.contains("keyring-backend = \"os\"") && client.contains("chain-id = \"\""), "{client}");

    let other_user = dir.path().join("other-user");
    std::fs::create_dir(&other_user).unwrap();
    let node = dir.path().join("node");
    let with_home = [&list[..], &["--home", node.to_str().unwrap()]].concat();
    let out = simchaind(&with_home, None, &[("HOME", other_user.to_str().unwrap())]);
    assert!(out.ok, "{}", out.stderr);
    assert!(names(&other_user).is_empty(), "{:?}", names(&other_user));
    assert_eq!(names(&node.join("config")), ["app.toml", "client.toml", "config.toml"]);
}

/// The root command's files never replace what is there: a configured client.toml stays.
#[test]
fn the_root_command_keeps_existing_config_files() {
    let dir = testkit::temp_dir("root-keep");
    let home = dir.path().join("node");
    let h = home.to_str().unwrap();
    support::ok(&["init", "n0", "--chain-id", CHAIN, "--default-denom", "ngonka", "--home", h]);
    support::ok(&["config", "set", "client", "keyring-backend", "test", "--home", h]);
    let kr = dir.path().join("kr");
    support::ok(&["keys", "list", "--keyring-backend", "test", "--keyring-dir", kr.to_str().unwrap(), "--home", h]);
    let client = std::fs::read_to_string(home.join("config/client.toml")).unwrap();
    assert!(client.contains("keyring-backend = \"test\"") && client.contains(CHAIN), "{client}");
}

/// With `priv_validator_laddr` empty and no key file (tmkms signs, and the runner removed the
/// key `init` made), `start` stops instead of making a consensus key as CometBFT would.
#[test]
fn start_without_a_remote_signer_or_a_key_file_refuses_and_makes_no_key() {
    let net = support::net::Net::new(1, Duration::from_millis(100));
    let v = &net.validators[0];
    support::net::set(v.home(), "priv_validator_laddr", "");
    let key = v.home.join("config/priv_validator_key.json");
    std::fs::remove_file(&key).unwrap();
    let out = simchaind(&["start", "--home", v.home()], None, &[]);
    assert!(!out.ok);
    assert!(
        out.stderr.contains("priv_validator_laddr is empty and")
            && out.stderr.contains("refusing to start without a signer"),
        "{}",
        out.stderr
    );
    assert!(!key.exists(), "start made a consensus key");
}
