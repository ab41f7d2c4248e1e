//! `UNIT_MULT`: the power of ten a feed's values are stated in, and moving a
//! value into its indicator's unit. The move is done on the decimal text, so
//! the figure is the double nearest the exact result, as if the feed had
//! published it in that unit: 76.48 at 10^9 into a unit of 10^8 is 764.8,
//! where multiplying doubles gives 764.8000000000001.

use crate::domain::Invalid;
use crate::domain::catalogue::UNIT_MULT_RANGE;
use crate::domain::echo::echo;
use crate::domain::figure::parse_value;
use std::borrow::Cow;

/// A row's `UNIT_MULT` code; empty (not stated) is 0.
pub(super) fn unit_mult(code: &str) -> Result<i32, Invalid> {
    if code.is_empty() {
        return Ok(0);
    }
    code.parse::<i32>()
        .ok()
        .filter(|m| UNIT_MULT_RANGE.contains(m))
        .ok_or_else(|| {
            Invalid::new(
                "bad_unit_mult",
                format!(
                    "{} is not a power of ten waymark can apply (expected a whole number from {} to {})",
                    echo(code),
                    UNIT_MULT_RANGE.start(),
                    UNIT_MULT_RANGE.end()
                ),
            )
        })
}

/// `value × 10^shift` as decimal text, within the figure bounds. Text that
/// is not a plain decimal number comes back as it is, for the validator to
/// report as given.
pub(super) fn scaled(value: &str, shift: i32) -> Result<Cow<'_, str>, Invalid> {
    if shift == 0 {
        return Ok(Cow::Borrowed(value));
    }
    let Some(moved) = shift_decimal(value, shift) else {
        return Ok(Cow::Borrowed(value));
    };
    parse_value(&moved)?;
    Ok(Cow::Owned(moved))
}

/// `text × 10^shift`, written by moving the decimal point (or changing the
/// exponent, when the text has one); `None` unless `text` is a plain decimal
/// number such as `-761.2`, `.5` or `1.2e3`.
pub(super) fn shift_decimal(text: &str, shift: i32) -> Option<String> {
    let t = text.trim();
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(at) => (&t[..at], Some(&t[at + 1..])),
        None => (t, None),
    };
    let (sign, unsigned) = match mantissa.as_bytes().first()? {
        b'-' => ("-", &mantissa[1..]),
        b'+' => ("", &mantissa[1..]),
        _ => ("", mantissa),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    if let Some(exponent) = exponent {
        let e = exponent.parse::<i32>().ok()?.checked_add(shift)?;
        return Some(format!("{sign}{unsigned}e{e}"));
    }
    let all = format!("{int}{frac}");
    // Where the point goes, counted in digits from the left of `all`.
    let point = i64::try_from(int.len()).ok()? + i64::from(shift);
    let len = i64::try_from(all.len()).ok()?;
    let zeros = |n: i64| "0".repeat(usize::try_from(n).unwrap_or(0));
    let (whole, fraction) = if point <= 0 {
        (String::new(), format!("{}{all}", zeros(-point)))
    } else if point >= len {
        (format!("{all}{}", zeros(point - len)), String::new())
    } else {
        let at = usize::try_from(point).ok()?;
        (all[..at].to_string(), all[at..].to_string())
    };
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let fraction = fraction.trim_end_matches('0');
    Some(if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    })
}

#[cfg(test)]
mod tests {
    use super::{scaled, shift_decimal, unit_mult};
    use proptest::prelude::*;

    #[test]
    fn unit_mult_is_a_whole_power_of_ten_within_range() {
        for (code, want) in [
            ("", 0),
            ("0", 0),
            ("9", 9),
            ("-3", -3),
            ("+8", 8),
            ("20", 20),
        ] {
            assert_eq!(unit_mult(code), Ok(want), "{code:?}");
        }
        for bad in ["x", "2.5", "99", "-21", "9e0", "1 0", "８"] {
            let e = unit_mult(bad).unwrap_err().message;
            assert_eq!(
                e,
                format!(
                    "{bad:?} is not a power of ten waymark can apply (expected a whole number from -20 to 20)"
                )
            );
        }
    }

    #[test]
    fn the_point_moves_on_the_text() {
        for (text, shift, want) in [
            ("761.2", 1, "7612"),
            ("761.2", 9, "761200000000"),
            ("762400", -2, "7624"),
            ("76.48", 1, "764.8"),
            (".5", -2, "0.005"),
            ("-0.0035", 3, "-3.5"),
            ("+12", -1, "1.2"),
            ("0.000", 3, "0"),
            ("007.50", 0, "7.5"),
            ("5.", 2, "500"),
            ("-1.5e3", 2, "-1.5e5"),
            ("2E-4", -3, "2e-7"),
        ] {
            assert_eq!(
                shift_decimal(text, shift).as_deref(),
                Some(want),
                "{text} {shift}"
            );
        }
        for not_plain in [
            "",
            ".",
            "-",
            "abc",
            "1,5",
            "1.2.3",
            "1e",
            "1e2.5",
            "1e99999999999",
            "0x10",
            "NaN",
        ] {
            assert_eq!(shift_decimal(not_plain, 3), None, "{not_plain:?}");
        }
    }

    #[test]
    fn scaling_is_exact_where_multiplying_doubles_is_not() {
        // Why the text is moved rather than the double multiplied.
        assert_ne!(76.48_f64 * 10.0, 764.8);
        let v: f64 = scaled("76.48", 1).unwrap().parse().unwrap();
        assert_eq!(v, 764.8);
        let v: f64 = scaled("761.2", 9 - 8).unwrap().parse().unwrap();
        assert_eq!(v, 7612.0);
    }

    #[test]
    fn scaling_keeps_the_figure_bounds_and_leaves_bad_text_to_the_validator() {
        assert_eq!(scaled("1", 15).unwrap(), "1000000000000000");
        let e = scaled("1.1", 15).unwrap_err().message;
        assert!(e.contains("\"1100000000000000\" (out of range"), "{e}");
        assert_eq!(scaled("12,5", 3).unwrap(), "12,5");
        assert_eq!(scaled("7.0", 0).unwrap(), "7.0");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// The moved text parses to the same double as the exact product
        /// written another way: all the digits, and the exponent that puts
        /// the point back, shifted.
        #[test]
        fn shifting_the_text_gives_the_exact_decimal_result(
            negative in any::<bool>(),
            int in "[0-9]{0,12}",
            frac in "[0-9]{0,9}",
            exponent in proptest::option::of(-30i32..30),
            shift in -40i32..=40,
        ) {
            prop_assume!(!(int.is_empty() && frac.is_empty()));
            let sign = if negative { "-" } else { "" };
            let e = exponent.map(|e| format!("e{e}")).unwrap_or_default();
            let text = format!("{sign}{int}.{frac}{e}");
            let moved = shift_decimal(&text, shift).expect("a plain decimal");
            prop_assert_eq!(moved.contains('e'), exponent.is_some(), "{}", moved);
            let frac_len = i32::try_from(frac.len()).unwrap();
            let exact = format!("{sign}{int}{frac}e{}", exponent.unwrap_or(0) + shift - frac_len);
            let got: f64 = moved.parse().unwrap();
            let want: f64 = exact.parse().unwrap();
            prop_assert_eq!(got.to_bits(), want.to_bits(), "{} moved {} is {}, exact {}", text, shift, moved, exact);
        }
    }
}
