use alloc::string::ToString;
use alloc::vec::Vec;

use proptest::prelude::*;

use super::*;

fn config(
    max_messages: usize,
    max_parts: u8,
    max_bytes: usize,
    timeout_ms: u64,
) -> ReassemblyConfig {
    ReassemblyConfig {
        max_messages,
        max_parts,
        max_buffered_bytes: max_bytes,
        timeout_ms,
    }
}

fn stored<K>(p: Pushed<K>) -> Vec<Incomplete<K>> {
    match p {
        Pushed::Stored { evicted } => evicted,
        _ => panic!("expected Stored"),
    }
}

fn completed<K>(p: Pushed<K>) -> Message<K> {
    match p {
        Pushed::Completed(m) => m,
        _ => panic!("expected Completed"),
    }
}

#[test]
fn out_of_order_with_duplicate() {
    let mut r = Reassembler::new(ReassemblyConfig::default());
    assert!(stored(r.push(1u8, Part::new(9, 3, 3, b"!"), 0).unwrap()).is_empty());
    assert!(stored(r.push(1, Part::new(9, 3, 1, b"ab"), 1).unwrap()).is_empty());
    assert_eq!(
        r.push(1, Part::new(9, 3, 1, b"ab"), 2).unwrap(),
        Pushed::Duplicate { identical: true }
    );
    assert_eq!(
        r.push(1, Part::new(9, 3, 3, b"?"), 2).unwrap(),
        Pushed::Duplicate { identical: false }
    );
    assert_eq!(r.buffered_bytes(), 3);
    let m = completed(r.push(1, Part::new(9, 3, 2, b"cd"), 3).unwrap());
    assert_eq!((m.key, m.reference, m.total), (1, 9, 3));
    assert_eq!(m.data, b"abcd!");
    assert!(r.is_empty());
    assert_eq!(r.buffered_bytes(), 0);
}

#[test]
fn senders_and_references_are_kept_apart() {
    let mut r = Reassembler::new(ReassemblyConfig::default());
    let a = AddressKey::new(b"111", b"999").unwrap();
    let b = AddressKey::new(b"222", b"999").unwrap();
    let _ = stored(r.push(a, Part::new(1, 2, 1, b"A1"), 0).unwrap());
    let _ = stored(r.push(b, Part::new(1, 2, 1, b"B1"), 0).unwrap());
    let _ = stored(r.push(a, Part::new(2, 2, 1, b"a1"), 0).unwrap());
    assert_eq!(r.len(), 3);
    assert_eq!(
        completed(r.push(b, Part::new(1, 2, 2, b"B2"), 0).unwrap()).data,
        b"B1B2"
    );
    assert_eq!(
        completed(r.push(a, Part::new(1, 2, 2, b"A2"), 0).unwrap()).data,
        b"A1A2"
    );
    assert_eq!(r.len(), 1);
    assert_eq!(a.source(), b"111");
    assert_eq!(a.destination(), b"999");
    assert!(AddressKey::new(&[b'1'; 66], b"").is_none());
}

#[test]
fn invalid_parts_are_rejected() {
    let mut r = Reassembler::new(config(4, 4, 100, 1000));
    assert_eq!(
        r.push(0u8, Part::new(1, 0, 1, b"x"), 0),
        Err(PartError::ZeroTotal)
    );
    assert_eq!(
        r.push(0, Part::new(1, 2, 0, b"x"), 0),
        Err(PartError::InvalidSeqnum {
            seqnum: 0,
            total: 2
        })
    );
    assert_eq!(
        r.push(0, Part::new(1, 2, 3, b"x"), 0),
        Err(PartError::InvalidSeqnum {
            seqnum: 3,
            total: 2
        })
    );
    assert_eq!(
        r.push(0, Part::new(1, 5, 1, b"x"), 0),
        Err(PartError::TooManyParts { total: 5, max: 4 })
    );
    let _ = stored(r.push(0, Part::new(1, 2, 1, b"x"), 0).unwrap());
    assert_eq!(
        r.push(0, Part::new(1, 3, 2, b"x"), 0),
        Err(PartError::TotalMismatch {
            expected: 2,
            got: 3
        })
    );
    assert_eq!(
        r.push(0, Part::new(2, 2, 1, &[0; 101]), 0),
        Err(PartError::TooLarge {
            needed: 101,
            max: 100
        })
    );
    assert!(!PartError::ZeroTotal.to_string().is_empty());
    assert_eq!(r.len(), 1);
}

