//! `sup` and `sub` in a terminal: Unicode super/subscript characters when
//! every character has one (x², H₂O), else `^(...)` / `_(...)`.

const SUP: &[(char, char)] = &[
    ('0', '⁰'),
    ('1', '¹'),
    ('2', '²'),
    ('3', '³'),
    ('4', '⁴'),
    ('5', '⁵'),
    ('6', '⁶'),
    ('7', '⁷'),
    ('8', '⁸'),
    ('9', '⁹'),
    ('+', '⁺'),
    ('-', '⁻'),
    ('−', '⁻'),
    ('=', '⁼'),
    ('(', '⁽'),
    (')', '⁾'),
    ('n', 'ⁿ'),
    ('i', 'ⁱ'),
];

const SUB: &[(char, char)] = &[
    ('0', '₀'),
    ('1', '₁'),
    ('2', '₂'),
    ('3', '₃'),
    ('4', '₄'),
    ('5', '₅'),
    ('6', '₆'),
    ('7', '₇'),
    ('8', '₈'),
    ('9', '₉'),
    ('+', '₊'),
    ('-', '₋'),
    ('−', '₋'),
    ('=', '₌'),
    ('(', '₍'),
    (')', '₎'),
];

pub(super) fn sup(text: &str) -> String {
    convert(text, SUP, '^')
}

pub(super) fn sub(text: &str) -> String {
    convert(text, SUB, '_')
}

fn convert(text: &str, table: &[(char, char)], mark: char) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let mapped: Option<String> =
        text.chars().map(|c| table.iter().find(|(from, _)| *from == c).map(|(_, to)| *to)).collect();
    match mapped {
        Some(m) => m,
        None if text.chars().count() == 1 => format!("{mark}{text}"),
        None => format!("{mark}({text})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_scripts() {
        assert_eq!(sup("2"), "²");
        assert_eq!(sup("-10"), "⁻¹⁰");
        assert_eq!(sup("th"), "^(th)");
        assert_eq!(sup("a"), "^a");
        assert_eq!(sub("2"), "₂");
        assert_eq!(sub("max"), "_(max)");
        assert_eq!(sup(" "), "");
    }
}
