//! What a run is seen doing while it runs: its stages and faults (recorder), every node's
//! heights, peers and memory (sampler), and the traffic per height its nodes logged
//! (traffic). Values only: never a Network, which carries them.

pub mod recorder;
pub mod sampler;
pub mod traffic;
