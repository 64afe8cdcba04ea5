//! The receipt and text fuzz harnesses over random inputs and their committed corpus.

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn text_harness_holds(data in prop::collection::vec(any::<u8>(), 0..300)) {
        smpp_proto::fuzzing::text(&data);
    }

    #[test]
    fn receipt_harness_holds(data in prop::collection::vec(any::<u8>(), 0..200)) {
        smpp_proto::fuzzing::receipt(&data);
    }

    #[test]
    fn receipt_like_text_holds(
        parts in prop::collection::vec(prop_oneof![
            Just("id:".to_string()), Just(" stat:".to_string()), Just(" submit date:".to_string()),
            Just(" err:".to_string()), Just(" text:".to_string()), "[0-9A-Za-z]{0,14}"
        ], 0..16)
    ) {
        smpp_proto::fuzzing::receipt(parts.concat().as_bytes());
    }
}

#[test]
fn replay_receipt_and_text_corpus() {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.join("../fuzz/corpus");
    // A packaged copy of the crate (with the Cargo.toml.orig `cargo package` writes) ships
    // without the workspace's fuzz corpus; in the workspace a missing corpus fails below.
    if !root.is_dir() && manifest.join("Cargo.toml.orig").is_file() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "replay_receipt_and_text_corpus: skipped: a packaged smpp-proto has no fuzz corpus ({} is absent)",
            root.display()
        );
        return;
    }
    let mut n = 0;
    for (dir, run) in [
        ("receipt", smpp_proto::fuzzing::receipt as fn(&[u8])),
        ("text", smpp_proto::fuzzing::text),
    ] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            run(&std::fs::read(e.unwrap().path()).unwrap());
            n += 1;
        }
    }
    assert!(n >= 6, "only {n} corpus files");
}
