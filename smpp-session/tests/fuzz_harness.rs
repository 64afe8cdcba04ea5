//! Runs the session fuzz harness over random inputs (and, when present, the fuzz corpus).

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
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/session");
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
