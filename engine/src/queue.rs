//! The alert queue as one user sees it: filters, sort orders and keyset pagination, with the
//! boundary of a store that answers it ([`QueueStore`]) and the reference rules in Rust
//! ([`QueueQuery::matches`], [`sort_key`]) that the SQL stores are tested against.
//!
//! Instants are compared in whole milliseconds since the epoch (what the SQL stores index), so
//! that the stores and these rules agree to the millisecond whatever offset a timestamp is
//! written in.

use crate::alert::{AlertKind, Color};
use crate::lifecycle::TrackedAlert;
use crate::scope::may_see;
use crate::store::StoreError;
use crate::users::User;
use crate::values::Timestamp;
use std::future::Future;

/// The largest page a caller may ask for.
pub const MAX_LIMIT: usize = 500;
/// The page size when the caller names none.
pub const DEFAULT_LIMIT: usize = 50;

/// How a queue is ordered. Ties are broken by alert_id in the same direction, so the order is
/// total and a cursor names one place in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum QueueSort {
    /// Newest first (the default).
    #[default]
    DetectedDesc,
    /// Oldest first.
    DetectedAsc,
    /// The pending deadline first: the ack deadline of a red alert, the close deadline of a
    /// yellow or green one.
    DeadlineAsc,
}

impl QueueSort {
    /// Every sort order, in the order the API lists them.
    pub const ALL: [QueueSort; 3] = [
        QueueSort::DetectedDesc,
        QueueSort::DetectedAsc,
        QueueSort::DeadlineAsc,
    ];

    /// The name the API uses: `detected_desc`, `detected_asc`, `deadline_asc`.
    pub fn as_str(self) -> &'static str {
        match self {
            QueueSort::DetectedDesc => "detected_desc",
            QueueSort::DetectedAsc => "detected_asc",
            QueueSort::DeadlineAsc => "deadline_asc",
        }
    }

    pub fn parse(text: &str) -> Option<QueueSort> {
        QueueSort::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the order is descending.
    pub fn descending(self) -> bool {
        matches!(self, QueueSort::DetectedDesc)
    }
}

/// Which holder to list: a route target, and for `dept` optionally one department code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HolderFilter {
    /// `village`, `township_commission`, `city_commission` or `dept`.
    pub target: String,
    pub dept: Option<String>,
}

impl HolderFilter {
    /// `village`, `township_commission`, `city_commission`, `dept` or `dept:<code>`.
    pub fn parse(text: &str) -> Option<HolderFilter> {
        if let Some(code) = text.strip_prefix("dept:") {
            return crate::departments::is_department(code).then(|| HolderFilter {
                target: "dept".into(),
                dept: Some(code.to_string()),
            });
        }
        matches!(
            text,
            "village" | "township_commission" | "city_commission" | "dept"
        )
        .then(|| HolderFilter {
            target: text.to_string(),
            dept: None,
        })
    }
}

/// The place after which a page starts: the last alert of the previous page, by its sort key
/// and id. Opaque to clients ([`Cursor::encode`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub sort: QueueSort,
    /// Milliseconds since the epoch (see [`sort_key`]).
    pub key: i64,
    pub alert_id: String,
}

impl Cursor {
    /// Hex of `sort:key:alert_id`: opaque, URL-safe, and checked when read back.
    pub fn encode(&self) -> String {
        let text = format!("{}:{}:{}", self.sort.as_str(), self.key, self.alert_id);
        text.bytes().map(|b| format!("{b:02x}")).collect()
    }

    /// Reads a cursor written by [`Cursor::encode`]; `None` for anything else.
    pub fn decode(text: &str) -> Option<Cursor> {
        if text.len() > 1024 {
            return None;
        }
        let bytes: Option<Vec<u8>> = text
            .as_bytes()
            .chunks(2)
            .map(|pair| {
                let pair = std::str::from_utf8(pair).ok().filter(|p| p.len() == 2)?;
                u8::from_str_radix(pair, 16).ok()
            })
            .collect();
        let text = String::from_utf8(bytes?).ok()?;
        let mut parts = text.splitn(3, ':');
        let sort = QueueSort::parse(parts.next()?)?;
        let key = parts.next()?.parse().ok()?;
        let alert_id = parts.next()?.to_string();
        (!alert_id.is_empty()).then_some(Cursor {
            sort,
            key,
            alert_id,
        })
    }
}

