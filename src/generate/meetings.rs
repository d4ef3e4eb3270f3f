//! Village meetings and their resolutions (`meeting.resolved`): the villager representatives
//! deciding a major matter (a project, a major change of a contract) before it is carried out.
//! A resolution is entered in the village's contract book, which CON-05 consults, and a passed
//! one is published within days (DEC-04).

use chrono::NaiveDateTime;
use rand::Rng;

use super::context::Ctx;
use super::decision::publish::publish_resolution;
use super::ids::IdAllocator;
use super::json::JsonObject;
use super::village::VillageState;

#[derive(Debug, Clone)]
pub struct Resolution {
    pub resolution_id: String,
    /// events.md `meeting_type`.
    pub meeting_type: &'static str,
    /// `five_step` for a major matter.
    pub procedure: &'static str,
    pub subject_ids: Vec<String>,
    pub passed: bool,
    pub expected_attendees: i64,
    pub present_attendees: i64,
    pub title: String,
}

impl Resolution {
    /// A five-step resolution of the villager representatives on `subject_ids`, voted with at
    /// least two thirds of them present.
    pub fn of_representatives(
        ids: &mut IdAllocator,
        rng: &mut impl Rng,
        subject_ids: Vec<String>,
        title: String,
        passed: bool,
    ) -> Self {
        let expected = rng.gen_range(25..=60);
        let quorum = (2 * expected + 2) / 3;
        Self {
            resolution_id: ids.resolution(),
            meeting_type: "villager_reps",
            procedure: "five_step",
            subject_ids,
            passed,
            expected_attendees: expected,
            present_attendees: rng.gen_range(quorum..=expected),
            title,
        }
    }

    pub fn payload(&self) -> String {
        let mut o = JsonObject::new();
        o.string("resolution_id", &self.resolution_id)
            .string("meeting_type", self.meeting_type)
            .string("procedure", self.procedure)
            .strings("subject_ids", &self.subject_ids)
            .boolean("passed", self.passed)
            .integer("expected_attendees", self.expected_attendees)
            .integer("present_attendees", self.present_attendees)
            .string("title", &self.title);
        o.finish()
    }
}

/// Schedules the vote of `r` at `at`, enters it in the contract book and, when it passed,
/// publishes it in time.
pub fn hold(ctx: &mut Ctx, v: &mut VillageState, r: &Resolution, at: NaiveDateTime) {
    convene(ctx, v, r, at);
    if r.passed {
        publish_resolution(ctx, v, &r.resolution_id, at);
    }
}

/// Schedules the vote of `r` at `at` and enters it in the contract book; publication is up to
/// the caller.
pub fn convene(ctx: &mut Ctx, v: &mut VillageState, r: &Resolution, at: NaiveDateTime) {
    ctx.events
        .schedule("meeting.resolved", v.place(), at, r.payload());
    v.contracts.resolve(&r.resolution_id, at, r.passed);
}
