//! IAM access keys that expire: whether a key's expiry is near enough to warn about, and how
//! long a token issued with it may be trusted (never past the key).

use jiff::{SignedDuration, Timestamp};

/// How many days ahead kcred warns of a key's expiry when nothing else is set.
pub const DEFAULT_WARNING_DAYS: i64 = 14;

/// What a key's expiry means now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outlook {
    /// The key has expired: nothing it issues works.
    Expired,
    /// The key expires within the warning window, this far ahead.
    Soon(SignedDuration),
    /// Further ahead than the window.
    Later,
}

/// Where `expires_at` stands at `now`, warning `window` ahead.
pub fn outlook(expires_at: Timestamp, now: Timestamp, window: SignedDuration) -> Outlook {
    let left = expires_at.duration_since(now);
    if left <= SignedDuration::ZERO {
        Outlook::Expired
    } else if left <= window {
        Outlook::Soon(left)
    } else {
        Outlook::Later
    }
}

/// Until when a token is trusted: its own expiry, or its key's when that comes first (and is
/// still ahead: a key already past its expiry by this machine's clock issued the token all
/// the same, so the clock or the record is wrong, and the token's own word stands).
pub fn trusted_until(
    token_expires_at: Timestamp,
    key_expires_at: Option<Timestamp>,
    now: Timestamp,
) -> Timestamp {
    match key_expires_at {
        Some(key) if key > now && key < token_expires_at => key,
        _ => token_expires_at,
    }
}

/// The warning window from a number of days (`0` turns the warning off).
pub fn window_from_days(text: &str) -> Result<SignedDuration, String> {
    match text.trim().parse::<u16>() {
        Ok(days) => Ok(SignedDuration::from_hours(i64::from(days) * 24)),
        Err(_) => Err(format!("{text:?} is not a number of days (0 to 65535)")),
    }
}

/// "3 days", "5 hours", "12 minutes": how long is left, for a warning.
pub fn human_left(left: SignedDuration) -> String {
    let secs = left.as_secs().max(0);
    let (count, unit) = if secs >= 2 * 86_400 {
        (secs / 86_400, "days")
    } else if secs >= 2 * 3600 {
        (secs / 3600, "hours")
    } else if secs >= 120 {
        (secs / 60, "minutes")
    } else {
        return "a minute or so".to_string();
    };
    format!("{count} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_key_is_expired_soon_or_later_by_the_window() {
        let now = at("2026-12-04T00:00:00Z");
        let window = SignedDuration::from_hours(14 * 24);
        assert_eq!(
            outlook(at("2026-12-03T00:00:00Z"), now, window),
            Outlook::Expired
        );
        assert_eq!(outlook(now, now, window), Outlook::Expired);
        assert_eq!(
            outlook(at("2026-12-10T00:00:00Z"), now, window),
            Outlook::Soon(SignedDuration::from_hours(6 * 24))
        );
        assert_eq!(
            outlook(at("2026-12-18T00:00:00Z"), now, window),
            Outlook::Soon(window),
            "the window's last moment is inside"
        );
        assert_eq!(
            outlook(at("2026-12-19T00:00:00Z"), now, window),
            Outlook::Later
        );
        assert_eq!(
            outlook(at("2026-12-05T00:00:00Z"), now, SignedDuration::ZERO),
            Outlook::Later,
            "a window of 0 days never warns ahead"
        );
    }

    #[test]
    fn a_token_is_never_trusted_past_its_key() {
        let now = at("2026-12-04T00:00:00Z");
        let token = at("2026-12-04T12:00:00Z");
        assert_eq!(trusted_until(token, None, now), token);
        assert_eq!(
            trusted_until(token, Some(at("2026-12-04T06:00:00Z")), now),
            at("2026-12-04T06:00:00Z")
        );
        assert_eq!(
            trusted_until(token, Some(at("2027-01-01T00:00:00Z")), now),
            token
        );
        assert_eq!(
            trusted_until(token, Some(at("2026-12-01T00:00:00Z")), now),
            token,
            "a key expired by this clock did issue it: the token's word stands"
        );
    }

    #[test]
    fn the_window_is_a_whole_number_of_days() {
        assert_eq!(window_from_days("14"), Ok(SignedDuration::from_hours(336)));
        assert_eq!(window_from_days("0"), Ok(SignedDuration::ZERO));
        for bad in ["", "-1", "1.5", "two", "99999999"] {
            assert!(window_from_days(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn time_left_is_said_in_the_largest_fitting_unit() {
        assert_eq!(human_left(SignedDuration::from_hours(24 * 13)), "13 days");
        assert_eq!(human_left(SignedDuration::from_hours(30)), "30 hours");
        assert_eq!(human_left(SignedDuration::from_secs(90)), "a minute or so");
        assert_eq!(human_left(SignedDuration::from_mins(100)), "100 minutes");
    }

    #[test]
    fn time_left_changes_unit_at_two_of_the_larger() {
        let secs = SignedDuration::from_secs;
        assert_eq!(human_left(secs(2 * 86_400)), "2 days");
        assert_eq!(human_left(secs(2 * 86_400 - 1)), "47 hours");
        assert_eq!(human_left(secs(2 * 3600)), "2 hours");
        assert_eq!(human_left(secs(2 * 3600 - 1)), "119 minutes");
        assert_eq!(human_left(secs(120)), "2 minutes");
        assert_eq!(human_left(secs(119)), "a minute or so");
        assert_eq!(human_left(secs(-5)), "a minute or so", "never negative");
    }

    #[test]
    fn the_window_takes_the_largest_count_and_spaces_around_it() {
        assert_eq!(
            window_from_days(" 7 "),
            Ok(SignedDuration::from_hours(7 * 24))
        );
        assert_eq!(
            window_from_days("65535"),
            Ok(SignedDuration::from_hours(65535 * 24))
        );
        let err = window_from_days("65536").unwrap_err();
        assert_eq!(err, "\"65536\" is not a number of days (0 to 65535)");
        assert!(
            window_from_days("+3").is_ok(),
            "a leading plus is still a count"
        );
    }

    #[test]
    fn a_key_expiring_with_its_token_or_now_leaves_the_token_s_own_expiry() {
        let now = at("2026-12-04T00:00:00Z");
        let token = at("2026-12-04T12:00:00Z");
        assert_eq!(trusted_until(token, Some(token), now), token);
        assert_eq!(trusted_until(token, Some(now), now), token);
        let just_after = at("2026-12-04T00:00:01Z");
        assert_eq!(trusted_until(token, Some(just_after), now), just_after);
    }

    #[test]
    fn a_key_one_second_from_expiry_is_soon_whatever_the_window() {
        let now = at("2026-12-04T00:00:00Z");
        assert_eq!(
            outlook(
                at("2026-12-04T00:00:01Z"),
                now,
                SignedDuration::from_secs(1)
            ),
            Outlook::Soon(SignedDuration::from_secs(1))
        );
        assert_eq!(
            outlook(
                at("2100-01-01T00:00:00Z"),
                now,
                SignedDuration::from_hours(24 * 65535)
            ),
            Outlook::Soon(at("2100-01-01T00:00:00Z").duration_since(now))
        );
    }
}
