//! The runbook in containers, as production runs it: each validator is its own compose project
//! (`docker/compose.yml`) with its own network, nodes reach each other only through
//! host-published ports via `host.docker.internal`, and the operator carries the public files
//! between the projects' bind-mounted artifact dirs. The matrix over N; the runbook as Gherkin,
//! with the killed container and its restart, is `features/containers.feature`.

mod support;

use harness::checks::Checks;
use harness::docker::audit;
use harness::project::KeyringBackend;
use harness::runbook::Quiet;
use rstest::rstest;
use std::time::Duration;

#[rstest]
// The file keyring's passphrase reaches the node container as a mounted secret file.
#[case::three_file_keyring(3, KeyringBackend::File)]
#[case::four(4, KeyringBackend::Test)]
// Sixteen containers and eight compose projects on one engine (issue 13's N = 8).
#[case::eight(8, KeyringBackend::Test)]
fn validators_in_containers_complete_the_runbook_and_pass_every_check(
    #[case] n: usize,
    #[case] keyring: KeyringBackend,
) {
    let Some(mut t) = support::testnet_or_skip("docker::runbook", support::docker_spec(n).keyring_backend(keyring))
    else {
        return;
    };
    // Read below: the report's memory series of every container.
    t.sample_every(Some(Duration::from_secs(1)));
    t.prepare(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    // Stages re-run in a container as they do on a host: refused without FORCE, keys kept with it.
    checks.rerun(1, "gentx").unwrap_or_else(|e| panic!("{e}"));
    checks.rerun(0, "intermediate_genesis").unwrap_or_else(|e| panic!("{e}"));
    t.start(&Quiet).unwrap_or_else(|e| panic!("{e}"));

    let blocks = checks.blocks(3, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(blocks.hashes.len(), 3);
    let peers = checks.peers(Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    for (node, announced) in &peers.addresses {
        assert_eq!(announced.len(), n - 1, "{node}: {announced:?}");
        for addr in announced.values() {
            let host = addr.trim_start_matches("tcp://");
            assert!(host.starts_with("host.docker.internal:"), "{node} reaches a peer at {addr}");
        }
    }
    let v = checks.validators().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v.reported.len(), n);
    // The real ceremony's shape: participants with warm-key grants, no block before genesis_time.
    let p = checks.participants().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.participants, n);
    checks.ports().unwrap_or_else(|e| panic!("{e}"));
    let leaks = checks.no_leaks().unwrap_or_else(|e| panic!("{e}"));
    assert!(leaks.hits.is_empty() && leaks.secrets > 0);

    let docker = t.docker.as_ref().unwrap();
    let iso = audit::isolation(docker, &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(iso.networks.len(), n, "one network per project: {iso:?}");
    // One engine holds every project, each container mounting its own project's dirs only.
    let held = audit::engines(docker, &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((held.projects["local"].len(), held.containers), (n, 2 * n), "{held:?}");
    let secrets = audit::container_secrets(docker, &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(secrets.scanned.len(), 2 * n);
    for p in &t.projects {
        let mounts = audit::node_has_no_tmkms_home(docker, p).unwrap_or_else(|e| panic!("{e}"));
        assert!(mounts.iter().any(|m| m.ends_with("/keyring")), "{}: {mounts:?}", p.name);
    }
    // The run report's memory series: each node and tmkms container's resident memory, as the
    // engine's cgroup counts it (sampled every 500 ms since the hosts were set up).
    let r = t.recorder.snapshot();
    for p in &t.projects {
        for service in ["node", "tmkms"] {
            let top = r.memory.iter().filter(|m| m.node == p.name && m.service == service).map(|m| m.rss_kib).max();
            assert!(top.is_some_and(|k| k > 1024 && k < 4 << 20), "{} {service} container: {top:?} KiB", p.name);
        }
    }
    if keyring == KeyringBackend::File {
        // The passphrase is a file of the host, not a variable anyone can read off the engine.
        for p in &t.projects {
            let id = docker.container(p, harness::backend::Service::Node).unwrap().expect("node container");
            let inspect = docker.engine_of(p).inspect(&id).unwrap_or_else(|e| panic!("{e}"));
            let env = inspect.config.and_then(|c| c.env).unwrap_or_default();
            let pass = t.backend.keyring_passphrase(p).unwrap();
            assert!(env.iter().all(|v| !v.contains(&pass)), "{}: passphrase in the container env", p.name);
            assert!(env.iter().any(|v| v == "KEYRING_PASSWORD_FILE=/run/secrets/keyring_password"), "{env:?}");
        }
    }
}

/// A real ceremony's shape: every validator on a machine of its own. Three Docker engines, each
/// in a network namespace with its own address, are the three machines; `hosts.toml` places
/// one validator on each. Compose and bollard talk to each validator's own engine, the images
/// reach the engines by export and load (no registry), and the nodes find each other at the
/// machines' addresses only.
#[test]
fn validators_on_three_engines_reach_each_other_only_at_their_machines_addresses() {
    let test = "docker::three_engines";
    let Some(t) = support::docker_network_on_engines(test, 3) else { return };
    t.prepare(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    t.start(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    let blocks = checks.blocks(3, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(blocks.hashes.len(), 3);

    let engines = t.engines.as_ref().unwrap();
    let machine: Vec<std::net::IpAddr> = engines.hosts.iter().map(|h| h.address).collect();
    let peers = checks.peers(Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    for (i, p) in t.projects.iter().enumerate() {
        // The harness reads each node at its machine's address.
        assert_eq!(p.host, machine[i]);
        let announced = &peers.addresses[&p.name];
        assert_eq!(announced.len(), 2, "{}: {announced:?}", p.name);
        for addr in announced.values() {
            let host: std::net::IpAddr = addr.trim_start_matches("tcp://").rsplit_once(':').unwrap().0.parse().unwrap();
            assert!(machine.contains(&host) && host != machine[i], "{} reaches a peer at {addr}", p.name);
        }
        // And every connection, inbound or outbound, is with another machine's address.
        for (id, ip) in checks.net_info_peers(i).unwrap_or_else(|e| panic!("{e}")) {
            assert!(machine.contains(&ip) && ip != machine[i], "{}: peer {id} at {ip}", p.name);
        }
    }
    checks.ports().unwrap_or_else(|e| panic!("{e}"));
    let v = checks.validators().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v.reported.len(), 3);
    let leaks = checks.no_leaks().unwrap_or_else(|e| panic!("{e}"));
    assert!(leaks.hits.is_empty() && leaks.secrets > 0);

    let docker = t.docker.as_ref().unwrap();
    // No engine holds another validator's containers, volumes or keys.
    let held = audit::engines(docker, &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(held.projects.len(), 3, "{held:?}");
    assert!(held.projects.values().all(|p| p.len() == 1), "{held:?}");
    let secrets = audit::container_secrets(docker, &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(secrets.scanned.len(), 6);
    let iso = audit::isolation(docker, &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(iso.networks.len(), 3, "{iso:?}");
    // The images came by load, under the tags they were built with.
    for (_, engine) in docker.engines() {
        assert!(engine.image_exists(&docker.images().node) && engine.image_exists(&docker.images().tmkms));
    }
}

/// Issue 24's machines that share nothing, reached as an operator reaches them over a network:
/// each engine's API at `tcp://<machine>:2376` with mutual TLS (a CA of the test's own signed
/// each engine's certificate and the harness's client certificate; `hosts.toml` names the
/// client's `cert_path`). bollard and compose both go through TLS: the ceremony runs to blocks.
#[test]
fn validators_on_tls_engines_run_the_ceremony_to_blocks() {
    let test = "docker::tls_engines";
    let Some(t) = support::docker_network_on_tls_engines(test, 3) else { return };
    let engines = t.engines.as_ref().unwrap();
    let client = &engines.tls.as_ref().unwrap().client;
    for h in &engines.hosts {
        assert_eq!(h.engine.certs(), Some(client.as_path()), "{h:?}");
        assert!(h.engine.uri().ends_with(":2376"), "{h:?}");
    }
    t.prepare(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    t.start(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    let blocks = checks.blocks(3, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(blocks.hashes.len(), 3);

    let machine: Vec<std::net::IpAddr> = engines.hosts.iter().map(|h| h.address).collect();
    let peers = checks.peers(Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    for (i, p) in t.projects.iter().enumerate() {
        assert_eq!(p.host, machine[i]);
        let announced = &peers.addresses[&p.name];
        assert_eq!(announced.len(), 2, "{}: {announced:?}", p.name);
        for (id, ip) in checks.net_info_peers(i).unwrap_or_else(|e| panic!("{e}")) {
            assert!(machine.contains(&ip) && ip != machine[i], "{}: peer {id} at {ip}", p.name);
        }
    }
    // No ports check: it reads the node container's /proc/<pid>/net/tcp, which a tcp://
    // engine's containers do not share with us (the ssh:// work reads it over the API).
    let v = checks.validators().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v.reported.len(), 3);
    let leaks = checks.no_leaks().unwrap_or_else(|e| panic!("{e}"));
    assert!(leaks.hits.is_empty() && leaks.secrets > 0);

    let docker = t.docker.as_ref().unwrap();
    // Each engine, reached over TLS, holds its own validator's containers only.
    let held = audit::engines(docker, &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(held.projects.len(), 3, "{held:?}");
    assert!(held.projects.values().all(|p| p.len() == 1), "{held:?}");
    let secrets = audit::container_secrets(docker, &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(secrets.scanned.len(), 6);
    for (endpoint, engine) in docker.engines() {
        assert!(endpoint.and_then(|e| e.certs()).is_some(), "{endpoint:?} is reached without TLS");
        assert!(engine.image_exists(&docker.images().node) && engine.image_exists(&docker.images().tmkms));
    }
}

/// An engine whose certificate does not verify against the host's `ca.pem` (another CA's) is
/// refused before the harness gives any engine anything: no container, volume or image on
/// either machine, and the error names the host in one line.
#[test]
fn a_tls_engine_whose_certificate_does_not_verify_is_refused_before_anything_is_created() {
    let test = "docker::tls_wrong_ca";
    let Some(engines) = support::tls_engines_or_skip(test, 2) else { return };
    let other_ca = engines.certs_with_another_ca().unwrap_or_else(|e| panic!("{e}"));
    // val-1's host names the other CA; val-0's is good (and would be given images first).
    let mut hosts = engines.hosts.clone();
    let addr = hosts[1].engine.uri().trim_start_matches("tcp://").to_string();
    hosts[1].engine = harness::docker::hosts::EngineEndpoint::Tls { addr: addr.clone(), certs: other_ca };
    let file = engines.hosts_file.with_file_name("hosts-other-ca.toml");
    std::fs::write(&file, harness::docker::hosts::render(&hosts)).unwrap();
    let hosts = harness::docker::hosts::read(&file, 2).unwrap_or_else(|e| panic!("{e}"));
    let spec = hosts.into_iter().enumerate().fold(support::docker_spec(2), |s, (i, h)| s.host(i, h));

    let work = tempfile::tempdir().unwrap();
    let err = match harness::testnet::assemble(&spec, work.path(), || unreachable!("docker needs no binaries")) {
        Ok(_) => panic!("an engine whose certificate does not verify was accepted"),
        Err(e) => e.to_string(),
    };
    eprintln!("refused: {err}");
    assert!(!err.contains('\n'), "one line: {err}");
    assert!(err.contains(&format!("host 2 (val-1): Docker engine tcp://{addr} (TLS")), "{err}");
    assert!(err.to_lowercase().contains("certificate"), "the reason: {err}");

    for (i, socket) in engines.sockets.iter().enumerate() {
        let docker = |args: &[&str]| {
            let out = std::process::Command::new("docker").arg("-H").arg(socket.uri()).args(args).output().unwrap();
            assert!(out.status.success(), "docker {args:?}: {}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        assert_eq!(docker(&["ps", "-aq"]), "", "engine {i} has containers");
        assert_eq!(docker(&["volume", "ls", "-q"]), "", "engine {i} has volumes");
        assert_eq!(docker(&["images", "-q"]), "", "engine {i} was given images");
    }
}

/// The container audits fail on what they guard, each case made to happen for real on one
/// validator's compose project: a copy of the host's tmkms key left in its node container; a
/// compose override that mounts TMKMS_HOME into the node container (the tmkms key is then
/// readable there too); the node container also put on the engine's shared bridge network.
#[test]
fn a_key_in_a_container_a_tmkms_home_mounted_in_the_node_or_a_shared_network_fail_the_container_audits() {
    use harness::backend::Service;
    let Some(t) = support::testnet_or_skip("docker::audits_fail", support::docker_spec(1)) else { return };
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let docker = t.docker.as_ref().unwrap();
    let p = &t.projects[0];
    let node = || docker.container(p, Service::Node).unwrap().expect("node container");
    let clean = || {
        audit::isolation(docker, &t).unwrap_or_else(|e| panic!("clean project flagged: {e}"));
        audit::container_secrets(docker, &t).unwrap_or_else(|e| panic!("clean project flagged: {e}"));
        audit::node_has_no_tmkms_home(docker, p).unwrap_or_else(|e| panic!("clean project flagged: {e}"));
    };
    clean();
    let docker_cli = |args: &[&str]| {
        let out = std::process::Command::new("docker").args(args).output().unwrap();
        assert!(out.status.success(), "docker {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };

    // The tmkms key copied into the node container's own filesystem (not a mount).
    let key = p.tmkms_home().join("secrets/consensus.key");
    docker_cli(&["cp", &key.display().to_string(), &format!("{}:/consensus.key.bak", node())]);
    let err = audit::container_secrets(docker, &t).unwrap_err().to_string();
    assert!(err.contains("val-0's node container holds val-0's tmkms consensus.key"), "{err}");
    assert!(err.contains(" in /consensus.key.bak"), "{err}");

    // An operator's compose override mounting TMKMS_HOME into the node (recreated by compose
    // from the project's own .env, as the operator would run it).
    let root = p.root.display().to_string();
    let override_file = p.root.join("compose.override.yml");
    std::fs::write(
        &override_file,
        "version: \"3.8\"\nservices:\n  node:\n    volumes:\n      - ${NODE_DIR}/tmkms:/root/.tmkms:ro\n",
    )
    .unwrap();
    let compose = harness::docker::images::docker_dir().join("compose.yml");
    let status = std::process::Command::new("docker-compose")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::var_os("HOME").unwrap_or_default())
        .env("GENESIS_RUN_STAGE", "restart")
        .args(["--no-ansi", "-f"])
        .arg(&compose)
        .arg("-f")
        .arg(&override_file)
        .args(["-p", &docker.project_name(p), "--project-directory", &root])
        .args(["up", "-d", "--no-deps", "--force-recreate", "node"])
        .status()
        .unwrap();
    assert!(status.success(), "docker-compose up with the override: {status}");
    let err = audit::node_has_no_tmkms_home(docker, p).unwrap_err().to_string();
    assert!(err.contains(&format!("val-0: node container mounts {}", p.tmkms_home().display())), "{err}");
    let err = audit::container_secrets(docker, &t).unwrap_err().to_string();
    assert!(
        err.contains("val-0's node container holds val-0's tmkms consensus.key") && err.contains(".tmkms/"),
        "{err}"
    );

    // Recreated as compose.yml alone has it: clean again (the copied file went with the old
    // container), then the node container is also put on the default bridge network.
    t.backend.start(p, Service::Node, "restart").unwrap_or_else(|e| panic!("{e}"));
    clean();
    docker.engine_of(p).reconnect(&node(), &[("bridge".into(), Vec::new())]).unwrap_or_else(|e| panic!("{e}"));
    let err = audit::isolation(docker, &t).unwrap_err().to_string();
    assert!(err.contains(&format!("[\"{}\"] attached to the shared bridge network", docker.project_name(p))), "{err}");
}
