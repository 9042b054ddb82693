//! Dates as feeds write them, to unix seconds (UTC): W3C-DTF and ISO 8601
//! (partial dates, a space for `T`, no seconds, fractions, basic format, no
//! zone meaning UTC), RFC 822 and its common damage (no or any day name, two-
//! or three-digit years, one-digit days and hours, no seconds, extra or
//! missing commas, any case, month before day, month names in the main
//! European languages, comments in parentheses), asctime, zones by name or
//! offset. What cannot be a date is None, never "now".

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};

/// Longer strings are not dates (and are not scanned).
const MAX_LEN: usize = 96;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tok<'a> {
    /// A run of digits: its value and how many digits it has.
    Num(u32, usize),
    Word(&'a str),
    Sym(u8),
    Space,
}

/// The instant `text` names, as unix seconds.
pub(crate) fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() || text.len() > MAX_LEN {
        return None;
    }
    let tokens = tokenize(text)?;
    iso(&tokens).or_else(|| rfc822(&tokens))
}

fn tokenize(text: &str) -> Option<Vec<Tok<'_>>> {
    let mut tokens = Vec::with_capacity(16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let run = |keep: fn(char) -> bool| rest.find(|c: char| !keep(c)).unwrap_or(rest.len());
        let len = match c {
            '0'..='9' => run(|c| c.is_ascii_digit()),
            c if c.is_alphabetic() => run(char::is_alphabetic),
            c if c.is_whitespace() => run(char::is_whitespace),
            _ => c.len_utf8(),
        };
        let (token, after) = rest.split_at(len);
        tokens.push(match c {
            '0'..='9' if token.len() <= 9 => Tok::Num(token.parse().ok()?, token.len()),
            c if c.is_alphabetic() => Tok::Word(token),
            c if c.is_whitespace() => Tok::Space,
            c if c.is_ascii_punctuation() => Tok::Sym(c as u8),
            _ => return None,
        });
        rest = after;
    }
    Some(tokens)
}

/// Reads tokens front to back.
struct Cursor<'t, 'a> {
    tokens: &'t [Tok<'a>],
    at: usize,
}

