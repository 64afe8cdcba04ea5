//! Helpers shared by the interop tests.

use std::process::Child;

/// A peer process, killed by pid when dropped.
pub struct Peer(pub Child);

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
