//! The run report as a person sees it: report.html of a real 3-validator run (one node killed
//! and brought back) opened from disk in headless Chromium. The page must show, laid out by the
//! browser, a timeline row per validator, a height series per node and every check passed,
//! with no console error and no network request; a screenshot is taken. The same inspection of
//! a doctored page (an image from the network, a script that logs an error) must catch both.
//!
//! Without Chromium the test skips and says so; under CI=true it fails (ci/install.sh installs
//! Debian's `chromium`). `REPORT_SCREENSHOT=<path>` also writes the screenshot there (the
//! README's picture is made this way).

mod support;

use harness::checks::Checks;
use harness::faults::{self, Fault};
use harness::project::KeyringBackend;
use harness::runbook::Quiet;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Network, Page};
use headless_chrome::{Browser, LaunchOptions};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The system's Chromium: `CHROMIUM`, else the first of the usual names on PATH.
fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("CHROMIUM").map(PathBuf::from).or_else(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .flat_map(|d| ["chromium", "chromium-browser", "google-chrome"].map(|n| d.join(n)))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        testkit::skip(test, "no Chromium (install Debian's chromium, or set CHROMIUM)");
    }
    found
}

/// What the browser saw of one page.
#[derive(Debug)]
struct Seen {
    /// What the page's own script below measured of the laid-out page.
    layout: serde_json::Value,
    /// Console errors and warnings, uncaught exceptions, and the browser's own error log.
    console: Vec<String>,
    /// Every request other than the page itself.
    requests: Vec<String>,
    png: Vec<u8>,
}

/// Measured in the page after layout: texts and lines that have a size on screen, not merely
/// markup. `series` is the number of distinct colours of the lines longer than a legend swatch,
/// axes (black) left out.
const MEASURE: &str = r#"JSON.stringify((() => {
  const shown = el => { const b = el.getBoundingClientRect(); return b.width > 0 && b.height > 0; };
  const texts = id => [...document.querySelectorAll('#' + id + ' text')].filter(shown)
    .map(t => ({ text: t.textContent.trim(), y: Math.round(t.getBoundingClientRect().y) }));
  const series = id => new Set([...document.querySelectorAll('#' + id + ' polyline')]
    .filter(l => l.getBoundingClientRect().width > 24 && l.getAttribute('stroke') !== '#000000')
    .map(l => l.getAttribute('stroke'))).size;
  return {
    timeline: texts('timeline'),
    heights: { labels: texts('heights').map(t => t.text), series: series('heights') },
    checks: [...document.querySelectorAll('#checks tr')].slice(1).filter(shown)
      .map(r => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim()]),
    faults: [...document.querySelectorAll('#faults tr')].slice(1).map(r => r.cells[0].textContent.trim() + ' ' + r.cells[1].textContent.trim()),
    charts: [...document.querySelectorAll('svg')].filter(shown).length,
  };
})())"#;

