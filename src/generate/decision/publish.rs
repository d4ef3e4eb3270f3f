//! Publication on the village affairs board (`disclosure.published`): a passed resolution is
//! published within days of the vote, reviewed by the head of the supervisory committee.

use chrono::NaiveDateTime;
use rand::Rng;

use super::rules::publication_deadline;
use crate::generate::approvals::office_time_after;
use crate::generate::context::Ctx;
use crate::generate::json::{array, JsonObject};
use crate::generate::time::at;
use crate::generate::village::VillageState;

/// One published item: events.md `item_type` and the object published, if any.
pub type PublishedItem<'a> = (&'a str, Option<&'a str>);

/// Schedules a publication of village affairs (`category` affairs) at `when`; returns its id.
pub fn publish_affairs(
    ctx: &mut Ctx,
    v: &VillageState,
    when: NaiveDateTime,
    items: &[PublishedItem],
    reviewed_by: Option<&str>,
) -> String {
    publish(
        ctx,
        v,
        when,
        Publication {
            category: "affairs",
            period: None,
            totals: None,
        },
        items,
        reviewed_by,
    )
}

/// What sets a publication apart besides its items: category, period, and the published income
/// and expense of a finance publication.
#[derive(Debug, Clone)]
pub struct Publication {
    pub category: &'static str,
    pub period: Option<String>,
    pub totals: Option<(crate::generate::json::Fen, crate::generate::json::Fen)>,
}

/// Schedules a publication at `when`; returns its id.
pub fn publish(
    ctx: &mut Ctx,
    v: &VillageState,
    when: NaiveDateTime,
    publication: Publication,
    items: &[PublishedItem],
    reviewed_by: Option<&str>,
) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|(item_type, ref_id)| {
            let mut o = JsonObject::new();
            o.string("item_type", item_type);
            if let Some(r) = ref_id {
                o.string("ref_id", r);
            }
            o.finish()
        })
        .collect();
    let id = ctx.ids.disclosure();
    let mut o = JsonObject::new();
    o.string("disclosure_id", &id)
        .string("category", publication.category);
    if let Some(period) = &publication.period {
        o.string("period", period);
    }
    o.raw("items", &array(&items));
    if let Some((income, expense)) = publication.totals {
        o.money("income_total", income)
            .money("expense_total", expense);
    }
    if let Some(reviewer) = reviewed_by {
        o.string("reviewed_by", reviewer);
    }
    ctx.events
        .schedule("disclosure.published", v.place(), when, o.finish());
    id
}

/// When an ordinary publication of a resolution voted at `voted_at` happens: an hour to two days
/// later in office hours, never after the deadline nor after the last day written.
pub fn ordinary_publication_time(
    ctx: &Ctx,
    rng: &mut rand_chacha::ChaCha8Rng,
    voted_at: NaiveDateTime,
) -> NaiveDateTime {
    let minutes = rng.gen_range(60..=2 * 24 * 60);
    let when = office_time_after(rng, voted_at, minutes);
    when.min(publication_deadline(voted_at))
        .min(at(ctx.last_day, 23, 59, 59))
        .max(voted_at)
}

/// Publishes a passed resolution in time, reviewed by the supervisory committee.
pub fn publish_resolution(
    ctx: &mut Ctx,
    v: &mut VillageState,
    resolution_id: &str,
    voted_at: NaiveDateTime,
) {
    let when = ordinary_publication_time(ctx, &mut v.decision.rng, voted_at);
    let reviewer = v.officials.supervisor.clone();
    publish_affairs(
        ctx,
        v,
        when,
        &[("resolution", Some(resolution_id))],
        Some(&reviewer),
    );
}
