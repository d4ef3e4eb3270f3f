//! The enumerations of events.md §4. Each value is written in JSON as its snake_case name.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// Defines a contract enumeration with its JSON names, `ALL`, `as_str`, `parse` and serde.
macro_rules! contract_enum {
    ($(#[$doc:meta])* $name:ident = $contract_name:literal { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(#[doc = concat!("`", $text, "`")] $variant,)+
        }

        impl $name {
            /// Every value, in the order of events.md §4.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The contract name of the enumeration.
            pub const CONTRACT_NAME: &'static str = $contract_name;

            /// The value as written in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value written as `text` in JSON, if it is one.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(EnumVisitor { contract_name: $contract_name, parse: $name::parse, values: &[$($text),+] })
            }
        }
    };
}

/// Reads a JSON string as one value of a contract enumeration.
struct EnumVisitor<T> {
    contract_name: &'static str,
    parse: fn(&str) -> Option<T>,
    values: &'static [&'static str],
}

impl<T> Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(
            formatter,
            "a string, one of the {} values",
            self.contract_name
        )
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        (self.parse)(text).ok_or_else(|| {
            E::custom(format!(
                "{text:?} is not a {} value (expected one of: {})",
                self.contract_name,
                self.values.join(", ")
            ))
        })
    }
}

contract_enum! {
    /// What an approval workflow approves.
    ApprovalKind = "approval_kind" {
        Labor = "labor",
        Payment = "payment",
        Procurement = "procurement",
        Seal = "seal",
        Project = "project",
        Contract = "contract",
        Lease = "lease",
        Subsidy = "subsidy",
        Compensation = "compensation",
        Homestead = "homestead",
        Distribution = "distribution",
        Resolution = "resolution",
    }
}

contract_enum! {
    /// Role that acts at an approval step.
    StepRole = "step_role" {
        Leader = "leader",
        Finance = "finance",
        Supervision = "supervision",
        Township = "township",
        Other = "other",
    }
}

contract_enum! {
    /// What happened at an approval step; `pending` means the step opened.
    StepAction = "step_action" {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
        Returned = "returned",
    }
}

