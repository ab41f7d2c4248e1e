//! The review queue's decisions: who may accept or reject a held figure
//! (crate::domain::review::may_decide), then the store's decision, which
//! records an accepted figure as a revision and keeps a rejected one.

use crate::domain::Decision;
use crate::domain::review::{NotAllowed, Reviewer, may_decide};
use crate::store::{self, ReviewRow, Store};

/// Why a decision was not taken.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReviewError {
    /// The reviewer may not decide on this figure (the words say why).
    #[error("{0}")]
    NotAllowed(String),
    /// No such figure, no longer held, or a newer figure was recorded since.
    #[error(transparent)]
    Store(#[from] store::Error),
    /// No reason given where one is needed.
    #[error("{0}")]
    NoReason(String),
}

/// Accept or reject held figure `id` as `who` (asked about the figure's
/// region by `writes_region`), with `reason`.
pub(crate) async fn decide(
    store: &Store,
    id: i64,
    decision: Decision,
    who: &str,
    admin: bool,
    writes_region: impl FnOnce(&str) -> bool,
    reason: Option<&str>,
) -> Result<ReviewRow, ReviewError> {
    let row = store.review(id).await?;
    let reviewer = Reviewer {
        name: who,
        admin,
        writes_region: writes_region(&row.region),
    };
    match may_decide(reviewer, &row.entered_by) {
        Ok(()) => {}
        Err(NotAllowed::NotOfRegion) => {
            return Err(ReviewError::NotAllowed(format!(
                "{who:?} may not {} figures of region {:?}: an admin or an operator of that \
                 region decides",
                decision.as_str(),
                row.region
            )));
        }
        Err(NotAllowed::OwnFigure) => {
            return Err(ReviewError::NotAllowed(format!(
                "{who:?} entered figure {id} and may not {} it: a second operator of region {:?} \
                 or an admin decides (to keep it at once, enter it again with a confirm reason)",
                decision.as_str(),
                row.region
            )));
        }
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    Ok(store.decide_review(id, decision, who, reason).await?)
}

/// Confirm held figure `id` as `who`, who entered it and (asked by
/// `writes_region`) still writes its region, with a reason: it is
/// recorded at once.
pub(crate) async fn confirm(
    store: &Store,
    id: i64,
    who: &str,
    writes_region: impl FnOnce(&str) -> bool,
    reason: &str,
) -> Result<ReviewRow, ReviewError> {
    let row = store.review(id).await?;
    if row.entered_by != who || !writes_region(&row.region) {
        return Err(ReviewError::NotAllowed(format!(
            "{who:?} did not enter figure {id}: only the one who entered it confirms it; \
             others accept or reject it"
        )));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ReviewError::NoReason(
            "give the reason the figure is right, e.g. \"confirmed with the customs office\""
                .into(),
        ));
    }
    Ok(store.confirm_review(id, who, reason).await?)
}
