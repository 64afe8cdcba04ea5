//! Choosing the cheapest encoding that represents a text.

use super::count::{Count, count_with};
use super::split::SplitOptions;
use super::{DefaultAlphabet, Encoding, GsmTables, Method, NationalLanguage, OnError};

/// What [`choose`] may pick from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChooseOptions<'a> {
    /// What `data_coding` 0 means on the connection. GSM 7-bit is only offered when it is
    /// [`DefaultAlphabet::Gsm7`].
    pub default_alphabet: DefaultAlphabet,
    /// National languages the recipients' handsets are known to support, in order of
    /// preference (empty: none).
    pub national: &'a [NationalLanguage],
    /// Whether locking-shift tables may be used too (single-shift only otherwise).
    pub locking_shift: bool,
    /// Whether Latin-1 (data_coding 3) is acceptable before falling back to UCS-2.
    pub latin1: bool,
    /// The method segments are counted with when comparing national tables.
    pub method: Method,
}

impl Default for ChooseOptions<'_> {
    fn default() -> Self {
        Self {
            default_alphabet: DefaultAlphabet::Gsm7,
            national: &[],
            locking_shift: false,
            latin1: false,
            method: Method::Udh8,
        }
    }
}

/// The encoding picked for a text and the `data_coding` to send it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Choice {
    /// The encoding (GSM 7-bit with the chosen national tables, if any).
    pub encoding: Encoding,
    /// The `data_coding` value, 0 when the encoding is the connection's default.
    pub data_coding: u8,
}

/// Picks the cheapest encoding for `text`: GSM 7-bit with the default tables; else the
/// allowed national tables that need the fewest segments (on ties: a single shift, then a
/// locking shift alone, then a language's locking and single shift together, in the
/// caller's order; a locking shift of one language with the single shift of another only
/// when no one language represents the text); else Latin-1 if allowed; else UCS-2, which
/// represents everything. With a non-GSM default alphabet, that alphabet comes first.
///
/// ```
/// use smpp_proto::text::{choose, ChooseOptions, Encoding, GsmTables, NationalLanguage};
///
/// assert_eq!(choose("Hello €", &ChooseOptions::default()).encoding, Encoding::GSM7);
/// assert_eq!(choose("Günaydın", &ChooseOptions::default()).encoding, Encoding::Ucs2);
/// let opts = ChooseOptions { national: &[NationalLanguage::Turkish], ..Default::default() };
/// let choice = choose("Günaydın", &opts);
/// assert_eq!(choice.encoding, Encoding::Gsm7(GsmTables::single_shift(NationalLanguage::Turkish)));
/// assert_eq!(choice.data_coding, 0);
/// ```
pub fn choose(text: &str, opts: &ChooseOptions<'_>) -> Choice {
    let encoding = pick(text, opts);
    Choice {
        encoding,
        data_coding: encoding
            .data_coding_for(opts.default_alphabet)
            .unwrap_or(encoding.data_coding()),
    }
}

/// [`choose`] then [`count`](super::count): what a web form's SMS counter shows.
pub fn count_auto(text: &str, opts: &ChooseOptions<'_>) -> Count {
    let choice = choose(text, opts);
    let split = SplitOptions::new(choice.encoding, opts.method);
    match count_with(text, &split) {
        Ok(mut c) => {
            c.data_coding = choice.data_coding;
            c
        }
        // UCS-2 represents every text, so this arm only guards against the impossible.
        Err(_) => Count {
            encoding: choice.encoding,
            data_coding: choice.data_coding,
            chars: text.chars().count(),
            units: 0,
            segments: 0,
            units_per_segment: 0,
            remaining_in_last: 0,
        },
    }
}

fn fits(text: &str, encoding: Encoding, method: Method) -> Option<Count> {
    count_with(
        text,
        &SplitOptions::new(encoding, method).with_on_error(OnError::Fail),
    )
    .ok()
}

fn pick(text: &str, opts: &ChooseOptions<'_>) -> Encoding {
    match opts.default_alphabet {
        DefaultAlphabet::Gsm7 => {
            if fits(text, Encoding::GSM7, opts.method).is_some() {
                return Encoding::GSM7;
            }
            let mut best: Option<(usize, Encoding)> = None;
            let consider = |tables: GsmTables, best: &mut Option<(usize, Encoding)>| {
                let encoding = Encoding::Gsm7(tables);
                if let Some(c) = fits(text, encoding, opts.method) {
                    if best.is_none_or(|(segments, _)| c.segments < segments) {
                        *best = Some((c.segments, encoding));
                    }
                }
            };
            // Cheapest headers first, so that ties keep them: one element (a single shift, or
            // a locking shift alone), then a language's pair.
            let locking_langs = || {
                opts.national
                    .iter()
                    .copied()
                    .filter(|l| opts.locking_shift && l.has_locking_shift())
            };
            for &lang in opts.national {
                consider(GsmTables::single_shift(lang), &mut best);
            }
            for lang in locking_langs() {
                consider(
                    GsmTables {
                        locking: Some(lang),
                        single: None,
                    },
                    &mut best,
                );
            }
            for lang in locking_langs() {
                consider(GsmTables::locking_shift(lang), &mut best);
            }
            // 23.038 lets the two tables come from different languages: tried only when no
            // single language represents the text, as there are n² pairs.
            if best.is_none() {
                for locking in locking_langs() {
                    for &single in opts.national.iter().filter(|&&l| l != locking) {
                        consider(
                            GsmTables {
                                locking: Some(locking),
                                single: Some(single),
                            },
                            &mut best,
                        );
                    }
                }
            }
            if let Some((_, encoding)) = best {
                return encoding;
            }
        }
        DefaultAlphabet::Latin1 => {}
        DefaultAlphabet::Ascii => {
            if fits(text, Encoding::Ascii, opts.method).is_some() {
                return Encoding::Ascii;
            }
        }
    }
    let latin1 = opts.latin1 || opts.default_alphabet == DefaultAlphabet::Latin1;
    if latin1 && fits(text, Encoding::Latin1, opts.method).is_some() {
        return Encoding::Latin1;
    }
    Encoding::Ucs2
}
