//! `report.html`: one page that opens from disk with nothing fetched (no script, no font, no
//! stylesheet from elsewhere), its charts inline SVG drawn by plotters.

use crate::report_schema::RunReport;
use plotters::prelude::*;
use std::fmt::Write;

const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

fn stage_color(stage: &str) -> RGBColor {
    match stage {
        "keygen" => color(0),
        "intermediate_genesis" => color(4),
        "gentx" => color(1),
        "start" => color(2),
        "restart" => color(5),
        _ => color(7),
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn secs(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

/// The run's last moment any series reaches, in seconds (at least 1).
fn span(r: &RunReport) -> f64 {
    let ends = r
        .stages
        .iter()
        .map(|s| s.end_ms.unwrap_or(s.start_ms))
        .chain(r.heights.iter().map(|h| h.at_ms))
        .chain(r.transfers.iter().map(|t| t.at_ms))
        .chain(r.faults.iter().map(|f| f.end_ms));
    secs(ends.max().unwrap_or(0)).max(1.0)
}

/// Draws with plotters into an SVG string; a drawing error leaves a note instead of a chart.
fn svg(
    w: u32,
    h: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<(), String>,
) -> String {
    let mut out = String::new();
    let result = {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        root.fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|_| draw(&root))
            .and_then(|_| root.present().map_err(|e| e.to_string()))
    };
    match result {
        Ok(()) => out,
        Err(e) => format!("<p class=\"note\">chart not drawn: {}</p>", esc(&e)),
    }
}

/// One row per validator, one bar per stage; operator transfers as ticks from the sender's
/// row to the receiver's; faults as shaded spans on the node's row.
fn timeline(r: &RunReport) -> String {
    let rows = r.validators.len().max(1);
    let row_of = |name: &str| r.validators.iter().position(|v| v == name);
    let end = span(r);
    svg(960, 60 + 34 * rows as u32, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..end, 0f64..rows as f64)
            .map_err(|e| e.to_string())?;
        let names = r.validators.clone();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(rows * 2 + 1)
            .y_label_formatter(&|y| {
                let i = y.floor() as usize;
                if (y - y.floor() - 0.5).abs() < 0.01 {
                    names.get(rows.saturating_sub(i + 1)).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_desc("seconds since the run started")
            .draw()
            .map_err(|e| e.to_string())?;
        // Row i (validator i) is drawn top-down.
        let y = |i: usize| (rows - i - 1) as f64;
        for f in &r.faults {
            if let Some(i) = row_of(&f.node) {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(secs(f.start_ms), y(i)), (secs(f.end_ms), y(i) + 1.0)],
                        RED.mix(0.18).filled(),
                    )))
                    .map_err(|e| e.to_string())?;
            }
        }
        for s in &r.stages {
            if let Some(i) = row_of(&s.project) {
                let (a, b) = (secs(s.start_ms), secs(s.end_ms.unwrap_or(s.start_ms)).max(secs(s.start_ms) + 0.02));
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(a, y(i) + 0.2), (b, y(i) + 0.8)],
                        stage_color(&s.stage).filled(),
                    )))
                    .map_err(|e| e.to_string())?;
            }
        }
        for t in &r.transfers {
            if let (Some(a), Some(b)) = (row_of(&t.from), row_of(&t.to)) {
                let x = secs(t.at_ms);
                let style = if t.refused.is_some() { RED.stroke_width(2) } else { BLACK.mix(0.5).stroke_width(1) };
                chart
                    .draw_series(std::iter::once(PathElement::new(vec![(x, y(a) + 0.5), (x, y(b) + 0.5)], style)))
                    .map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    })
}

/// One line over time.
struct Series {
    label: String,
    color: RGBColor,
    width: u32,
    points: Vec<(f64, f64)>,
}

/// A series cut where samples stop for longer than [`GAP_S`]: a node that was down (killed,
/// cut off) shows as a break, not as a straight line across the time nobody could ask it.
fn unbroken(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        if i == 0 || p.0 - points[i - 1].0 > GAP_S {
            pieces.push(Vec::new());
        }
        if let Some(last) = pieces.last_mut() {
            last.push(*p);
        }
    }
    pieces
}

/// Samples come every 0.5 s; four missed in a row are a gap.
const GAP_S: f64 = 2.0;

