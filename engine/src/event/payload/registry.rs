//! Topic cunwu.registry (events.md §6.6): reference data. Each event upserts the whole record
//! named by its key; with `"deleted": true` only the key members are required and the record is
//! removed.

use crate::event::enums::{CadreRole, DayType, LandType, Relation};
use crate::event::field::impl_members;
use crate::event::members;
use crate::event::validate::{
    require_unless_deleted, Checked, Validate, ValidationContext, Violation,
};
use crate::values::{Date, Decimal, Money, Text, Timestamp};
use serde::{Deserialize, Serialize};

/// `registry.person`: a villager, worker, payee or company officer. The envelope `village_id`
/// is the person's home village.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct RegistryPerson {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub person_id: Text,
    /// Name. Required unless deleted.
    #[serde(
        default,
        deserialize_with = "members::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<Text>,
    /// Household (户). Required unless deleted.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub household_id: Option<Text>,
    /// Member of the village's collective economic organisation. Required unless deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_member: Option<bool>,
    /// Still lives in the village. Required unless deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident: Option<bool>,
    /// Date of death.
    #[serde(
        default,
        deserialize_with = "members::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub deceased_on: Option<Date>,
    /// Accounts held in the person's own name (may be empty). Required unless deleted.
    #[serde(
        default,
        deserialize_with = "members::opt_texts",
        skip_serializing_if = "Option::is_none"
    )]
    pub bank_accounts: Option<Vec<Text>>,
    /// Approved labor pools the person belongs to.
    #[serde(
        default,
        deserialize_with = "members::opt_objects",
        skip_serializing_if = "Option::is_none"
    )]
    pub labor_pools: Option<Vec<LaborPool>>,
    /// Removes the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
}

/// Membership of an approved labor pool (劳务用工人员库).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct LaborPool {
    /// Village whose pool it is.
    #[serde(deserialize_with = "members::id")]
    pub village_id: Text,
    /// Admitted to the pool.
    #[serde(deserialize_with = "members::date")]
    pub approved_on: Date,
    /// Most labor pay the person may receive from that village in a calendar year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_cap: Option<Money>,
}

impl_members!(LaborPool {
    village_id,
    approved_on,
    annual_cap
});

impl_members!(RegistryPerson {
    person_id,
    name,
    household_id,
    is_member,
    resident,
    deceased_on,
    bank_accounts,
    labor_pools,
    deleted
});

impl Validate for RegistryPerson {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        require_unless_deleted(self.deleted, &self.name, "name")?;
        require_unless_deleted(self.deleted, &self.household_id, "household_id")?;
        require_unless_deleted(self.deleted, &self.is_member, "is_member")?;
        require_unless_deleted(self.deleted, &self.resident, "resident")?;
        require_unless_deleted(self.deleted, &self.bank_accounts, "bank_accounts")
    }
}

/// `registry.cadre`: a role held by a person in the envelope village, with its term.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct RegistryCadre {
    /// Cadre.
    #[serde(deserialize_with = "members::id")]
    pub person_id: Text,
    /// Role.
    pub role: CadreRole,
    /// First day of the term. Required unless deleted.
    #[serde(
        default,
        deserialize_with = "members::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub term_start: Option<Date>,
    /// Last day of the term; absent while serving.
    #[serde(
        default,
        deserialize_with = "members::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub term_end: Option<Date>,
    /// Monthly allowance standard set by resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowance_monthly: Option<Money>,
    /// Resolution that set the standard.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub allowance_resolution_id: Option<Text>,
    /// Removes the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
}

impl_members!(RegistryCadre {
    person_id,
    role,
    term_start,
    term_end,
    allowance_monthly,
    allowance_resolution_id,
    deleted
});

impl Validate for RegistryCadre {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        require_unless_deleted(self.deleted, &self.term_start, "term_start")
    }
}

/// `registry.kinship`: a cadre's declaration of a relative (亲属关系申报).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct RegistryKinship {
    /// Declaring cadre.
    #[serde(deserialize_with = "members::id")]
    pub cadre_id: Text,
    /// Relative; for `relation` = `none`, equal to `cadre_id`.
    #[serde(deserialize_with = "members::id")]
    pub relative_id: Text,
    /// Relationship. Required unless deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    /// When the cadre signed the declaration. Required unless deleted.
    #[serde(
        default,
        deserialize_with = "members::opt_timestamp",
        skip_serializing_if = "Option::is_none"
    )]
    pub declared_at: Option<Timestamp>,
    /// Removes the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
}

