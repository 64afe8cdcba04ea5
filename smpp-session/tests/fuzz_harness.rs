//! Runs the session fuzz harness over random inputs and the fuzz corpus (the corpus is skipped
//! in a packaged copy of the crate, which ships without it).

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn session_ops_hold_their_invariants(data in prop::collection::vec(any::<u8>(), 0..400)) {
        smpp_session::fuzzing::session_ops(&data);
    }
}

#[test]
fn replay_session_corpus() {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = manifest.join("../fuzz/corpus/session");
    // A packaged copy of the crate (with the Cargo.toml.orig `cargo package` writes) ships
    // without the workspace's fuzz corpus; in the workspace a missing corpus fails below.
    if !dir.is_dir() && manifest.join("Cargo.toml.orig").is_file() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "replay_session_corpus: skipped: a packaged smpp-session has no fuzz corpus ({} is absent)",
            dir.display()
        );
        return;
    }
    let Ok(entries) = std::fs::read_dir(&dir) else {
        panic!("no corpus at {}", dir.display());
    };
    let mut n = 0;
    for e in entries {
        let data = std::fs::read(e.unwrap().path()).unwrap();
        smpp_session::fuzzing::session_ops(&data);
        n += 1;
    }
    assert!(n >= 3, "only {n} corpus files");
}
