//! The offline ceremony for 3 validators, every step a real `simchaind` process:
//! 3× keys add, coordinator init, 3× add-genesis-account, 3× validator init, 3× gentx with
//! --pubkey, collect-gentxs, validate. Target: under 1 s.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;

fn offline_flow(c: &mut Criterion) {
    let mut group = c.benchmark_group("offline_ceremony");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function("3_validators_processes", |b| {
        b.iter(|| {
            let ceremony = support::Ceremony::with_gentxs(3);
            support::ok(&["genesis", "collect-gentxs", "--home", ceremony.coordinator.home()]);
            support::ok(&["genesis", "validate", "--home", ceremony.coordinator.home()]);
        })
    });
    group.finish();
}

criterion_group!(benches, offline_flow);
criterion_main!(benches);
