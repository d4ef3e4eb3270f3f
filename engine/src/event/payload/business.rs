//! Topic cunwu.business (events.md §6.4): purchases, contracts, receivables, leases, assets and
//! vehicle fuel.

use crate::event::enums::{AssetType, ContractType, PartyType, ReceivableKind, UseStatus};
use crate::event::field::impl_members;
use crate::event::members;
use crate::event::validate::{Checked, Validate, ValidationContext, Violation};
use crate::values::{Date, Decimal, Money, Text};
use serde::{Deserialize, Serialize};

/// `procurement.order`: a purchase of goods or services.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ProcurementOrder {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub order_id: Text,
    /// Supplier (person or company).
    #[serde(deserialize_with = "members::id")]
    pub supplier_id: Text,
    /// Kind of supplier.
    pub supplier_type: PartyType,
    /// Goods/service category code.
    #[serde(deserialize_with = "members::text")]
    pub category: Text,
    /// Order total.
    pub amount: Money,
    /// Number of quotes compared (比价), ≥ 0.
    #[serde(deserialize_with = "members::non_negative_integer")]
    pub quotes_count: i64,
    /// Bought through the designated procurement platform.
    pub via_platform: bool,
    /// Order date.
    #[serde(deserialize_with = "members::date")]
    pub ordered_on: Date,
    /// Delivery / acceptance date.
    #[serde(
        default,
        deserialize_with = "members::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub delivered_on: Option<Date>,
    /// Order lines.
    #[serde(
        default,
        deserialize_with = "members::opt_objects",
        skip_serializing_if = "Option::is_none"
    )]
    pub lines: Option<Vec<OrderLine>>,
}

/// One line of a purchase.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct OrderLine {
    /// Item.
    #[serde(deserialize_with = "members::text")]
    pub item: Text,
    /// Quantity.
    pub quantity: Decimal,
    /// Unit price paid.
    pub unit_price: Money,
    /// Reference unit price from the price library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_unit_price: Option<Money>,
}

impl_members!(OrderLine {
    item,
    quantity,
    unit_price,
    reference_unit_price
});

impl_members!(ProcurementOrder {
    order_id,
    supplier_id,
    supplier_type,
    category,
    amount,
    quotes_count,
    via_platform,
    ordered_on,
    delivered_on,
    lines
});

impl Validate for ProcurementOrder {}

/// `contract.recorded`: a contract, or a supplement when `parent_contract_id` is set.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ContractRecorded {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub contract_id: Text,
    /// Kind of contract.
    pub contract_type: ContractType,
    /// Main contract a supplement amends.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub parent_contract_id: Option<Text>,
    /// Order, project or lease it executes.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_id: Option<Text>,
    /// Title.
    #[serde(deserialize_with = "members::text")]
    pub title: Text,
    /// Counterparty (乙方).
    #[serde(deserialize_with = "members::id")]
    pub party_b_id: Text,
    /// Kind of counterparty.
    pub party_b_type: PartyType,
    /// Contract amount (for a supplement: the amount it adds).
    pub amount: Money,
    /// Signing date.
    #[serde(deserialize_with = "members::date")]
    pub signed_on: Date,
    /// Resolution that approved it.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub resolution_id: Option<Text>,
    /// Approval that authorised it.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub approval_id: Option<Text>,
}

impl_members!(ContractRecorded {
    contract_id,
    contract_type,
    parent_contract_id,
    subject_id,
    title,
    party_b_id,
    party_b_type,
    amount,
    signed_on,
    resolution_id,
    approval_id,
});

impl Validate for ContractRecorded {}

/// `receivable.due`: money owed to the village with a due date.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct ReceivableDue {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub receivable_id: Text,
    /// Rent, deposit, contract proceeds or other.
    pub kind: ReceivableKind,
    /// Who owes it.
    #[serde(deserialize_with = "members::id")]
    pub debtor_id: Text,
    /// Amount due.
    pub amount: Money,
    /// Due date.
    #[serde(deserialize_with = "members::date")]
    pub due_date: Date,
    /// Lease it arises from.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub lease_id: Option<Text>,
    /// Contract it arises from.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub contract_id: Option<Text>,
}

impl_members!(ReceivableDue {
    receivable_id,
    kind,
    debtor_id,
    amount,
    due_date,
    lease_id,
    contract_id
});

impl Validate for ReceivableDue {}

/// `lease.recorded`: a lease of a collective asset. Constraint: `end_date` ≥ `start_date`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct LeaseRecorded {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub lease_id: Text,
    /// Asset leased.
    #[serde(deserialize_with = "members::id")]
    pub asset_id: Text,
    /// Lessee (person or company).
    #[serde(deserialize_with = "members::id")]
    pub lessee_id: Text,
    /// Kind of lessee.
    pub lessee_type: PartyType,
    /// First day of the term.
    #[serde(deserialize_with = "members::date")]
    pub start_date: Date,
    /// Last day of the term.
    #[serde(deserialize_with = "members::date")]
    pub end_date: Date,
    /// Rent per year.
    pub annual_rent: Money,
    /// Let through the rural property rights exchange.
    pub via_exchange: bool,
    /// Lease this one renews.
    #[serde(
        default,
        deserialize_with = "members::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub previous_lease_id: Option<Text>,
}

impl_members!(LeaseRecorded {
    lease_id,
    asset_id,
    lessee_id,
    lessee_type,
    start_date,
    end_date,
    annual_rent,
    via_exchange,
    previous_lease_id
});

impl Validate for LeaseRecorded {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        if self.end_date < self.start_date {
            return Err(Violation::new(
                "end_date",
                format!("{} is before start_date {}", self.end_date, self.start_date),
            ));
        }
        Ok(())
    }
}

/// `asset.recorded`: the whole current register entry of a collective asset (upsert).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct AssetRecorded {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub asset_id: Text,
    /// Name.
    #[serde(deserialize_with = "members::text")]
    pub name: Text,
    /// Kind of asset.
    pub asset_type: AssetType,
    /// Area in the register, m².
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_m2: Option<Decimal>,
    /// Area surveyed in the natural-resources GIS, m².
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gis_area_m2: Option<Decimal>,
    /// Used by the village, leased out, or idle.
    pub use_status: UseStatus,
    /// Day the current `use_status` began.
    #[serde(deserialize_with = "members::date")]
    pub status_since: Date,
}

impl_members!(AssetRecorded {
    asset_id,
    name,
    asset_type,
    area_m2,
    gis_area_m2,
    use_status,
    status_since
});

impl Validate for AssetRecorded {}

/// `vehicle.refueled`: a fuel-card refuel of a village vehicle.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(expecting = "a JSON object")]
pub struct VehicleRefueled {
    /// Record id.
    #[serde(deserialize_with = "members::id")]
    pub refuel_id: Text,
    /// Vehicle.
    #[serde(deserialize_with = "members::id")]
    pub vehicle_id: Text,
    /// Fuel taken, liters, > 0.
    pub liters: Decimal,
    /// Tank capacity of the vehicle, liters, > 0.
    pub tank_capacity_l: Decimal,
    /// Price paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
}

impl_members!(VehicleRefueled {
    refuel_id,
    vehicle_id,
    liters,
    tank_capacity_l,
    amount
});

impl Validate for VehicleRefueled {
    fn validate(&self, _context: &ValidationContext) -> Checked {
        for (value, member) in [
            (self.liters, "liters"),
            (self.tank_capacity_l, "tank_capacity_l"),
        ] {
            if !value.is_positive() {
                return Err(Violation::new(
                    member,
                    format!("must be greater than 0, got {value}"),
                ));
            }
        }
        Ok(())
    }
}