/// One request for a page of the queue. Every filter left `None` lets everything through.
#[derive(Clone, Debug)]
pub struct QueueQuery {
    pub color: Option<Color>,
    pub kind: Option<AlertKind>,
    /// Catalog category key.
    pub category: Option<String>,
    /// A threshold id or code.
    pub threshold: Option<String>,
    /// Where it happened (not who holds it).
    pub township_id: Option<String>,
    pub village_id: Option<String>,
    /// Who holds it now.
    pub holder: Option<HolderFilter>,
    /// `Some(true)`: only alerts overdue at `now` ([`is_overdue`]); `Some(false)`: only the others.
    pub overdue: Option<bool>,
    /// detected_at at or after this instant.
    pub detected_from: Option<Timestamp>,
    /// detected_at before this instant.
    pub detected_to: Option<Timestamp>,
    /// Found in the message, the village id or the threshold code (case-insensitive for ASCII).
    pub text: Option<String>,
    pub sort: QueueSort,
    /// At most this many alerts (1..=[`MAX_LIMIT`]).
    pub limit: usize,
    /// Start after this place; its sort must be `sort`.
    pub after: Option<Cursor>,
    /// The time `overdue` is judged at.
    pub now: Timestamp,
}

impl QueueQuery {
    /// Everything, newest first, a default page, judged at `now`.
    pub fn new(now: Timestamp) -> QueueQuery {
        QueueQuery {
            color: None,
            kind: None,
            category: None,
            threshold: None,
            township_id: None,
            village_id: None,
            holder: None,
            overdue: None,
            detected_from: None,
            detected_to: None,
            text: None,
            sort: QueueSort::default(),
            limit: DEFAULT_LIMIT,
            after: None,
            now,
        }
    }

    /// Whether `tracked` passes the filters (scope and cursor aside): the reference for stores.
    pub fn matches(&self, tracked: &TrackedAlert) -> bool {
        let a = &tracked.alert;
        let eq = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        let detected = millis_of(&a.detected_at);
        self.color.is_none_or(|c| c == a.color)
            && self.kind.is_none_or(|k| k == a.kind)
            && eq(&self.category, &a.category)
            && self
                .threshold
                .as_deref()
                .is_none_or(|t| t == a.threshold_id || t == a.threshold_code)
            && eq(&self.township_id, &a.township_id)
            && eq(&self.village_id, &a.village_id)
            && self.holder.as_ref().is_none_or(|h| {
                h.target == a.route.target
                    && h.dept
                        .as_ref()
                        .is_none_or(|d| Some(d) == a.route.dept.as_ref())
            })
            && self
                .overdue
                .is_none_or(|o| o == is_overdue(tracked, self.now))
            && self.detected_from.is_none_or(|f| detected >= millis(f))
            && self.detected_to.is_none_or(|t| detected < millis(t))
            && self.text.as_deref().is_none_or(|t| {
                let needle = t.to_ascii_lowercase();
                [&a.message, &a.village_id, &a.threshold_code]
                    .iter()
                    .any(|hay| hay.to_ascii_lowercase().contains(&needle))
            })
    }

    /// Whether `tracked` comes after the cursor in this query's order.
    pub fn after_cursor(&self, tracked: &TrackedAlert) -> bool {
        let Some(cursor) = &self.after else {
            return true;
        };
        let mine = (
            sort_key(tracked, self.sort),
            tracked.alert.alert_id.as_str(),
        );
        let theirs = (cursor.key, cursor.alert_id.as_str());
        if self.sort.descending() {
            mine < theirs
        } else {
            mine > theirs
        }
    }

