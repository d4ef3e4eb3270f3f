//! Topic cunwu.business (events.md §6.4): construction projects and homestead works.

use crate::event::enums::{ConstructionTarget, PartyType};
use crate::event::field::impl_members;
use crate::event::members;
use crate::event::validate::{require, Checked, Validate, ValidationContext};
use crate::values::{Date, Decimal, Money, Text};
use serde::{Deserialize, Serialize};

/// `project.awarded`: bids and award of a construction project.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ProjectAwarded {
    /// Project.
    #[serde(deserialize_with = "members::id")]
    pub project_id: Text,
    /// Every bidder (may be empty).
    #[serde(deserialize_with = "members::objects")]
    pub bidders: Vec<Bidder>,
    /// Winning bidder (中标人).
    #[serde(deserialize_with = "members::id")]
    pub winner_id: Text,
    /// Winning price.
    pub award_amount: Money,
    /// Award date.
    #[serde(deserialize_with = "members::date")]
    pub awarded_on: Date,
}

/// One bidder of a project.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct Bidder {
    /// Bidder (person or company).
    #[serde(deserialize_with = "members::id")]
    pub bidder_id: Text,
    /// Kind of bidder.
    pub bidder_type: PartyType,
    /// Bid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bid_amount: Option<Money>,
}

impl_members!(Bidder {
    bidder_id,
    bidder_type,
    bid_amount
});

impl_members!(ProjectAwarded {
    project_id,
    bidders,
    winner_id,
    award_amount,
    awarded_on
});

impl Validate for ProjectAwarded {}

/// `construction.started`: works started on a village project or on a farmhouse.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ConstructionStarted {
    /// What is being built.
    pub target: ConstructionTarget,
    /// Project. Required when `target` is `project`.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub project_id: Option<Text>,
    /// Homestead application case. Required when `target` is `homestead`.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub homestead_id: Option<Text>,
    /// First day of works.
    #[serde(deserialize_with = "members::date")]
    pub started_on: Date,
    /// Unit actually building on site. Required when `target` is `project`.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub builder_id: Option<Text>,
    /// Footprint being built, m². Required when `target` is `homestead`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_m2: Option<Decimal>,
}

impl ConstructionStarted {
    /// The id the record key uses: `project_id` or `homestead_id`, as `target` says.
    pub fn target_id(&self) -> Option<&Text> {
        match self.target {
            ConstructionTarget::Project => self.project_id.as_ref(),
            ConstructionTarget::Homestead => self.homestead_id.as_ref(),
        }
    }
}

impl_members!(ConstructionStarted {
    target,
    project_id,
    homestead_id,
    started_on,
    builder_id,
    area_m2
});

impl Validate for ConstructionStarted {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        match self.target {
            ConstructionTarget::Project => {
                require(&self.project_id, "project_id", "target is project")?;
                require(&self.builder_id, "builder_id", "target is project")
            }
            ConstructionTarget::Homestead => {
                require(&self.homestead_id, "homestead_id", "target is homestead")?;
                require(&self.area_m2, "area_m2", "target is homestead")
            }
        }
    }
}

/// `project.settled`: final settlement (结算) of a project.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ProjectSettled {
    /// Project.
    #[serde(deserialize_with = "members::id")]
    pub project_id: Text,
    /// Final settlement amount.
    pub settled_amount: Money,
    /// Settlement date.
    #[serde(deserialize_with = "members::date")]
    pub settled_on: Date,
    /// Unit that built it, as settled.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub builder_id: Option<Text>,
}

impl_members!(ProjectSettled {
    project_id,
    settled_amount,
    settled_on,
    builder_id
});

impl Validate for ProjectSettled {}