impl_members!(RegistryKinship {
    cadre_id,
    relative_id,
    relation,
    declared_at,
    deleted
});

impl Validate for RegistryKinship {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        require_unless_deleted(self.deleted, &self.relation, "relation")?;
        require_unless_deleted(self.deleted, &self.declared_at, "declared_at")?;
        if self.relation == Some(Relation::None) && self.relative_id != self.cadre_id {
            return Err(Violation::new(
                "relative_id",
                "must equal cadre_id when relation is none",
            ));
        }
        Ok(())
    }
}

/// `registry.company`: a company and the people who control it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct RegistryCompany {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub company_id: Text,
    /// Name. Required unless deleted.
    #[serde(
        default,
        deserialize_with = "members::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<Text>,
    /// Shareholders / owners (may be empty). Required unless deleted.
    #[serde(
        default,
        deserialize_with = "members::opt_ids",
        skip_serializing_if = "Option::is_none"
    )]
    pub owner_ids: Option<Vec<Text>>,
    /// Legal representative (法定代表人).
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub legal_rep_id: Option<Text>,
    /// Managers (may be empty). Required unless deleted.
    #[serde(
        default,
        deserialize_with = "members::opt_ids",
        skip_serializing_if = "Option::is_none"
    )]
    pub manager_ids: Option<Vec<Text>>,
    /// Removes the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
}

impl_members!(RegistryCompany {
    company_id,
    name,
    owner_ids,
    legal_rep_id,
    manager_ids,
    deleted
});

impl Validate for RegistryCompany {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        require_unless_deleted(self.deleted, &self.name, "name")?;
        require_unless_deleted(self.deleted, &self.owner_ids, "owner_ids")?;
        require_unless_deleted(self.deleted, &self.manager_ids, "manager_ids")
    }
}

/// `registry.land`: a land holding in the envelope village.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct RegistryLand {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub holding_id: Text,
    /// Person who holds the right. Required unless deleted.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub holder_id: Option<Text>,
    /// Household that holds the right. Required unless deleted.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub household_id: Option<Text>,
    /// Parcel (地块). Required unless deleted.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub parcel_id: Option<Text>,
    /// Contract farmland, homestead, forest, other. Required unless deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub land_type: Option<LandType>,
    /// Area, mu. Required unless deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_mu: Option<Decimal>,
    /// Right confirmed and certified (确权颁证). Required unless deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certified: Option<bool>,
    /// Removes the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
}

impl_members!(RegistryLand {
    holding_id,
    holder_id,
    household_id,
    parcel_id,
    land_type,
    area_mu,
    certified,
    deleted
});

impl Validate for RegistryLand {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        require_unless_deleted(self.deleted, &self.holder_id, "holder_id")?;
        require_unless_deleted(self.deleted, &self.household_id, "household_id")?;
        require_unless_deleted(self.deleted, &self.parcel_id, "parcel_id")?;
        require_unless_deleted(self.deleted, &self.land_type, "land_type")?;
        require_unless_deleted(self.deleted, &self.area_mu, "area_mu")?;
        require_unless_deleted(self.deleted, &self.certified, "certified")
    }
}

/// `registry.calendar`: a holiday, adjusted workday or festival day (global).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct RegistryCalendar {
    /// Record id.
    #[serde(deserialize_with = "members::date")]
    pub date: Date,
    /// `holiday`: not a working day; `workday`: a working day even on a weekend. Required
    /// unless deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_type: Option<DayType>,
    /// Festival name when the day is a festival day.
    #[serde(
        default,
        deserialize_with = "members::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub festival: Option<Text>,
    /// Removes the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
}

impl_members!(RegistryCalendar {
    date,
    day_type,
    festival,
    deleted
});

impl Validate for RegistryCalendar {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        require_unless_deleted(self.deleted, &self.day_type, "day_type")
    }
}
