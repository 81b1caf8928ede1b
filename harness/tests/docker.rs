//! The runbook in containers, as production runs it: each validator is its own compose project
//! (`docker/compose.yml`) with its own network, nodes reach each other only through
//! host-published ports via `host.docker.internal`, and the operator carries the public files
//! between the projects' bind-mounted artifact dirs. The matrix over N; the runbook as Gherkin,
//! with the killed container and its restart, is `features/containers.feature`.

mod support;

use harness::checks::Checks;
use harness::docker::audit;
use harness::faults;
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

/// Three validators, each on a machine reached only by `ssh://root@<address>` (an sshd beside
/// each engine, the test's own client key): compose and the harness reach each engine through
/// the system `ssh` and `docker system dial-stdio`, the images arrive by load over it, the
/// nodes find each other at the machines' addresses, and the ports check reads what listens
/// inside each node container by an exec over the engine API (no /proc of another machine).
#[test]
fn validators_on_three_machines_reached_over_ssh_run_the_ceremony_and_pass_every_check() {
    let test = "docker::three_over_ssh";
    let Some(t) = support::docker_network_over_ssh(test, 3) else { return };
    let docker = t.docker.clone().unwrap();
    for p in &t.projects {
        let endpoint = docker.endpoint_of(p).map(|e| e.uri()).unwrap_or_default();
        assert_eq!(endpoint, format!("ssh://root@{}", p.host), "{}", p.name);
    }
    t.prepare(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    t.start(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    let blocks = checks.blocks(3, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(blocks.hashes.len(), 3);

    let machine: Vec<std::net::IpAddr> = t.engines.as_ref().unwrap().hosts.iter().map(|h| h.address).collect();
    let peers = checks.peers(Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    for (i, p) in t.projects.iter().enumerate() {
        assert_eq!(p.host, machine[i]);
        for addr in peers.addresses[&p.name].values() {
            let host: std::net::IpAddr = addr.trim_start_matches("tcp://").rsplit_once(':').unwrap().0.parse().unwrap();
            assert!(machine.contains(&host) && host != machine[i], "{} reaches a peer at {addr}", p.name);
        }
        for (id, ip) in checks.net_info_peers(i).unwrap_or_else(|e| panic!("{e}")) {
            assert!(machine.contains(&ip) && ip != machine[i], "{}: peer {id} at {ip}", p.name);
        }
    }
    // The unpublished TMKMS port is seen only from inside the container: over ssh, by the exec.
    let ports = checks.ports().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ports.nodes.len(), 3, "{ports}");
    let v = checks.validators().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v.reported.len(), 3);
    let leaks = checks.no_leaks().unwrap_or_else(|e| panic!("{e}"));
    assert!(leaks.hits.is_empty() && leaks.secrets > 0);

    let held = audit::engines(&docker, &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(held.projects.len(), 3, "{held:?}");
    assert!(held.projects.values().all(|p| p.len() == 1), "{held:?}");
    let secrets = audit::container_secrets(&docker, &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(secrets.scanned.len(), 6);
    let iso = audit::isolation(&docker, &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(iso.networks.len(), 3, "{iso:?}");
    // An ssh:// machine shares nothing by default: its homes are volumes there, not here.
    support::assert_homes_elsewhere(&t, &docker);
}

/// A real partition of one machine: four validators, each on a machine of its own reached over
/// ssh, and the fourth machine's link goes down for 10 s, so its node, its tmkms, its engine
/// and its sshd are all cut off. The other three keep committing; the harness cannot reach
/// the cut node, and the node, asked on its own machine, stays where it was. Once the link is
/// back it catches up with the same blocks as the others, and the harness reaches its engine
/// again. The sampler runs throughout: what it asks the cut machine times out, it does not hang
/// the run.
#[test]
fn a_machine_cut_off_for_ten_seconds_stays_behind_while_three_commit_then_catches_up_with_the_same_blocks() {
    use harness::backend::Service;
    use std::time::Instant;
    use support::engines::rpc_height;
    // The fourth machine: not the coordinator's.
    const CUT: usize = 3;
    const HOLD: Duration = Duration::from_secs(10);
    // What one reading of a height may take, from either side of the cut.
    const ASK: Duration = Duration::from_secs(2);
    let test = "docker::partition_over_ssh";
    let machines_began = Instant::now();
    let Some(mut t) = support::docker_network_over_ssh(test, 4) else { return };
    t.sample_every(Some(Duration::from_secs(1)));
    let docker = t.docker.clone().unwrap();
    let began = Instant::now();
    t.prepare(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    t.start(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.blocks(5, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    let ledger = t.operator.ledger();
    eprintln!(
        "{test}: height 5 on every node {:.1?} after the ceremony began ({:.1?} after the machines' start); \
         the operator moved {} bytes in {} files; compose cost {} ssh sessions",
        began.elapsed(),
        machines_began.elapsed(),
        ledger.iter().map(|e| e.bytes).sum::<u64>(),
        ledger.len(),
        docker.ssh_sessions()
    );

    let engines = t.engines.as_ref().unwrap();
    let machines = engines.namespaces();
    let p = &t.projects[CUT];
    let url = p.rpc_url();
    let before = rpc_height(&url, ASK).unwrap_or_else(|e| panic!("{} before the cut: {e}", p.name));
    t.recorder.fault_started(&p.name, "partition");
    let cut = engines.cut(CUT).unwrap_or_else(|why| panic!("{why}"));
    let cut_at = Instant::now();
    let cut_ms = t.recorder.elapsed_ms();
    let link = machines.link_state(CUT).unwrap_or_else(|e| panic!("{e}"));
    assert!(link.holds, "{}: link up after the cut: {}", p.name, link.what);
    let others_at_cut = faults::others_height(&checks, &t, &[CUT]).unwrap_or_else(|e| panic!("{e}"));
    // One request to the cut machine's engine, on a thread of its own: how it ends (an
    // error, or an answer once the link is back) is read after the heal.
    let probe = {
        let (docker, p) = (docker.clone(), p.clone());
        std::thread::spawn(move || {
            let t0 = Instant::now();
            let r = docker.container(&p, Service::Node);
            (r, t0.elapsed(), Instant::now())
        })
    };

    // Until the hold is over and the others have committed two heights past the cut: on a
    // loaded machine 10 s may see fewer, and a partition judged on no height is no evidence.
    let (mut reached, mut own, mut unread) = (Vec::new(), Vec::new(), Vec::new());
    let mut others_now = others_at_cut;
    while cut_at.elapsed() < HOLD || others_now < others_at_cut + 2 {
        assert!(
            cut_at.elapsed() < Duration::from_secs(90),
            "the other three did not get from height {others_at_cut} to {} in 90 s without {}",
            others_at_cut + 2,
            p.name
        );
        if let Ok(h) = rpc_height(&url, ASK) {
            reached.push(h);
        }
        match engines.height_seen_on(CUT, &url, ASK) {
            Ok(h) => own.push(h),
            Err(e) => unread.push(e),
        }
        others_now = faults::others_height(&checks, &t, &[CUT]).unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(Duration::from_millis(500));
    }
    let link = machines.link_state(CUT).unwrap_or_else(|e| panic!("{e}"));
    assert!(link.holds, "{}: link up before the heal: {}", p.name, link.what);
    let held = cut_at.elapsed();
    assert!(reached.is_empty(), "the harness read {}'s height while its link was down: {reached:?}", p.name);
    assert!(unread.is_empty(), "{} unread on its own machine: {unread:?}", p.name);
    // It may still commit the height whose precommits it had when the link went down, no more.
    let stayed = *own.iter().max().expect("read at least once");
    assert!(own.len() >= 3 && stayed <= before + 1, "{} went from {before} to {own:?} while cut off", p.name);
    let others_at_heal = faults::others_height(&checks, &t, &[CUT]).unwrap_or_else(|e| panic!("{e}"));
    assert!(others_at_heal >= stayed + 2, "the others at {others_at_heal}, {} at {stayed}", p.name);

    cut.heal().unwrap_or_else(|why| panic!("{why}"));
    let healed = Instant::now();
    let healed_ms = t.recorder.elapsed_ms();
    let link = machines.link_state(CUT).unwrap_or_else(|e| panic!("{e}"));
    assert!(!link.holds, "{}: link down after the heal: {}", p.name, link.what);
    // Every node at two past the others' height at the heal, with one hash per height from
    // genesis on and every commit's signatures verified.
    let blocks = checks.blocks(others_at_heal + 2, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    let caught_up = healed.elapsed();
    let summary = format!(
        "link down {held:.1?}: {} stayed at {stayed} (from {before}; {} readings on its machine, none from the harness), \
         the others went {others_at_cut} -> {others_at_heal}; caught up to {} in {caught_up:.1?}",
        p.name,
        own.len(),
        blocks.height
    );
    t.recorder.fault_ended(&p.name, "partition", &summary);
    eprintln!("{test}: {summary}; {blocks}");

    let t0 = Instant::now();
    let id = docker
        .container(p, Service::Node)
        .unwrap_or_else(|e| panic!("{}'s engine after the heal: {e}", p.name))
        .expect("node container");
    let state = docker.engine_of(p).inspect(&id).unwrap_or_else(|e| panic!("{e}")).state.and_then(|s| s.running);
    assert_eq!(state, Some(true), "{}'s node container after the heal", p.name);
    eprintln!(
        "{test}: {}'s engine inspected again {:.1?} after the heal (took {:.1?})",
        p.name,
        caught_up,
        t0.elapsed()
    );
    // The sampler went on through the cut (the others' heights) and, the link back, reads
    // the healed node and its containers' memory again: nothing it asked the cut machine
    // hung either of its threads.
    let others_sampled =
        t.recorder.snapshot().heights.iter().any(|s| s.node != p.name && s.at_ms > cut_ms && s.at_ms < healed_ms);
    assert!(others_sampled, "no height sampled while {} was cut off", p.name);
    let t0 = Instant::now();
    loop {
        let r = t.recorder.snapshot();
        let height = r.heights.iter().any(|s| s.node == p.name && s.at_ms > healed_ms);
        let memory = r.memory.iter().any(|m| m.node == p.name && m.at_ms > healed_ms);
        if height && memory {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "{}: sampled again after the heal: height {height}, memory {memory}",
            p.name
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    let (probed, took, ended) = probe.join().expect("the probe of the cut engine panicked");
    eprintln!("{test}: a request to the cut engine sent at the cut ended after {took:.1?}: {probed:?}");
    // An answer, if any, came once the link was back: nothing reached that engine while cut.
    assert!(probed.is_err() || ended >= healed, "{}'s engine answered {took:.1?} into a {held:.1?} cut", p.name);
}

/// A machine nobody can log in to is refused before anything is loaded, created or started on
/// any machine, in one line naming that host and ssh's reason: first the third machine's sshd
/// is down, then every machine lets in only a key the harness does not hold.
#[test]
fn an_ssh_machine_that_cannot_be_logged_in_to_is_refused_before_anything_is_created_anywhere() {
    let test = "docker::ssh_refused";
    let Some(mut engines) = support::engines_over_ssh_or_skip(test, 3) else { return };
    let hosts = harness::docker::hosts::read(&engines.hosts_file, 3).unwrap_or_else(|e| panic!("{e}"));
    let refused = |hosts: &[harness::docker::hosts::DockerHost]| match harness::docker::DockerBackend::on_hosts(
        hosts,
        KeyringBackend::Test,
        "200ms",
    ) {
        Ok(_) => panic!("on_hosts accepted a machine nobody can log in to"),
        Err(e) => e.to_string(),
    };

    engines.stop_sshd(2);
    let e = refused(&hosts);
    assert!(!e.contains('\n'), "one line: {e}");
    assert!(e.contains(&format!("host 3 (val-2) ssh://root@{}: ", hosts[2].address)), "{e}");
    assert!(e.contains("Connection refused"), "ssh's reason: {e}");
    nothing_on(&engines, "with machine 3's sshd down");

    engines.authorize_another_key().unwrap_or_else(|why| panic!("{why}"));
    let e = refused(&hosts);
    assert!(!e.contains('\n'), "one line: {e}");
    assert!(e.contains(&format!("host 1 (val-0) ssh://root@{}: ", hosts[0].address)), "{e}");
    assert!(e.contains("Permission denied"), "ssh's reason: {e}");
    nothing_on(&engines, "with the harness's key refused");
}

/// A machine whose link is down cannot be reached over ssh (ssh gives up, the harness does not
/// hang on it), and a cut that a test did not heal (it failed first) is healed as it goes: the
/// harness then reaches that engine again, to clean up what it left there.
#[test]
fn a_cut_machine_is_out_of_reach_over_ssh_and_back_once_its_cut_is_dropped() {
    use harness::docker::engine::Engine;
    use std::time::Instant;
    let test = "docker::cut_healed_on_drop";
    let Some(engines) = support::engines_over_ssh_or_skip(test, 2) else { return };
    let cut = engines.cut(1).unwrap_or_else(|why| panic!("{why}"));
    assert!(engines.namespaces().is_cut(1));
    let t0 = Instant::now();
    let e = Engine::connect_to(&engines.hosts[1].engine).err().expect("a cut machine's engine answered over ssh");
    // ssh's ConnectTimeout (10 s) with room for a loaded machine.
    assert!(t0.elapsed() < Duration::from_secs(30), "{:.1?} to give up: {e}", t0.elapsed());
    Engine::connect_to(&engines.hosts[0].engine).unwrap_or_else(|e| panic!("the other machine, while 1 is cut: {e}"));

    drop(cut);
    let link = engines.namespaces().link_state(1).unwrap_or_else(|e| panic!("{e}"));
    assert!(!link.holds, "still down after the cut was dropped: {}", link.what);
    Engine::connect_to(&engines.hosts[1].engine).unwrap_or_else(|e| panic!("machine 1 after the cut was dropped: {e}"));
}

/// No container, volume or image on any of the machines' engines.
fn nothing_on(engines: &support::engines::Engines, when: &str) {
    for (i, socket) in engines.sockets.iter().enumerate() {
        for what in [&["ps", "-aq"][..], &["volume", "ls", "-q"], &["images", "-q"]] {
            let out = std::process::Command::new("docker").arg("-H").arg(socket.uri()).args(what).output().unwrap();
            assert!(out.status.success(), "docker {what:?} on machine {i}: {}", String::from_utf8_lossy(&out.stderr));
            let listed = String::from_utf8_lossy(&out.stdout);
            assert!(listed.trim().is_empty(), "{when}: machine {i} holds `docker {}`: {listed}", what.join(" "));
        }
    }
}

/// Machines that share nothing with the operator's: each validator's engine keeps its homes in
/// named volumes of its own, and every file the operator moves, every key the audits read,
/// goes through that engine's API. The harness's work dir holds only its copies of public
/// files and the logs it fetched; each engine holds exactly its own validator's volumes; a key
/// copied into another machine's public volume is found there, named by that volume.
#[test]
fn validators_on_machines_that_share_nothing_keep_their_homes_in_their_own_engines_volumes() {
    let test = "docker::sharing_nothing";
    let Some(t) = support::docker_network_sharing_nothing(test, 3) else { return };
    t.prepare(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    t.start(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    let blocks = checks.blocks(3, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(blocks.hashes.len(), 3);
    checks.peers(Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    checks.ports().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(checks.validators().unwrap_or_else(|e| panic!("{e}")).reported.len(), 3);
    let leaks = checks.no_leaks().unwrap_or_else(|e| panic!("{e}"));
    assert!(leaks.hits.is_empty() && leaks.secrets > 0);
    // Every file the operator moved is in the ledger with its hash, nothing refused.
    let ledger = t.operator.ledger();
    assert!(ledger.len() >= 3 * 2 && ledger.iter().all(|e| e.refused.is_none() && e.bytes > 0), "{ledger:?}");

    // The work dir: the operator's copies of public artifacts, logs, and the harness's own
    // files; no home of any validator.
    let mut files = Vec::new();
    walk(&t.work, &mut files);
    for f in &files {
        let rel = f.strip_prefix(&t.work).unwrap().to_string_lossy().into_owned();
        let parts: Vec<&str> = rel.splitn(3, '/').collect();
        let ok = match parts.as_slice() {
            [_] => true,
            [_, ".env"] => true,
            [_, "logs", _] => true,
            [_, "artifacts", a] => {
                harness::project::is_public_artifact(a)
                    || a.starts_with("coordinator-inputs/")
                    || a.rsplit_once('/')
                        .is_some_and(|(d, n)| n == "sha256sum.txt" && harness::project::is_public_dir(d))
            }
            _ => false,
        };
        assert!(ok, "{rel}: not a public file, a log or the harness's own");
    }
    let docker = t.docker.as_ref().unwrap();
    support::assert_homes_elsewhere(&t, docker);
    // Each machine holds its own validator's five volumes, and no other's.
    for (at, (_, engine)) in docker.engines().enumerate() {
        let p = &t.projects[at];
        let mut held: Vec<String> = engine
            .volumes_of_projects()
            .unwrap()
            .into_iter()
            .map(|(v, _)| v)
            .filter(|v| v.starts_with(docker.run_id()))
            .collect();
        held.sort();
        let mut own: Vec<String> =
            harness::backend::files::Home::ALL.iter().map(|h| docker.volume_name(p, *h)).collect();
        own.sort();
        assert_eq!(held, own, "engine {at}");
    }
    audit::engines(docker, &t).unwrap_or_else(|e| panic!("{e}"));
    audit::container_secrets(docker, &t).unwrap_or_else(|e| panic!("{e}"));

    // A node restarts on its own machine from its volumes (the restart stage), and catches up.
    t.restart(1, &Quiet).unwrap_or_else(|e| panic!("{e}"));
    // Every node, the restarted one among them, at two heights more with the same hashes.
    checks.blocks(blocks.height + 2, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));

    // A forced re-run on a remote machine changes only what it may, read through its engine.
    let rerun = checks.rerun(1, "gentx").unwrap_or_else(|e| panic!("{e}"));
    assert!(rerun.key_files > 0, "{rerun:?}");

    // A key copied into another machine's public volume is found, named by that volume.
    use harness::backend::files::Home;
    let key = t.backend.read_file(&t.projects[1], Home::Keyring, "node_key.json").unwrap().expect("val-1's node key");
    t.backend.write_file(&t.projects[2], Home::Artifacts, "stray/node_key.json", &key).unwrap();
    let e = checks.no_leaks().unwrap_err().to_string();
    let volume = docker.volume_name(&t.projects[2], Home::Artifacts);
    assert!(e.contains("val-1's node key") && e.contains(&format!("{volume}:/stray/node_key.json")), "{e}");

    // Stopping the run leaves nothing of it on any machine.
    t.stop_all();
    for (at, (_, engine)) in docker.engines().enumerate() {
        let left: Vec<String> = engine
            .volumes_of_projects()
            .unwrap()
            .into_iter()
            .map(|(v, _)| v)
            .filter(|v| v.starts_with(docker.run_id()))
            .collect();
        assert!(left.is_empty(), "engine {at} keeps {left:?}");
    }
}

fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let path = e.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Issue 24's machines that share nothing, reached as an operator reaches them over a network:
/// each engine's API at `tcp://<machine>:2376` with mutual TLS (a CA of the test's own signed
/// each engine's certificate and the harness's client certificate; `hosts.toml` names the
/// client's `cert_path`). bollard and compose both go through TLS, the homes are volumes on
/// each engine (a tcp:// host's default), and the ceremony runs to blocks.
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
    // The unpublished TMKMS port is seen only from inside the container: by an exec over TLS.
    let ports = checks.ports().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ports.nodes.len(), 3, "{ports}");
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
    support::assert_homes_elsewhere(&t, docker);
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
    assert!(err.contains(&format!("host 2 (val-1) tcp://{addr}: ")), "{err}");
    assert!(err.contains("invalid peer certificate"), "the reason: {err}");
    nothing_on(&engines, "with val-1's engine refused");
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
