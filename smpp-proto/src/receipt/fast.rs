//! Fast path for receipts whose keys come in the Appendix B order.
//!
//! Most SMSCs write `id sub dlvrd submit date done date stat err text` in that order,
//! some fields possibly left out. Expecting each key in turn replaces the per-field
//! key dispatch (a hard-to-predict branch) with one predictable comparison. The path
//! gives up, and the general pass reads the input instead, on anything it does not
//! expect (another order, a repeated or unknown key, an empty value, a text that a
//! later key would end), so both passes always agree.

use super::parse::{Fields, text_end};
use super::scan::{Key, key_at, next_token, token_end};

/// Reads `input` into `fields` (empty on entry) if its keys come in the Appendix B
/// order; false, with `fields` in an unspecified state, if not.
pub(super) fn canonical<'a>(input: &'a [u8], fields: &mut Fields<'a>) -> bool {
    read(input, fields).is_some()
}

fn read<'a>(input: &'a [u8], fields: &mut Fields<'a>) -> Option<()> {
    let mut cursor = Cursor {
        input,
        pos: next_token(input, 0)?,
    };
    // Written out rather than looped so each step is compiled for its constant key.
    cursor.take(Key::Id, fields)?;
    cursor.take(Key::Sub, fields)?;
    cursor.take(Key::Dlvrd, fields)?;
    cursor.take(Key::SubmitDate, fields)?;
    cursor.take(Key::DoneDate, fields)?;
    cursor.take(Key::Stat, fields)?;
    cursor.take(Key::Err, fields)?;
    if cursor.pos == input.len() {
        return Some(());
    }
    let start = cursor.pos + key_at(input.get(cursor.pos..)?, Key::Text)?;
    fields.first(Key::Text);
    (text_end(input, start, fields.seen) == input.len()).then_some(())?;
    fields.receipt.text = input.get(start..);
    Some(())
}

struct Cursor<'a> {
    input: &'a [u8],
    /// At the next token, or at the end of input.
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// Stores `key` if it is next; `None` to give up.
    #[inline(always)]
    fn take(&mut self, key: Key, fields: &mut Fields<'a>) -> Option<()> {
        if let Some(value) = self.field(key)? {
            fields.first(key);
            fields.store(key, value);
        }
        Some(())
    }

    /// `Some(None)` if `key` is not next, `Some(Some(value))` if it is (moving past
    /// it), `None` to give up (an empty value).
    #[inline(always)]
    fn field(&mut self, key: Key) -> Option<Option<&'a [u8]>> {
        let rest = self.input.get(self.pos..).unwrap_or_default();
        let Some(len) = key_at(rest, key) else {
            return Some(None);
        };
        let start = self.pos + len;
        let end = token_end(self.input, start);
        if end == start {
            return None;
        }
        self.pos = next_token(self.input, end).unwrap_or(self.input.len());
        Some(self.input.get(start..end))
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::String;
    use alloc::vec::Vec;

    use proptest::prelude::*;

    use super::*;
    use crate::receipt::parse::general;

    /// One field in canonical position: spelling of its key and a value.
    fn field(keys: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
        let values = prop_oneof![
            Just(""),
            Just("001"),
            Just("2410151200"),
            Just("1728967406738"),
            Just("DELIVRD"),
            Just("x"),
            Just("id:9"),
            Just("stat:Z"),
            Just("\u{e9}"),
        ];
        proptest::option::weighted(0.7, (proptest::sample::select(keys), values))
            .prop_map(|f| f.map(|(k, v)| alloc::format!("{k}{v}")))
    }

    fn receipt_text() -> impl Strategy<Value = String> {
        let fields = (
            field(&["id:", "ID:"]),
            field(&["sub:"]),
            field(&["dlvrd:", "DLVRD:"]),
            field(&["submit date:", "submitdate:", "submit_date:"]),
            field(&["done date:", "Done Date:"]),
            field(&["stat:"]),
            field(&["err:"]),
            proptest::option::of(proptest::sample::select(
                &[
                    "text:",
                    "text: hi",
                    "Text:a b",
                    "text:x stat:Y",
                    "text:x  id:2",
                    "text:\0",
                ][..],
            )),
        );
        let junk =
            proptest::option::weighted(0.1, proptest::sample::select(&["foo:1", "id:5"][..]));
        let seps = proptest::sample::select(&[" ", "  ", "\t", "\r\n"][..]);
        (fields, junk, seps).prop_map(|((a, b, c, d, e, f, g, h), junk, sep)| {
            let mut parts: Vec<String> = [a, b, c, d, e, f, g].into_iter().flatten().collect();
            if let Some(j) = junk {
                parts.insert(parts.len() / 2, j.into());
            }
            parts.extend(h.map(String::from));
            parts.join(sep)
        })
    }

    proptest! {
        #[test]
        fn agrees_with_the_general_pass(text in receipt_text()) {
            let input = text.as_bytes();
            let mut fast = Fields::default();
            if canonical(input, &mut fast) {
                let mut slow = Fields::default();
                general(input, &mut slow);
                prop_assert_eq!(fast.seen, slow.seen);
                prop_assert_eq!(fast.receipt, slow.receipt);
            }
        }
    }

    #[test]
    fn takes_the_usual_layouts() {
        for text in [
            "id:1 sub:001 dlvrd:001 submit date:2410151200 done date:2410151201 stat:DELIVRD err:000 text:hi",
            "id:670df2ee851e71bb6a7c2ads submit date:1728967406738 done date:1728967412772 stat:DELIVRD",
            "id:1 submitdate:2410151200 donedate:000000000000 stat:DELIVRD err:0",
        ] {
            assert!(canonical(text.as_bytes(), &mut Fields::default()), "{text}");
        }
        for text in [
            "sub:1 id:2",
            "id:1 id:2",
            "id: 1",
            "id:1 text:a err:1",
            "x id:1",
        ] {
            assert!(
                !canonical(text.as_bytes(), &mut Fields::default()),
                "{text}"
            );
        }
    }
}
