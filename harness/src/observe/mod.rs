//! What a run is seen doing while it runs: its stages and faults (recorder) and every node's
//! heights, peers and memory (sampler). Values only: never a Network, which carries them.

pub mod recorder;
pub mod sampler;