/// Lines over the run's time span, with a legend; the y axis from 0 to `top`, its ticks
/// formatted by `tick`.
fn lines(r: &RunReport, y_desc: &str, top: f64, tick: &dyn Fn(&f64) -> String, series: Vec<Series>) -> String {
    let end = span(r);
    svg(960, 320, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(0f64..end, 0f64..top)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc("seconds since the run started")
            .y_desc(y_desc)
            .y_label_formatter(tick)
            .draw()
            .map_err(|e| e.to_string())?;
        for s in series {
            let style = s.color.stroke_width(s.width);
            let mut pieces = unbroken(&s.points).into_iter();
            chart
                .draw_series(LineSeries::new(pieces.next().unwrap_or_default(), style))
                .map_err(|e| e.to_string())?
                .label(s.label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], style));
            for piece in pieces {
                chart.draw_series(LineSeries::new(piece, style)).map_err(|e| e.to_string())?;
            }
        }
        chart
            .configure_series_labels()
            .border_style(BLACK.mix(0.3))
            .background_style(WHITE.mix(0.9))
            .draw()
            .map_err(|e| e.to_string())
    })
}

/// A line per node of `value` (height or peers) over time.
fn per_node(r: &RunReport, what: &str, value: impl Fn(&crate::report_schema::HeightSample) -> u64) -> String {
    let top = r.heights.iter().map(&value).max().unwrap_or(0).max(1) + 1;
    let series = r
        .validators
        .iter()
        .enumerate()
        .map(|(i, node)| Series {
            label: node.clone(),
            color: color(i),
            width: 2,
            points: r.heights.iter().filter(|h| &h.node == node).map(|h| (secs(h.at_ms), value(h) as f64)).collect(),
        })
        .collect();
    // Heights and peer counts are whole numbers: a tick between two of them has no label.
    lines(r, what, top as f64, &|v| if v.fract() == 0.0 { format!("{v:.0}") } else { String::new() }, series)
}

/// Resident memory of every node (thick) and tmkms (thin), in MiB.
fn memory(r: &RunReport) -> String {
    if r.memory.is_empty() {
        return "<p class=\"note\">no memory samples (this backend does not report them)</p>".into();
    }
    let top = r.memory.iter().map(|m| m.rss_kib).max().unwrap_or(0) as f64 / 1024.0 * 1.1 + 1.0;
    let mut series = Vec::new();
    for (i, node) in r.validators.iter().enumerate() {
        for (service, width) in [("node", 2), ("tmkms", 1)] {
            let points: Vec<(f64, f64)> = r
                .memory
                .iter()
                .filter(|m| &m.node == node && m.service == service)
                .map(|m| (secs(m.at_ms), m.rss_kib as f64 / 1024.0))
                .collect();
            if !points.is_empty() {
                series.push(Series { label: format!("{node} {service}"), color: color(i), width, points });
            }
        }
    }
    lines(r, "MiB resident", top, &|v| format!("{v:.1}"), series)
}

/// Median and 90th percentile of a sorted list.
fn quantiles(sorted: &[u64]) -> Option<(u64, u64)> {
    if sorted.is_empty() {
        return None;
    }
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    Some((at(0.5), at(0.9)))
}

