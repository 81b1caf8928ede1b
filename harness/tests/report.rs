//! The run report of a real 4-validator ceremony with one node killed and brought back:
//! report.json holds what happened (every validator's stages, every node's heights, the
//! operator's ledger, block times, the fault and its catch-up, the checks), and report.html is
//! one self-contained page with a chart per series, from which `harness report` renders the
//! same page again. The network records all of it itself: the test adds nothing but the run.

mod support;

use harness::checks::Checks;
use harness::faults::{self, Fault};
use harness::project::KeyringBackend;
use harness::run_report;
use harness::runbook::Quiet;
use std::time::Duration;

#[test]
fn a_ceremony_writes_a_report_with_every_stage_height_transfer_fault_and_check_and_a_page_that_fetches_nothing() {
    let mut t = support::network(4, KeyringBackend::Test);
    // The charts' own resolution, as `harness up` samples: this test reads the samples.
    t.sample_every(Some(Duration::from_millis(500)));
    let names: Vec<String> = t.projects.iter().map(|p| p.name.clone()).collect();
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.blocks(4, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    // With val-3 down the other three hold more than 2/3 of the power and go on; the report
    // must show the kill, the heights it missed and its catch-up. Held past CometBFT's 3 s
    // timeout_propose: a height whose proposer is val-3 commits only after that round times out.
    let kill = faults::perturb(&t, 3, Fault::Kill, Duration::from_secs(6), Duration::from_secs(90))
        .unwrap_or_else(|e| panic!("{e}"));
    let tip = (0..4).filter_map(|i| checks.height(i)).min().unwrap();
    checks.blocks(tip + 2, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    // Two samples past the last height.
    std::thread::sleep(Duration::from_millis(1100));
    let report = checks.report(3, Duration::from_secs(60));
    assert!(report.passed(), "{report}");
    let html_path = t.write_report(Some(&report)).unwrap_or_else(|e| panic!("{e}"));
    let dir = t.report_dir();
    assert_eq!(html_path, dir.join("report.html"));

    let r = run_report::read(&dir.join("report.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.validators, names);
    assert!(r.title.contains("a_ceremony_writes_a_report"), "the test's name titles its report: {}", r.title);
    for p in &t.projects {
        let mut stages: Vec<&str> =
            r.stages.iter().filter(|s| s.project == p.name && s.end_ms.is_some()).map(|s| s.stage.as_str()).collect();
        stages.sort_unstable();
        let mut want = vec!["gentx", "keygen", "start"];
        if p.name == "val-3" {
            want.push("restart");
            want.sort_unstable();
        }
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
    // The kill: one span on val-3 from the kill to its signing again, with the catch-up as
    // evidence; in the 6 s it was held down it answered no sample, while the others went on,
    // then it reached them.
    assert_eq!(r.faults.len(), 1, "{:?}", r.faults);
    let f = &r.faults[0];
    assert_eq!((f.node.as_str(), f.fault.as_str()), ("val-3", "kill"));
    assert!(f.end_ms >= f.start_ms + 6000, "{f:?}");
    assert_eq!(f.evidence, kill.to_string());
    assert!(f.evidence.contains("caught up in"), "{f:?}");
    let during = |node: &str| {
        r.heights.iter().filter(|h| h.node == node && h.at_ms > f.start_ms + 500 && h.at_ms < f.start_ms + 2500).count()
    };
    assert_eq!(during("val-3"), 0, "the killed node answered while down");
    assert!(during("val-0") >= 3, "the others were sampled while val-3 was down");
    assert!(kill.others_at_heal > kill.others_at_fault, "the others committed while val-3 was down: {kill}");
    let top = |node: &str| r.heights.iter().filter(|h| h.node == node).map(|h| h.height).max().unwrap_or(0);
    assert!(top("val-3") >= kill.others_at_heal, "val-3 caught up: {} < {}", top("val-3"), kill.others_at_heal);
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
    let faults_table = &html[html.find("<table id=\"faults\">").expect("a faults table")..];
    assert!(faults_table.contains("val-3") && faults_table.contains("caught up in"), "the kill in the faults table");
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
    assert!(section("timeline").contains("data-rows=\"4\""));
    // val-3's height line (the fourth colour) breaks over the time it could not be asked: two
    // pieces, beside its legend swatch.
    let val3_lines = section("heights")
        .split("<polyline")
        .filter(|l| {
            l.contains("stroke=\"#D62728\"") && l.split("points=\"").nth(1).is_some_and(|p| p.split(' ').count() > 3)
        })
        .count();
    assert_eq!(val3_lines, 2, "val-3's heights line should break while it was down");
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