#[test]
fn single_part_completes_without_buffering() {
    let mut r = Reassembler::new(config(1, 1, 0, 0));
    let m = completed(r.push((), Part::new(0, 1, 1, b"whole"), 0).unwrap());
    assert_eq!(m.data, b"whole");
    assert!(r.is_empty());
}

#[test]
fn oldest_is_evicted_when_full() {
    let mut r = Reassembler::new(config(2, 3, 10, 1000));
    let _ = stored(r.push(1u8, Part::new(1, 3, 1, b"aaaa"), 0).unwrap());
    let _ = stored(r.push(2, Part::new(1, 3, 1, b"bbbb"), 0).unwrap());
    // Count bound: a third message evicts the first.
    let ev = stored(r.push(3, Part::new(1, 3, 2, b"c"), 0).unwrap());
    assert_eq!(ev.len(), 1);
    let first = ev.first().unwrap();
    assert_eq!((first.key, first.reason), (1, IncompleteReason::Evicted));
    assert_eq!(first.parts, [(1, b"aaaa".to_vec())]);
    assert_eq!(first.received.missing(3).collect::<Vec<_>>(), [2, 3]);
    // Byte bound: growing message 3 past 10 bytes evicts message 2, never itself.
    let ev = stored(r.push(3, Part::new(1, 3, 1, b"cccccc"), 0).unwrap());
    assert_eq!(ev.iter().map(|i| i.key).collect::<Vec<_>>(), [2]);
    assert_eq!(r.buffered_bytes(), 7);
    // The last part completes without being buffered, so needs no room.
    let m = completed(r.push(3, Part::new(1, 3, 3, b"1234"), 0).unwrap());
    assert_eq!(m.data, b"ccccccc1234");
}

#[test]
fn expiry_is_reported() {
    let mut r = Reassembler::new(config(4, 4, 100, 1000));
    let _ = stored(r.push(1u8, Part::new(1, 2, 2, b"late"), 500).unwrap());
    let _ = stored(r.push(2, Part::new(1, 2, 1, b"x"), 900).unwrap());
    assert_eq!(r.next_deadline(), Some(1500));
    assert!(r.poll_expired(1499).is_none());
    let gone = r.poll_expired(1500).unwrap();
    assert_eq!(gone.reason, IncompleteReason::Expired);
    assert_eq!((gone.key, gone.first_part_ms, gone.total), (1, 500, 2));
    assert_eq!(gone.received.iter().collect::<Vec<_>>(), [2]);
    assert!(r.poll_expired(1500).is_none());
    assert_eq!(r.poll_expired(u64::MAX).map(|i| i.key), Some(2));
    assert!(r.is_empty());
    assert_eq!(r.next_deadline(), None);
}

#[derive(Debug, Clone)]
enum Op {
    Push {
        key: u8,
        reference: u16,
        total: u8,
        seqnum: u8,
        len: usize,
        now: u64,
    },
    Poll {
        now: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        // Mostly valid concatenation info, sometimes anything.
        5 => (0u8..3, 0u16..3, 1u8..6, any::<prop::sample::Index>(), 0usize..40, 0u64..20_000)
            .prop_map(|(key, reference, total, seq, len, now)| {
                let seqnum = u8::try_from(seq.index(usize::from(total)) + 1).unwrap();
                Op::Push { key, reference, total, seqnum, len, now }
            }),
        1 => (0u8..3, 0u16..3, 0u8..6, 0u8..7, 0usize..40, 0u64..20_000).prop_map(
            |(key, reference, total, seqnum, len, now)| Op::Push { key, reference, total, seqnum, len, now }
        ),
        1 => (0u64..20_000).prop_map(|now| Op::Poll { now }),
    ]
}

/// Counts parts by final outcome.
#[derive(Default, Debug)]
struct Tally {
    pushed: usize,
    rejected: usize,
    duplicate: usize,
    completed: usize,
    evicted: usize,
    expired: usize,
}

impl Tally {
    fn incomplete(&mut self, gone: &Incomplete<u8>) {
        assert_eq!(gone.parts.len(), gone.received.len());
        assert!(gone.parts.iter().all(|(n, _)| gone.received.contains(*n)));
        match gone.reason {
            IncompleteReason::Evicted => self.evicted += gone.received.len(),
            IncompleteReason::Expired => self.expired += gone.received.len(),
        }
    }
}