/// The block intervals, with their median and p90 marked.
fn intervals(r: &RunReport) -> (String, Option<(u64, u64)>) {
    let mut blocks = r.blocks.clone();
    blocks.sort_by_key(|b| b.height);
    let mut gaps: Vec<u64> = blocks
        .windows(2)
        .filter(|w| w[1].height == w[0].height + 1)
        .map(|w| w[1].at_ms.saturating_sub(w[0].at_ms))
        .collect();
    gaps.sort_unstable();
    let q = quantiles(&gaps);
    let Some(&max) = gaps.last() else {
        return ("<p class=\"note\">fewer than two blocks: no interval to show</p>".into(), None);
    };
    let bins = 20u64;
    let width = (max / bins).max(1) + 1;
    let mut counts = vec![0u64; bins as usize + 1];
    for g in &gaps {
        counts[(g / width) as usize] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(1) + 1;
    let chart = svg(960, 280, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(0u64..(width * (bins + 1)), 0u64..top)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc("ms between consecutive blocks")
            .y_desc("blocks")
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(counts.iter().enumerate().map(|(i, c)| {
                let x = i as u64 * width;
                Rectangle::new([(x, 0), (x + width, *c)], color(0).mix(0.7).filled())
            }))
            .map_err(|e| e.to_string())?;
        if let Some((median, p90)) = q {
            for (v, c) in [(median, color(2)), (p90, color(3))] {
                chart
                    .draw_series(std::iter::once(PathElement::new(vec![(v, 0), (v, top)], c.stroke_width(2))))
                    .map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    });
    (chart, q)
}

/// The whole page.
pub fn render(r: &RunReport) -> String {
    let mut h = String::new();
    let passed = r.checks.iter().filter(|c| c.passed).count();
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\n<style>\
body{{font-family:sans-serif;margin:24px;color:#222}}h1{{font-size:20px}}h2{{font-size:16px;margin-top:28px}}\
table{{border-collapse:collapse;font-size:12px}}td,th{{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}}\
.pass{{color:#1a7f37;font-weight:bold}}.fail{{color:#cf222e;font-weight:bold}}.note{{color:#666}}code{{font-size:11px}}\
</style></head><body>\n<h1>{title}</h1>\n<p>started {started}; {n} validators; checks {passed}/{total} passed; \
{stages} stage runs, {transfers} files moved by the operator, {faults} faults</p>\n",
        title = esc(&r.title),
        started = esc(&r.started_at),
        n = r.validators.len(),
        total = r.checks.len(),
        stages = r.stages.len(),
        transfers = r.transfers.iter().filter(|t| t.refused.is_none()).count(),
        faults = r.faults.len(),
    );
    let _ = write!(
        h,
        "<h2>Stages</h2>\n<p class=\"note\">One row per validator, one bar per stage (keygen blue, \
intermediate_genesis purple, gentx orange, start green, restart brown); a grey tick is a file the operator carried \
from one host to another at that moment (red: refused); a red band is a fault.</p>\n<div id=\"timeline\" data-rows=\"{}\">{}</div>\n",
        r.validators.len(),
        timeline(r)
    );
    let _ = write!(
        h,
        "<h2>Heights</h2>\n<p class=\"note\">Each node's latest height as its RPC reported it.</p>\n<div id=\"heights\" data-series=\"{}\">{}</div>\n",
        r.validators.len(),
        per_node(r, "height", |s| s.height)
    );
    let (chart, q) = intervals(r);
    let q = q.map(|(m, p)| format!("median {m} ms (green), p90 {p} ms (red)")).unwrap_or_default();
    let _ = write!(
        h,
        "<h2>Block intervals</h2>\n<p class=\"note\">Time between consecutive block headers: {q}.</p>\n<div id=\"intervals\">{chart}</div>\n"
    );
    let _ = write!(
        h,
        "<h2>Peers</h2>\n<p class=\"note\">How many peers each node was connected to.</p>\n<div id=\"peers\" data-series=\"{}\">{}</div>\n",
        r.validators.len(),
        per_node(r, "peers", |s| s.peers as u64)
    );
    let _ = write!(
        h,
        "<h2>Memory</h2>\n<p class=\"note\">Resident memory of each node (thick) and its tmkms (thin).</p>\n<div id=\"memory\">{}</div>\n",
        memory(r)
    );
    h.push_str("<h2>Checks</h2>\n<table id=\"checks\"><tr><th>check</th><th>result</th><th>evidence</th></tr>\n");
    for c in &r.checks {
        let (class, word) = if c.passed { ("pass", "PASS") } else { ("fail", "FAIL") };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"{class}\">{word}</td><td>{}</td></tr>",
            esc(&c.check),
            esc(&c.detail)
        );
    }
    h.push_str("</table>\n");
    if !r.faults.is_empty() {
        h.push_str("<h2>Faults</h2>\n<table id=\"faults\"><tr><th>node</th><th>fault</th><th>from (s)</th><th>to (s)</th><th>evidence</th></tr>\n");
        for f in &r.faults {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{:.1}</td><td>{:.1}</td><td>{}</td></tr>",
                esc(&f.node),
                esc(&f.fault),
                secs(f.start_ms),
                secs(f.end_ms),
                esc(&f.evidence)
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("<h2>Operator's ledger</h2>\n<table id=\"ledger\"><tr><th>at (s)</th><th>file</th><th>from → to</th><th>bytes</th><th>sha256</th><th>refused</th></tr>\n");
    for t in &r.transfers {
        let _ = writeln!(
            h,
            "<tr><td>{:.2}</td><td><code>{}</code></td><td>{} → {}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            secs(t.at_ms),
            esc(&t.file),
            esc(&t.from),
            esc(&t.to),
            t.bytes,
            esc(&t.sha256),
            t.refused.as_deref().map(esc).unwrap_or_default()
        );
    }
    h.push_str("</table>\n</body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::unbroken;

    #[test]
    fn a_series_breaks_where_samples_stop_for_more_than_two_seconds() {
        let pts = [(0.0, 1.0), (0.5, 1.0), (1.0, 2.0), (4.0, 5.0), (4.5, 5.0)];
        assert_eq!(unbroken(&pts), vec![pts[..3].to_vec(), pts[3..].to_vec()]);
        assert_eq!(unbroken(&pts[..3]), vec![pts[..3].to_vec()]);
        assert!(unbroken(&[]).is_empty());
    }
}
