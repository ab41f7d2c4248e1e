//! Review of figures before they count: which figures an indicator holds
//! back (its `review` setting and its rules' `rule_severity`), the states a
//! held figure goes through, and who may decide on one. Pure.

use std::fmt;

/// An indicator's `review` setting: which of its figures wait for a second
/// person before they count in status, reports and alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ReviewPolicy {
    /// Figures the suspect check flags, or that break a rule of `warn` severity (the default).
    #[default]
    Suspect,
    /// None: a suspect figure is recorded with a warning only.
    Never,
    /// Every new or revised figure.
    Always,
}

impl ReviewPolicy {
    /// The setting as the catalogue spells it.
    #[cfg(test)]
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ReviewPolicy::Suspect => "suspect",
            ReviewPolicy::Never => "never",
            ReviewPolicy::Always => "always",
        }
    }

    /// The setting the catalogue's text names, or why it names none.
    pub(crate) fn parse(s: &str) -> Result<ReviewPolicy, String> {
        match s {
            "suspect" => Ok(ReviewPolicy::Suspect),
            "never" => Ok(ReviewPolicy::Never),
            "always" => Ok(ReviewPolicy::Always),
            other => Err(format!(
                "{} is not a review setting (expected \"suspect\", \"never\" or \"always\")",
                crate::domain::echo::echo(other)
            )),
        }
    }

    /// Whether a figure is held, given whether it looks suspect (the
    /// suspect check, or a broken rule of `warn` severity).
    pub(crate) fn holds(self, suspect: bool) -> bool {
        match self {
            ReviewPolicy::Suspect => suspect,
            ReviewPolicy::Never => false,
            ReviewPolicy::Always => true,
        }
    }
}

/// What breaking an indicator's `min`, `max` or `integer` rule does
/// (`rule_severity`): refuse the figure (the default), or take it and hold
/// it for review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RuleSeverity {
    #[default]
    Refuse,
    Warn,
}

impl RuleSeverity {
    /// The severity the catalogue's text names, or why it names none.
    pub(crate) fn parse(s: &str) -> Result<RuleSeverity, String> {
        match s {
            "refuse" => Ok(RuleSeverity::Refuse),
            "warn" => Ok(RuleSeverity::Warn),
            other => Err(format!(
                "{} is not a rule severity (expected \"refuse\" or \"warn\")",
                crate::domain::echo::echo(other)
            )),
        }
    }
}

/// Where a figure held for review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ReviewState {
    /// Waiting: not counted anywhere.
    Held,
    /// Accepted by a second person: a revision from the time of the decision.
    Accepted,
    /// Rejected: never counted, kept in the history.
    Rejected,
    /// Confirmed by the person who entered it, with a reason, as it came in.
    Confirmed,
}

impl ReviewState {
    /// The state as stored and as the API names it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ReviewState::Held => "held",
            ReviewState::Accepted => "accepted",
            ReviewState::Rejected => "rejected",
            ReviewState::Confirmed => "confirmed",
        }
    }

    /// The state a stored name stands for.
    pub(crate) fn parse(s: &str) -> Option<ReviewState> {
        Some(match s {
            "held" => ReviewState::Held,
            "accepted" => ReviewState::Accepted,
            "rejected" => ReviewState::Rejected,
            "confirmed" => ReviewState::Confirmed,
            _ => return None,
        })
    }
}

impl fmt::Display for ReviewState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A decision on a held figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Decision {
    Accept,
    Reject,
}

impl Decision {
    /// The action as the API and the command line name it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::Reject => "reject",
        }
    }

    /// The state a held figure ends in.
    pub(crate) fn state(self) -> ReviewState {
        match self {
            Decision::Accept => ReviewState::Accepted,
            Decision::Reject => ReviewState::Rejected,
        }
    }
}

/// Who wants to decide on a held figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reviewer<'a> {
    pub(crate) name: &'a str,
    /// An administrator (or the command line, which has the database).
    pub(crate) admin: bool,
    /// Whether the reviewer may write figures of the figure's region.
    pub(crate) writes_region: bool,
}

/// Why a reviewer may not decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotAllowed {
    /// Neither an admin nor an operator of the figure's region.
    NotOfRegion,
    /// The operator who entered the figure: a second person must look.
    OwnFigure,
}

/// Whether `who` may accept or reject a figure `entered_by` entered: an
/// admin may; an operator of the figure's region may, unless it is the
/// one who entered it (that one confirms at entry, with a reason).
pub(crate) fn may_decide(who: Reviewer<'_>, entered_by: &str) -> Result<(), NotAllowed> {
    if who.admin {
        return Ok(());
    }
    if !who.writes_region {
        return Err(NotAllowed::NotOfRegion);
    }
    if who.name == entered_by {
        return Err(NotAllowed::OwnFigure);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_setting_holds_what_it_says() {
        assert!(ReviewPolicy::Suspect.holds(true));
        assert!(!ReviewPolicy::Suspect.holds(false));
        assert!(!ReviewPolicy::Never.holds(true));
        assert!(ReviewPolicy::Always.holds(false));
        for p in [
            ReviewPolicy::Suspect,
            ReviewPolicy::Never,
            ReviewPolicy::Always,
        ] {
            assert_eq!(ReviewPolicy::parse(p.as_str()), Ok(p));
        }
        let e = ReviewPolicy::parse("sometimes").unwrap_err();
        assert!(
            e.contains("\"sometimes\"") && e.contains("\"never\""),
            "{e}"
        );
        assert_eq!(RuleSeverity::parse("warn"), Ok(RuleSeverity::Warn));
        assert!(RuleSeverity::parse("error").is_err());
    }

    #[test]
    fn a_second_operator_of_the_region_or_an_admin_decides_never_the_one_who_entered_it() {
        let op = |name, writes_region| Reviewer {
            name,
            admin: false,
            writes_region,
        };
        assert_eq!(
            may_decide(op("ana", true), "ana"),
            Err(NotAllowed::OwnFigure)
        );
        assert_eq!(may_decide(op("bo", true), "ana"), Ok(()));
        assert_eq!(
            may_decide(op("bo", false), "ana"),
            Err(NotAllowed::NotOfRegion)
        );
        let admin = Reviewer {
            name: "ana",
            admin: true,
            writes_region: true,
        };
        assert_eq!(may_decide(admin, "ana"), Ok(()));
    }

    #[test]
    fn states_read_back_as_stored() {
        for s in [
            ReviewState::Held,
            ReviewState::Accepted,
            ReviewState::Rejected,
            ReviewState::Confirmed,
        ] {
            assert_eq!(ReviewState::parse(s.as_str()), Some(s));
        }
        assert_eq!(ReviewState::parse("pending"), None);
        assert_eq!(Decision::Reject.state(), ReviewState::Rejected);
    }
}
