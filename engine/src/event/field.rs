//! Members of an event by contract name, converted to Rhai values for rule scripts.

use super::enums::*;
use super::Event;
use crate::values::{Date, Decimal, Money, Period, Text, Timestamp};
use rhai::Dynamic;

/// A member value as rule scripts see it; `None` when the member is absent.
pub(crate) trait ToDynamic {
    fn to_dynamic(&self) -> Option<Dynamic>;

    /// For an object: its member `name`.
    fn object_member(&self, _name: &str) -> Option<Dynamic> {
        None
    }

    /// For a list: the member `name` of each item, in list order (`None` where an item lacks
    /// it or is not an object), read without turning the items into maps.
    fn items_member(&self, _name: &str) -> Option<Vec<Option<Dynamic>>> {
        None
    }
}

/// A payload struct, or an object inside one, whose members can be read by contract name.
pub(crate) trait Members {
    /// The member `name`, or `None` when it is absent or not a member.
    fn member(&self, name: &str) -> Option<Dynamic>;
    /// All present members.
    fn to_map(&self) -> rhai::Map;
    /// For the list member `list`: the member `name` of each of its items (see
    /// [`ToDynamic::items_member`]); `None` when `list` is absent or not a list.
    fn items_member(&self, list: &str, name: &str) -> Option<Vec<Option<Dynamic>>>;
}

/// Implements [`Members`] and [`ToDynamic`] (as a Rhai map) for a struct whose field names are
/// the contract member names.
macro_rules! impl_members {
    ($type:ty { $($member:ident),* $(,)? }) => {
        impl $crate::event::field::Members for $type {
            fn member(&self, name: &str) -> Option<rhai::Dynamic> {
                use $crate::event::field::ToDynamic;
                match name {
                    $(stringify!($member) => self.$member.to_dynamic(),)*
                    _ => None,
                }
            }

            fn to_map(&self) -> rhai::Map {
                use $crate::event::field::ToDynamic;
                let mut map = rhai::Map::new();
                $(
                    if let Some(value) = self.$member.to_dynamic() {
                        map.insert(stringify!($member).into(), value);
                    }
                )*
                map
            }

            fn items_member(&self, list: &str, name: &str) -> Option<Vec<Option<rhai::Dynamic>>> {
                use $crate::event::field::ToDynamic;
                match list {
                    $(stringify!($member) => self.$member.items_member(name),)*
                    _ => None,
                }
            }
        }

        impl $crate::event::field::ToDynamic for $type {
            fn to_dynamic(&self) -> Option<rhai::Dynamic> {
                Some(rhai::Dynamic::from_map($crate::event::field::Members::to_map(self)))
            }

            fn object_member(&self, name: &str) -> Option<rhai::Dynamic> {
                $crate::event::field::Members::member(self, name)
            }
        }
    };
}
pub(crate) use impl_members;

impl ToDynamic for Text {
    fn to_dynamic(&self) -> Option<Dynamic> {
        Some(Dynamic::from(self.clone()))
    }
}

impl ToDynamic for i64 {
    fn to_dynamic(&self) -> Option<Dynamic> {
        Some(Dynamic::from(*self))
    }
}

impl ToDynamic for bool {
    fn to_dynamic(&self) -> Option<Dynamic> {
        Some(Dynamic::from(*self))
    }
}

/// Values that rule scripts receive as the Rust type itself.
macro_rules! custom_type_to_dynamic {
    ($($type:ty),*) => {
        $(
            impl ToDynamic for $type {
                fn to_dynamic(&self) -> Option<Dynamic> {
                    Some(Dynamic::from(*self))
                }
            }
        )*
    };
}
custom_type_to_dynamic!(Money, Decimal, Date, Timestamp, Period);

/// Enumerations reach rule scripts as their JSON strings.
macro_rules! enum_to_dynamic {
    ($($type:ty),*) => {
        $(
            impl ToDynamic for $type {
                fn to_dynamic(&self) -> Option<Dynamic> {
                    Some(Dynamic::from(self.as_str()))
                }
            }
        )*
    };
}
enum_to_dynamic!(
    ApprovalKind,
    StepRole,
    StepAction,
    Decision,
    SealMatter,
    TenderMethod,
    PartyType,
    MoneyMethod,
    Purpose,
    ContractType,
    ReceivableKind,
    AssetType,
    UseStatus,
    ConstructionTarget,
    MeetingType,
    Procedure,
    DisclosureCategory,
    ItemType,
    Satisfaction,
    CadreRole,
    Relation,
    LandType,
    DayType
);

impl<T: ToDynamic> ToDynamic for Option<T> {
    fn to_dynamic(&self) -> Option<Dynamic> {
        self.as_ref().and_then(ToDynamic::to_dynamic)
    }

    fn object_member(&self, name: &str) -> Option<Dynamic> {
        self.as_ref().and_then(|value| value.object_member(name))
    }

    fn items_member(&self, name: &str) -> Option<Vec<Option<Dynamic>>> {
        self.as_ref().and_then(|value| value.items_member(name))
    }
}

impl<T: ToDynamic> ToDynamic for Vec<T> {
    fn to_dynamic(&self) -> Option<Dynamic> {
        Some(Dynamic::from_array(
            self.iter().filter_map(ToDynamic::to_dynamic).collect(),
        ))
    }

    fn items_member(&self, name: &str) -> Option<Vec<Option<Dynamic>>> {
        Some(self.iter().map(|item| item.object_member(name)).collect())
    }
}

impl Event {
    /// An envelope member (`event_id`, `type`, `occurred_at`, `township_id`, `village_id`) or a
    /// payload member by its contract name, as rule scripts see it; `None` when absent.
    ///
    /// Ids and strings become Rhai strings (shared, not copied), enumerations their JSON string,
    /// integers `INT`, booleans `bool`; money, decimals, dates, timestamps and periods stay
    /// [`Money`], [`Decimal`], [`Date`], [`Timestamp`] and [`Period`]; arrays become Rhai arrays
    /// and objects Rhai maps of their present members.
    pub fn field(&self, name: &str) -> Option<Dynamic> {
        match name {
            "event_id" => self.event_id.to_dynamic(),
            "type" => Some(Dynamic::from(self.event_type.script_name())),
            "occurred_at" => self.occurred_at.to_dynamic(),
            "township_id" => self.township_id.to_dynamic(),
            "village_id" => self.village_id.to_dynamic(),
            _ => self.payload.member(name),
        }
    }

    /// For the payload list `list` (`lines`): the member `name` of each of its items, in list
    /// order, `None` where an item lacks it; `None` when `list` is absent or not a list. Reads
    /// `lines.worker_id` without building every line as a map.
    pub fn items_member(&self, list: &str, name: &str) -> Option<Vec<Option<Dynamic>>> {
        self.payload.items_member(list, name)
    }
}