impl<'a> Cursor<'_, 'a> {
    fn peek(&self) -> Option<Tok<'a>> {
        self.tokens.get(self.at).copied()
    }

    fn take(&mut self, wanted: impl Fn(Tok<'a>) -> bool) -> Option<Tok<'a>> {
        let token = self.peek().filter(|t| wanted(*t))?;
        self.at += 1;
        Some(token)
    }

    fn sym(&mut self, c: u8) -> bool {
        self.take(|t| t == Tok::Sym(c)).is_some()
    }

    fn spaces(&mut self) -> bool {
        let before = self.at;
        while self.take(|t| t == Tok::Space).is_some() {}
        self.at > before
    }

    /// A number of `min..=max` digits.
    fn num(&mut self, min: usize, max: usize) -> Option<u32> {
        match self.take(|t| matches!(t, Tok::Num(_, n) if (min..=max).contains(&n)))? {
            Tok::Num(v, _) => Some(v),
            _ => None,
        }
    }

    fn done(&self) -> bool {
        self.at == self.tokens.len()
    }
}

/// `2003`, `2003-12`, `2003-12-31`, `20031231`, `2003/12/31`, then maybe a
/// time after `T` or spaces, then maybe a zone (none: UTC).
fn iso(tokens: &[Tok<'_>]) -> Option<i64> {
    let mut c = Cursor { tokens, at: 0 };
    let (year, month, day) = match c.take(|t| matches!(t, Tok::Num(_, 4 | 8)))? {
        Tok::Num(v, 8) => (v / 10_000, v / 100 % 100, v % 100),
        Tok::Num(year, _) => match c.peek() {
            Some(Tok::Sym(sep @ (b'-' | b'/'))) => {
                c.at += 1;
                let month = c.num(1, 2)?;
                let day = if c.sym(sep) { c.num(1, 2)? } else { 1 };
                (year, month, day)
            }
            _ => (year, 1, 1),
        },
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let t = c.take(|t| matches!(t, Tok::Word(w) if w.eq_ignore_ascii_case("t"))).is_some();
    let spaced = !t && c.spaces();
    let mut time = NaiveTime::MIN;
    let mut next_day = false;
    if t || (spaced && matches!(c.peek(), Some(Tok::Num(..)))) {
        (time, next_day) = iso_time(&mut c)?;
    }
    c.spaces();
    let offset = if c.done() { 0 } else { zone(&mut c)? };
    c.spaces();
    c.done().then_some(())?;
    instant(date, time, next_day, offset)
}

/// `08:14`, `08:14:00`, `08:14:00.123`, `0814`, `081400`; the flag says 24:00.
fn iso_time(c: &mut Cursor<'_, '_>) -> Option<(NaiveTime, bool)> {
    let (hour, minute, second) = match c.take(|t| matches!(t, Tok::Num(_, 1 | 2 | 4 | 6)))? {
        Tok::Num(v, 4) => (v / 100, v % 100, 0),
        Tok::Num(v, 6) => (v / 10_000, v / 100 % 100, v % 100),
        Tok::Num(hour, _) => {
            c.sym(b':').then_some(())?;
            let minute = c.num(2, 2)?;
            let second = if c.sym(b':') { c.num(1, 2)? } else { 0 };
            (hour, minute, second)
        }
        _ => return None,
    };
    fraction(c);
    clock(hour, minute, second)
}

/// Skips `.123` or `,123` after seconds.
fn fraction(c: &mut Cursor<'_, '_>) {
    let at = c.at;
    if (c.sym(b'.') || c.sym(b',')) && c.num(1, 9).is_none() {
        c.at = at;
    }
}

/// The time of day, with 24:00:00 as the next day's midnight and a leap second as :59.
fn clock(hour: u32, minute: u32, second: u32) -> Option<(NaiveTime, bool)> {
    if hour == 24 && minute == 0 && second == 0 {
        return Some((NaiveTime::MIN, true));
    }
    Some((NaiveTime::from_hms_opt(hour, minute, second.min(59))?, false))
}

fn instant(date: NaiveDate, time: NaiveTime, next_day: bool, offset_secs: i64) -> Option<i64> {
    let date = if next_day { date.checked_add_days(Days::new(1))? } else { date };
    Some(NaiveDateTime::new(date, time).and_utc().timestamp() - offset_secs)
}

/// A zone: `Z`, `+01:00`, `-0500`, `+01`, a name, or a name with an offset
/// (`GMT+1`); seconds east of UTC.
fn zone(c: &mut Cursor<'_, '_>) -> Option<i64> {
    match c.peek()? {
        Tok::Word(name) => {
            c.at += 1;
            Some(zone_name(name)? + name_offset(c))
        }
        _ => offset(c),
    }
}

/// The offset written after a zone name (`GMT+1`), else 0.
fn name_offset(c: &mut Cursor<'_, '_>) -> i64 {
    let at = c.at;
    offset(c).unwrap_or_else(|| {
        c.at = at;
        0
    })
}

/// `+hh:mm`, `+hhmm`, `+hh`, `-h`; seconds east of UTC.
fn offset(c: &mut Cursor<'_, '_>) -> Option<i64> {
    let sign = if c.sym(b'+') {
        1
    } else if c.sym(b'-') {
        -1
    } else {
        return None;
    };
    let (hours, minutes) = match c.peek()? {
        Tok::Num(v, 3 | 4) => {
            c.at += 1;
            (v / 100, v % 100)
        }
        Tok::Num(_, 1 | 2) => {
            let hours = c.num(1, 2)?;
            let minutes = if c.sym(b':') { c.num(2, 2)? } else { 0 };
            (hours, minutes)
        }
        _ => return None,
    };
    (hours <= 23 && minutes <= 59).then(|| sign * i64::from(hours * 3600 + minutes * 60))
}

/// Seconds east of UTC for a zone abbreviation (RFC 822's, the common
/// North American and European ones, a few others, the military letters).
fn zone_name(name: &str) -> Option<i64> {
    let lower = name.to_ascii_lowercase();
    let hours: f64 = match lower.as_str() {
        "z" | "ut" | "utc" | "gmt" | "wet" => 0.0,
        "est" | "et" | "cdt" => -5.0,
        "edt" | "ast" => -4.0,
        "adt" => -3.0,
        "cst" | "ct" | "mdt" => -6.0,
        "mst" | "mt" | "pdt" => -7.0,
        "pst" | "pt" | "akdt" => -8.0,
        "akst" => -9.0,
        "hst" => -10.0,
        "nst" => -3.5,
        "ndt" => -2.5,
        "bst" | "cet" | "met" | "mez" | "west" | "wat" => 1.0,
        "cest" | "mest" | "mesz" | "eet" | "sast" | "cat" => 2.0,
        "eest" | "msk" | "eat" => 3.0,
        "ist" => 5.5,
        "ict" | "wib" => 7.0,
        "hkt" | "sgt" | "awst" | "pht" => 8.0,
        "jst" | "kst" => 9.0,
        "acst" => 9.5,
        "aest" => 10.0,
        "acdt" => 10.5,
        "aedt" => 11.0,
        "nzst" => 12.0,
        "nzdt" => 13.0,
        military if military.len() == 1 => return military_zone(military.as_bytes()[0]),
        _ => return None,
    };
    Some((hours * 3600.0) as i64)
}

/// RFC 822's letters: A–I and K–M are −1 to −12 hours, N–Y +1 to +12, Z is UTC.
fn military_zone(letter: u8) -> Option<i64> {
    let hours = match letter {
        b'a'..=b'i' => -i64::from(letter - b'a' + 1),
        b'k'..=b'm' => -i64::from(letter - b'k' + 10),
        b'n'..=b'y' => i64::from(letter - b'n' + 1),
        b'z' => 0,
        _ => return None,
    };
    Some(hours * 3600)
}

/// Month names, English first, then French, German, Spanish, Italian,
/// Portuguese and Dutch ones where they differ; abbreviations are prefixes.
const MONTHS: [&[&str]; 12] = [
    &["january", "janvier", "januar", "enero", "gennaio", "janeiro", "januari"],
    &["february", "février", "fevrier", "februar", "febrero", "febbraio", "fevereiro", "februari"],
    &["march", "mars", "märz", "mrz", "marzo", "março", "maart"],
    &["april", "avril", "abril", "aprile"],
    &["may", "mai", "mayo", "maggio", "maio", "mei"],
    &["june", "juin", "juni", "junio", "giugno", "junho"],
    &["july", "juillet", "juli", "julio", "luglio", "julho"],
    &["august", "août", "aout", "agosto", "augustus"],
    &["september", "septembre", "septiembre", "settembre", "setembro"],
    &["october", "octobre", "oktober", "octubre", "ottobre", "outubro"],
    &["november", "novembre", "noviembre", "novembro"],
    &["december", "décembre", "decembre", "dezember", "diciembre", "dicembre", "dezembro"],
];
const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// `jan`, `Jan.`, `January`, `Sept`, `févr`, `Mär`: 1 to 12; None for what
/// is not a month or could be two (`jui`: juin or juillet).
fn month(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    if lower.chars().count() < 3 {
        return None;
    }
    let mut found = MONTHS.iter().enumerate().filter(|(_, names)| names.iter().any(|n| n.starts_with(&lower)));
    let (at, _) = found.next()?;
    found.next().is_none().then_some(at as u32 + 1)
}

fn is_day_name(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    DAYS.iter().any(|d| lower.len() >= 3 && d.starts_with(lower.as_str()))
}

/// The parts of an RFC 822 style date found so far.
#[derive(Default)]
struct Parts {
    month: Option<u32>,
    numbers: Vec<(u32, usize)>,
    time: Option<(u32, u32, u32)>,
    pm: Option<bool>,
    offset: Option<i64>,
}

/// RFC 822 and what feeds make of it, asctime, `January 28, 2025 8:14 AM`.
fn rfc822(tokens: &[Tok<'_>]) -> Option<i64> {
    let tokens: Vec<Tok<'_>> = tokens.iter().copied().filter(|t| *t != Tok::Space).collect();
    let mut c = Cursor { tokens: &tokens, at: 0 };
    // A day name, English or not (then a comma, a dot or the day follows), is
    // dropped; one that reads as a month too (French `mar.`) when a month follows.
    if let Some(Tok::Word(w)) = c.peek()
        && (is_day_name(w) || matches!(tokens.get(1), Some(Tok::Sym(b',' | b'.') | Tok::Num(..))))
        && (month(w).is_none()
            || (matches!(tokens.get(1), Some(Tok::Sym(_)))
                && tokens[1..].iter().any(|t| matches!(t, Tok::Word(m) if month(m).is_some()))))
    {
        c.at += 1;
    }
    // Parentheses hold comments (`+0000 (UTC)`), read only for a zone not given yet.
    let mut comment = 0usize;
    let mut parts = Parts::default();
    while let Some(token) = c.peek() {
        c.at += 1;
        match token {
            Tok::Sym(b'(') => comment += 1,
            Tok::Sym(b')') => comment = comment.saturating_sub(1),
            _ if comment > 0 && parts.offset.is_some() => {}
            Tok::Num(hour, 1 | 2) if c.peek() == Some(Tok::Sym(b':')) && parts.time.is_none() => {
                c.at += 1;
                let minute = c.num(2, 2)?;
                let second = if c.sym(b':') { c.num(1, 2)? } else { 0 };
                fraction(&mut c);
                parts.time = Some((hour, minute, second));
            }
            Tok::Num(v, n) => parts.numbers.push((v, n)),
            Tok::Word(w) if parts.month.is_none() && month(w).is_some() => parts.month = month(w),
            Tok::Word(w) if parts.time.is_some() && matches!(w.to_ascii_lowercase().as_str(), "am" | "pm") => {
                parts.pm = Some(w.eq_ignore_ascii_case("pm"));
            }
            Tok::Word(w) if w.eq_ignore_ascii_case("at") => {}
            Tok::Sym(b'+' | b'-') if parts.time.is_some() && parts.offset.is_none() => {
                c.at -= 1;
                parts.offset = Some(offset(&mut c)?);
            }
            Tok::Word(w) if parts.time.is_some() && parts.offset.is_none() => {
                // An unknown zone name after the time is read as UTC.
                let base = zone_name(w).or_else(|| (2..=5).contains(&w.len()).then_some(0))?;
                parts.offset = Some(base + name_offset(&mut c));
            }
            Tok::Sym(b',' | b'.' | b'-' | b'/') => {}
            _ => return None,
        }
    }
    rfc822_instant(&parts)
}

fn rfc822_instant(parts: &Parts) -> Option<i64> {
    let month = parts.month?;
    let [first, second] = parts.numbers[..] else { return None };
    let ((day, day_digits), (year, year_digits)) = if first.1 == 4 { (second, first) } else { (first, second) };
    if day_digits > 2 {
        return None;
    }
    let year = match year_digits {
        1 | 2 if year < 50 => 2000 + year,
        1 | 2 => 1900 + year,
        3 => 1900 + year,
        4 => year,
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let (mut hour, minute, second) = parts.time.unwrap_or((0, 0, 0));
    match parts.pm {
        Some(_) if hour == 0 || hour > 12 => return None,
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    let (time, next_day) = clock(hour, minute, second)?;
    instant(date, time, next_day, parts.offset.unwrap_or(0))
}
