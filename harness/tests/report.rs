//! The run report of a real 3-validator ceremony: report.json holds what happened (every
//! validator's stages, every node's heights, the operator's ledger, block times, the checks),
//! and report.html is one self-contained page with a chart per series, from which
//! `harness report` renders the same page again.

mod support;

use harness::checks::Checks;
use harness::project::KeyringBackend;
use harness::run_report::{self, Both, Recorder, Sampling};
use harness::runbook::Quiet;
use std::sync::Arc;
use std::time::Duration;

#[test]
fn a_ceremony_writes_a_report_with_every_stage_height_transfer_and_check_and_a_page_that_fetches_nothing() {
    let t = support::network(3, KeyringBackend::Test);
    let names: Vec<String> = t.projects.iter().map(|p| p.name.clone()).collect();
    let rec = Arc::new(Recorder::new("report test: 3 validators", names.clone()));
    let sampling = Sampling::start(rec.clone(), &t.projects, t.backend.clone(), Duration::from_millis(200)).unwrap();
    t.run(&Both(&Quiet, rec.as_ref())).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.blocks(4, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(Duration::from_millis(500));
    drop(sampling);
    let report = checks.report(3, Duration::from_secs(60));
    assert!(report.passed(), "{report}");
    let dir = t.work.join("report");
    let html_path = run_report::finish(&rec, &t, &report, &dir).unwrap_or_else(|e| panic!("{e}"));

    let r = run_report::read(&dir.join("report.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.validators, names);
    for p in &t.projects {
        let mut stages: Vec<&str> =
            r.stages.iter().filter(|s| s.project == p.name && s.end_ms.is_some()).map(|s| s.stage.as_str()).collect();
        stages.sort_unstable();
        let mut want = vec!["gentx", "keygen", "start"];
        if p.is_coordinator() {
            want.push("intermediate_genesis");
            want.sort_unstable();
        }
        assert_eq!(stages, want, "{}", p.name);
        let top = r.heights.iter().filter(|h| h.node == p.name).map(|h| h.height).max();
        assert!(top >= Some(4), "{}: heights sampled up to {top:?}", p.name);
    }
    let ledger = t.operator.ledger();
    assert_eq!(r.transfers.len(), ledger.len());
    assert!(
        r.transfers.iter().all(|x| x.refused.is_none() && x.bytes > 0 && x.sha256.len() == 64),
        "{:?}",
        r.transfers
    );
    assert!(r.blocks.len() >= 4 && r.blocks.windows(2).all(|w| w[1].at_ms >= w[0].at_ms), "{:?}", r.blocks);
    for name in &names {
        for service in ["node", "tmkms"] {
            let top = r.memory.iter().filter(|m| &m.node == name && m.service == service).map(|m| m.rss_kib).max();
            // A real process: more than a megabyte, less than the whole machine.
            assert!(top.is_some_and(|k| k > 1024 && k < 4 << 20), "{name} {service}: {top:?} KiB");
        }
    }
    assert_eq!(r.checks.len(), report.entries.len());
    assert!(r.checks.iter().all(|c| c.passed));

    let html = std::fs::read_to_string(&html_path).unwrap();
    // One page that opens from disk: nothing to fetch, nothing to run.
    for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "@import", "url("] {
        assert!(!html.contains(forbidden), "report.html contains {forbidden:?}");
    }
    let outside: Vec<&str> = html
        .match_indices("http")
        .map(|(i, _)| &html[i..(i + 40).min(html.len())])
        .filter(|s| !s.starts_with("http://www.w3.org/2000/svg"))
        .collect();
    assert!(outside.is_empty(), "report.html names addresses: {outside:?}");
    assert_eq!(html.matches("<svg").count(), 5, "timeline, heights, intervals, peers, memory");
    let section = |id: &str| {
        let start = html.find(&format!("<div id=\"{id}\"")).unwrap_or_else(|| panic!("no {id}"));
        &html[start..start + html[start..].find("</div>").unwrap()]
    };
    // The words an SVG shows: its text elements' contents.
    let texts = |svg: &str| -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| Some(t[t.find('>')? + 1..t.find("</text>")?].trim().to_string()))
            .collect()
    };
    for name in &names {
        assert!(texts(section("timeline")).contains(name), "timeline row for {name}");
        assert!(texts(section("heights")).contains(name), "height series for {name}");
        assert!(texts(section("peers")).contains(name), "peer series for {name}");
        assert!(texts(section("memory")).contains(&format!("{name} tmkms")), "memory series for {name}");
    }
    assert!(section("timeline").contains("data-rows=\"3\""));
    assert_eq!(html.matches("class=\"pass\"").count(), report.entries.len());

    // `harness report` renders the same page from report.json alone.
    std::fs::remove_file(&html_path).unwrap();
    let out = std::process::Command::new(testkit::binary("harness"))
        .args(["report", "--work-dir"])
        .arg(&t.work)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), html_path.display().to_string());
    assert_eq!(std::fs::read_to_string(&html_path).unwrap(), html);
}