    /// The page `user` gets from `alerts` (all of a store's alerts): the reference answer.
    pub fn page_of(
        &self,
        user: &User,
        alerts: impl IntoIterator<Item = TrackedAlert>,
    ) -> QueuePage {
        let mut items: Vec<TrackedAlert> = alerts
            .into_iter()
            .filter(|t| may_see(user, &t.alert) && self.matches(t) && self.after_cursor(t))
            .collect();
        items.sort_by(|x, y| {
            let kx = (sort_key(x, self.sort), &x.alert.alert_id);
            let ky = (sort_key(y, self.sort), &y.alert.alert_id);
            if self.sort.descending() {
                ky.cmp(&kx)
            } else {
                kx.cmp(&ky)
            }
        });
        QueuePage::from_rows(items, self)
    }
}

/// A page of the queue and where the next one starts (`None` on the last page).
#[derive(Clone, Debug, PartialEq)]
pub struct QueuePage {
    pub items: Vec<TrackedAlert>,
    pub next: Option<Cursor>,
}

impl QueuePage {
    /// The page from up to `limit + 1` ordered rows: the extra row only says there is more.
    pub fn from_rows(mut rows: Vec<TrackedAlert>, query: &QueueQuery) -> QueuePage {
        let more = rows.len() > query.limit;
        rows.truncate(query.limit);
        let next = rows.last().filter(|_| more).map(|last| Cursor {
            sort: query.sort,
            key: sort_key(last, query.sort),
            alert_id: last.alert.alert_id.clone(),
        });
        QueuePage { items: rows, next }
    }
}

/// Milliseconds since the epoch, rounded down.
pub fn millis(t: Timestamp) -> i64 {
    t.nanos().div_euclid(1_000_000)
}

/// The milliseconds of an RFC 3339 text; 0 when it does not parse (as the stores index it).
pub fn millis_of(text: &str) -> i64 {
    Timestamp::parse(text).map_or(0, millis)
}

/// The key an alert is ordered by under `sort`.
pub fn sort_key(tracked: &TrackedAlert, sort: QueueSort) -> i64 {
    let a = &tracked.alert;
    match sort {
        QueueSort::DetectedDesc | QueueSort::DetectedAsc => millis_of(&a.detected_at),
        QueueSort::DeadlineAsc if a.color == Color::Red => millis_of(&a.ack_deadline),
        QueueSort::DeadlineAsc => millis_of(&a.close_deadline),
    }
}

/// Overdue at `now`: a red alert past its ack deadline, or an open (red or yellow) one past its
/// close deadline. "Past" is strictly after, as for escalation; the deadlines are the current
/// holder's, so an escalated alert is overdue again only when its fresh window runs out.
pub fn is_overdue(tracked: &TrackedAlert, now: Timestamp) -> bool {
    let (acknowledge, close) = missed_deadlines(tracked, now);
    acknowledge || close
}

/// Which deadlines of the alert are missed at `now`: (not acknowledged by its ack deadline and
/// still red, not disposed by its close deadline and still open).
pub fn missed_deadlines(tracked: &TrackedAlert, now: Timestamp) -> (bool, bool) {
    let a = &tracked.alert;
    let now = millis(now);
    (
        a.color == Color::Red && millis_of(&a.ack_deadline) < now,
        a.color != Color::Green && millis_of(&a.close_deadline) < now,
    )
}

/// A store that answers queue queries itself, without handing over every alert.
pub trait QueueStore: Send + Sync {
    /// The page of alerts `user` may see ([`may_see`]) that pass `query`, in its order.
    fn list_queue(
        &self,
        user: &User,
        query: &QueueQuery,
    ) -> impl Future<Output = Result<QueuePage, StoreError>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let cursor = Cursor {
            sort: QueueSort::DeadlineAsc,
            key: -42,
            alert_id: "ab:cd".into(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        for bad in ["", "zz", "abc", "6465746563746564", "x:1:a"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn holder_filters() {
        assert_eq!(
            HolderFilter::parse("dept:civil"),
            Some(HolderFilter {
                target: "dept".into(),
                dept: Some("civil".into())
            })
        );
        assert!(HolderFilter::parse("dept:finance").is_none());
        assert!(HolderFilter::parse("village").is_some());
        assert!(HolderFilter::parse("mayor").is_none());
    }
}