contract_enum! {
    /// Final decision of an approval workflow.
    Decision = "decision" {
        Approved = "approved",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
}

contract_enum! {
    /// What a stamped document concerns.
    SealMatter = "seal_matter" {
        Labor = "labor",
        ConstructionContract = "construction_contract",
        Building = "building",
        Other = "other",
    }
}

contract_enum! {
    /// Procurement method of works.
    TenderMethod = "tender_method" {
        PublicTender = "public_tender",
        CompetitiveNegotiation = "competitive_negotiation",
        Inquiry = "inquiry",
        DirectAward = "direct_award",
        SelfBuild = "self_build",
    }
}

contract_enum! {
    /// Kind of a payee, supplier, counterparty, lessee or bidder.
    PartyType = "party_type" {
        Person = "person",
        Company = "company",
        Other = "other",
    }
}

contract_enum! {
    /// How money moved.
    MoneyMethod = "money_method" {
        Bank = "bank",
        Cash = "cash",
        Other = "other",
    }
}

contract_enum! {
    /// What a payment is for.
    Purpose = "purpose" {
        Goods = "goods",
        Services = "services",
        Construction = "construction",
        Labor = "labor",
        Hospitality = "hospitality",
        Allowance = "allowance",
        Welfare = "welfare",
        Gift = "gift",
        Compensation = "compensation",
        Distribution = "distribution",
        TaxFee = "tax_fee",
        Other = "other",
    }
}

contract_enum! {
    /// Kind of contract.
    ContractType = "contract_type" {
        Procurement = "procurement",
        Construction = "construction",
        Subcontract = "subcontract",
        Lease = "lease",
        Service = "service",
        Labor = "labor",
        Sale = "sale",
        Other = "other",
    }
}

contract_enum! {
    /// What a receivable is for.
    ReceivableKind = "receivable_kind" {
        Rent = "rent",
        Deposit = "deposit",
        Contract = "contract",
        Other = "other",
    }
}

contract_enum! {
    /// Kind of collective asset.
    AssetType = "asset_type" {
        Land = "land",
        Building = "building",
        Facility = "facility",
        Equipment = "equipment",
        Other = "other",
    }
}

contract_enum! {
    /// How a collective asset is used.
    UseStatus = "use_status" {
        SelfUse = "self_use",
        Leased = "leased",
        Idle = "idle",
    }
}

contract_enum! {
    /// What construction works build.
    ConstructionTarget = "construction_target" {
        Project = "project",
        Homestead = "homestead",
    }
}

contract_enum! {
    /// Body that voted a resolution.
    MeetingType = "meeting_type" {
        PartyBranch = "party_branch",
        JointCommittees = "joint_committees",
        PartyMembers = "party_members",
        VillagerReps = "villager_reps",
        MembersAssembly = "members_assembly",
        MembersReps = "members_reps",
    }
}

contract_enum! {
    /// Decision procedure a resolution concludes.
    Procedure = "procedure" {
        FiveStep = "five_step",
        Ordinary = "ordinary",
    }
}

contract_enum! {
    /// Category of a publication (三务公开).
    DisclosureCategory = "disclosure_category" {
        Finance = "finance",
        Affairs = "affairs",
        Party = "party",
    }
}

contract_enum! {
    /// Kind of a published item.
    ItemType = "item_type" {
        FinanceStatement = "finance_statement",
        Resolution = "resolution",
        Project = "project",
        Procurement = "procurement",
        Contract = "contract",
        AssetLease = "asset_lease",
        Subsidy = "subsidy",
        Compensation = "compensation",
        Homestead = "homestead",
        Distribution = "distribution",
        Labor = "labor",
        Other = "other",
    }
}

contract_enum! {
    /// A reporter's evaluation of the answer to a report.
    Satisfaction = "satisfaction" {
        Satisfied = "satisfied",
        BasicallySatisfied = "basically_satisfied",
        Unsatisfied = "unsatisfied",
        NoResponse = "no_response",
    }
}

contract_enum! {
    /// A cadre role.
    CadreRole = "cadre_role" {
        PartySecretary = "party_secretary",
        DeputySecretary = "deputy_secretary",
        Director = "director",
        DeputyDirector = "deputy_director",
        CommitteeMember = "committee_member",
        SupervisoryHead = "supervisory_head",
        SupervisoryMember = "supervisory_member",
        Accountant = "accountant",
        GroupLeader = "group_leader",
        Other = "other",
    }
}

contract_enum! {
    /// Relationship of a declared relative; `none` declares that there is nothing to declare.
    Relation = "relation" {
        Spouse = "spouse",
        Parent = "parent",
        Child = "child",
        Sibling = "sibling",
        Grandparent = "grandparent",
        Grandchild = "grandchild",
        ParentInLaw = "parent_in_law",
        ChildInLaw = "child_in_law",
        SiblingInLaw = "sibling_in_law",
        UncleAunt = "uncle_aunt",
        NephewNiece = "nephew_niece",
        Cousin = "cousin",
        None = "none",
    }
}

contract_enum! {
    /// Kind of land holding.
    LandType = "land_type" {
        ContractFarmland = "contract_farmland",
        Homestead = "homestead",
        Forest = "forest",
        Other = "other",
    }
}

contract_enum! {
    /// Whether a calendar day is worked.
    DayType = "day_type" {
        Workday = "workday",
        Holiday = "holiday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for value in Relation::ALL {
            assert_eq!(Relation::parse(value.as_str()), Some(*value));
        }
        assert_eq!(
            serde_json::to_string(&TenderMethod::DirectAward).unwrap(),
            "\"direct_award\""
        );
        let parsed: ApprovalKind = serde_json::from_str("\"homestead\"").unwrap();
        assert_eq!(parsed, ApprovalKind::Homestead);
    }

    #[test]
    fn unknown_values_name_the_enumeration() {
        let error = serde_json::from_str::<StepAction>("\"done\"")
            .unwrap_err()
            .to_string();
        assert!(error.contains("not a step_action value"), "{error}");
        assert!(
            error.contains("pending, approved, rejected, returned"),
            "{error}"
        );
    }
}