proptest! {
    #[test]
    fn bounds_hold_and_every_part_has_one_outcome(
        max_messages in 0usize..4,
        max_parts in 0u8..6,
        max_bytes in 0usize..150,
        timeout in 0u64..5_000,
        ops in proptest::collection::vec(op(), 0..200),
    ) {
        let mut r = Reassembler::new(config(max_messages, max_parts, max_bytes, timeout));
        let mut t = Tally::default();
        for op in ops {
            match op {
                Op::Push { key, reference, total, seqnum, len, now } => {
                    t.pushed += 1;
                    let data = alloc::vec![key ^ seqnum; len];
                    match r.push(key, Part::new(reference, total, seqnum, &data), now) {
                        Err(_) => t.rejected += 1,
                        Ok(Pushed::Duplicate { .. }) => t.duplicate += 1,
                        Ok(Pushed::Completed(m)) => {
                            prop_assert_eq!(m.key, key);
                            t.completed += usize::from(m.total);
                        }
                        Ok(Pushed::Stored { evicted }) => {
                            for gone in &evicted {
                                prop_assert_eq!(gone.reason, IncompleteReason::Evicted);
                                t.incomplete(gone);
                            }
                        }
                    }
                }
                Op::Poll { now } => {
                    while let Some(gone) = r.poll_expired(now) {
                        prop_assert!(gone.first_part_ms.saturating_add(timeout) <= now);
                        t.incomplete(&gone);
                    }
                }
            }
            prop_assert!(r.len() <= max_messages.max(1));
            prop_assert!(r.buffered_bytes() <= max_bytes);
            prop_assert!(r.buffered_parts() <= r.len() * usize::from(max_parts));
        }
        while let Some(gone) = r.poll_expired(u64::MAX) {
            t.incomplete(&gone);
        }
        prop_assert_eq!(r.buffered_bytes(), 0);
        prop_assert_eq!(
            t.pushed,
            t.rejected + t.duplicate + t.completed + t.evicted + t.expired,
            "{:?}", t
        );
    }

    #[test]
    fn shuffled_duplicated_parts_reassemble_exactly(
        a in proptest::collection::vec(any::<u8>(), 1..1500),
        b in proptest::collection::vec(any::<u8>(), 1..1500),
        size in 6usize..200,
        dups in proptest::collection::vec(any::<prop::sample::Index>(), 0..20),
        order_seed in any::<u64>(),
    ) {
        let split = |msg: &[u8], key: u8| -> Vec<(u8, u8, u8, Vec<u8>)> {
            let chunks: Vec<&[u8]> = msg.chunks(size).collect();
            let total = u8::try_from(chunks.len()).unwrap();
            chunks.iter().enumerate()
                .map(|(i, c)| (key, total, u8::try_from(i + 1).unwrap(), c.to_vec()))
                .collect()
        };
        let mut parts = split(&a, 0);
        parts.extend(split(&b, 1));
        // Deterministic shuffle from the seed (Fisher-Yates with an LCG).
        let mut state = order_seed;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap() % bound
        };
        for i in (1..parts.len()).rev() {
            parts.swap(i, next(i + 1));
        }
        // A copy arriving after its message completed would start a new message, so
        // each duplicate goes after its original and before its message's last part.
        for d in &dups {
            let k = d.index(parts.len());
            let key = parts[k].0;
            let last = parts.iter().rposition(|p| p.0 == key).unwrap();
            if k < last {
                let at = k + 1 + next(last - k);
                let copy = parts[k].clone();
                parts.insert(at, copy);
            }
        }
        let mut r = Reassembler::new(ReassemblyConfig::default());
        let mut done: Vec<Message<u8>> = Vec::new();
        for (key, total, seqnum, data) in &parts {
            match r.push(*key, Part::new(42, *total, *seqnum, data), 0).unwrap() {
                Pushed::Completed(m) => done.push(m),
                Pushed::Stored { evicted } => prop_assert!(evicted.is_empty()),
                Pushed::Duplicate { identical } => prop_assert!(identical),
            }
        }
        prop_assert!(r.is_empty());
        done.sort_by_key(|m| m.key);
        prop_assert_eq!(done.len(), 2);
        prop_assert_eq!(&done[0].data, &a);
        prop_assert_eq!(&done[1].data, &b);
    }
}