/// Opens `page` from disk in a fresh headless Chromium and reports what it saw.
fn inspect(chromium: &Path, page: &Path) -> Seen {
    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::new(LaunchOptions {
        path: Some(chromium.to_path_buf()),
        headless: true,
        // Chromium refuses its sandbox to root, which CI runs as.
        sandbox: false,
        window_size: Some((1280, 900)),
        user_data_dir: Some(profile.path().to_path_buf()),
        idle_browser_timeout: Duration::from_secs(120),
        ..LaunchOptions::default()
    })
    .unwrap_or_else(|e| panic!("starting {}: {e}", chromium.display()));
    let tab = browser.new_tab().unwrap();
    let console = Arc::new(Mutex::new(Vec::new()));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let url = format!("file://{}", page.display());
    {
        let (console, requests, url) = (console.clone(), requests.clone(), url.clone());
        tab.add_event_listener(Arc::new(move |e: &Event| {
            let mut console = console.lock().unwrap();
            match e {
                Event::NetworkRequestWillBeSent(r) if r.params.request.url != url => {
                    requests.lock().unwrap().push(r.params.request.url.clone())
                }
                Event::RuntimeConsoleAPICalled(c) => {
                    let kind = format!("{:?}", c.params.Type).to_lowercase();
                    if ["error", "warning", "assert"].iter().any(|k| kind.contains(k)) {
                        console
                            .push(format!("console.{kind}: {:?}", c.params.args.first().and_then(|a| a.value.clone())))
                    }
                }
                Event::RuntimeExceptionThrown(x) => {
                    console.push(format!("exception: {}", x.params.exception_details.text))
                }
                Event::LogEntryAdded(l) => {
                    let level = format!("{:?}", l.params.entry.level).to_lowercase();
                    if level.contains("error") || level.contains("warning") {
                        console.push(format!("log {level}: {}", l.params.entry.text))
                    }
                }
                _ => {}
            }
        }))
        .unwrap();
    }
    tab.enable_runtime().unwrap();
    tab.enable_log().unwrap();
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })
    .unwrap();
    tab.navigate_to(&url).unwrap().wait_until_navigated().unwrap();
    // Late events (a failed load is logged after the load event) have a moment to arrive.
    std::thread::sleep(Duration::from_millis(500));
    let measured = tab.evaluate(MEASURE, false).unwrap().value.expect("the measure script returned nothing");
    let layout = serde_json::from_str(measured.as_str().unwrap()).unwrap();
    let height = tab.evaluate("document.documentElement.scrollHeight", false).unwrap().value.unwrap();
    let png = tab
        .call_method(Page::CaptureScreenshot {
            format: Some(Page::CaptureScreenshotFormatOption::Png),
            quality: None,
            clip: Some(Page::Viewport { x: 0.0, y: 0.0, width: 1280.0, height: height.as_f64().unwrap(), scale: 1.0 }),
            from_surface: Some(true),
            capture_beyond_viewport: Some(true),
            optimize_for_speed: None,
        })
        .unwrap()
        .data;
    use base64::Engine as _;
    let png = base64::engine::general_purpose::STANDARD.decode(png).unwrap();
    let seen =
        Seen { layout, console: console.lock().unwrap().clone(), requests: requests.lock().unwrap().clone(), png };
    seen
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn the_report_of_a_real_run_shows_in_chromium_a_row_per_validator_a_series_per_node_and_every_check_passed() {
    let test = "browser::the_report_of_a_real_run_shows_in_chromium";
    let Some(chromium) = chromium_or_skip(test) else { return };
    // Where the time goes, in the test's output (a slow CI run says which phase was slow).
    let t0 = std::time::Instant::now();
    let phase = |what: &str| eprintln!("[{:>6.1}s] {what}", t0.elapsed().as_secs_f64());
    let mut t = support::network(3, KeyringBackend::Test);
    // The charts' own resolution, as `harness up` samples.
    t.sample_every(Some(Duration::from_millis(500)));
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.blocks(4, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    faults::perturb(&t, 2, Fault::Kill, Duration::from_secs(3), Duration::from_secs(90))
        .unwrap_or_else(|e| panic!("{e}"));
    let tip = (0..3).filter_map(|i| checks.height(i)).min().unwrap();
    checks.blocks(tip + 3, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    let report = checks.report(3, Duration::from_secs(60));
    assert!(report.passed(), "{report}");
    let page = t.write_report(Some(&report)).unwrap_or_else(|e| panic!("{e}"));
    phase("ceremony, kill and report done");

    let seen = inspect(&chromium, &page);
    phase("page inspected in Chromium");
    let shot = page.with_file_name("screenshot.png");
    std::fs::write(&shot, &seen.png).unwrap();
    if let Some(keep) = std::env::var_os("REPORT_SCREENSHOT") {
        std::fs::write(&keep, &seen.png).unwrap();
        eprintln!("screenshot also written to {}", PathBuf::from(keep).display());
    }
    let l = &seen.layout;
    assert!(seen.console.is_empty(), "console: {:?}", seen.console);
    assert!(seen.requests.is_empty(), "the page fetched: {:?}", seen.requests);
    // The timeline: each validator's name on a row of its own.
    let mut rows = Vec::new();
    for p in &t.projects {
        let label = l["timeline"].as_array().unwrap().iter().find(|x| x["text"] == p.name.as_str());
        let y = label.unwrap_or_else(|| panic!("no timeline row shown for {}: {l}", p.name))["y"].as_i64().unwrap();
        rows.push(y);
    }
    rows.sort_unstable();
    rows.dedup();
    assert_eq!(rows.len(), t.projects.len(), "timeline rows at {rows:?}");
    // The height chart: as many drawn series as nodes, each named in the legend.
    assert_eq!(l["heights"]["series"], t.projects.len(), "{l}");
    for p in &t.projects {
        assert!(l["heights"]["labels"].as_array().unwrap().iter().any(|x| x == p.name.as_str()), "{}: {l}", p.name);
    }
    let shown: Vec<(String, String)> = serde_json::from_value(l["checks"].clone()).unwrap();
    let names: Vec<&str> = shown.iter().map(|(c, _)| c.as_str()).collect();
    // The spec's acceptance checks (blocks, peers, ports, no leak) and the ceremony's own.
    assert_eq!(names, ["blocks", "peers", "validators", "participants", "genesis", "ports", "leaks", "ledger"], "{l}");
    assert!(shown.iter().all(|(_, r)| r == "PASS"), "{shown:?}");
    assert_eq!(l["faults"], serde_json::json!(["val-2 kill"]), "{l}");
    assert_eq!(l["charts"], 5, "timeline, heights, intervals, peers, memory: {l}");
    let (w, h) = png_size(&seen.png);
    assert!(w == 1280 && h > 1500, "screenshot {w}x{h}: not the whole page");
    eprintln!("report: {}\nscreenshot: {} ({w}x{h}, {} bytes)", page.display(), shot.display(), seen.png.len());

    // The same inspection on a doctored copy: it must see the request and the console error.
    let html = std::fs::read_to_string(&page).unwrap();
    let doctored = page.with_file_name("doctored.html");
    std::fs::write(
        &doctored,
        html.replace(
            "</body>",
            "<img src=\"http://127.0.0.1:9/pixel.png\"><script>console.error('doctored')</script></body>",
        ),
    )
    .unwrap();
    let bad = inspect(&chromium, &doctored);
    phase("doctored page inspected");
    assert_eq!(bad.requests, ["http://127.0.0.1:9/pixel.png"], "{bad:?}");
    assert!(bad.console.iter().any(|c| c.contains("doctored")), "{:?}", bad.console);
}
