//! The red/yellow flag of a village for a period: a village with many serious alerts, or many
//! that missed a deadline, is flagged for the commission's attention.

use serde::{Deserialize, Serialize};

/// How many serious or overdue alerts of a period flag a village. A village is red when either
/// count reaches its red limit, else yellow when either reaches its yellow limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagPolicy {
    pub red_serious: u64,
    pub red_overdue: u64,
    pub yellow_serious: u64,
    pub yellow_overdue: u64,
}

impl Default for FlagPolicy {
    /// One serious warning is already worth a look (yellow); three, or five missed deadlines,
    /// make the village a case for the commission (red).
    fn default() -> Self {
        FlagPolicy {
            red_serious: 3,
            red_overdue: 5,
            yellow_serious: 1,
            yellow_overdue: 2,
        }
    }
}

/// A village's flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VillageFlag {
    None,
    Yellow,
    Red,
}

impl FlagPolicy {
    /// The flag of a village with `serious` serious alerts and `overdue` alerts that missed a
    /// deadline in the period.
    pub fn flag(&self, serious: u64, overdue: u64) -> VillageFlag {
        if serious >= self.red_serious || overdue >= self.red_overdue {
            VillageFlag::Red
        } else if serious >= self.yellow_serious || overdue >= self.yellow_overdue {
            VillageFlag::Yellow
        } else {
            VillageFlag::None
        }
    }

    /// A policy whose limits are positive and whose red limits are not below the yellow ones.
    pub fn check(&self) -> Result<(), String> {
        let limits = [
            ("red_serious", self.red_serious),
            ("red_overdue", self.red_overdue),
            ("yellow_serious", self.yellow_serious),
            ("yellow_overdue", self.yellow_overdue),
        ];
        if let Some((name, _)) = limits.iter().find(|(_, limit)| *limit == 0) {
            return Err(format!("{name} must be at least 1"));
        }
        if self.red_serious < self.yellow_serious || self.red_overdue < self.yellow_overdue {
            return Err("a red limit is below its yellow limit".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_is_reached_at_its_value() {
        let policy = FlagPolicy::default();
        assert_eq!(policy.flag(0, 0), VillageFlag::None);
        assert_eq!(policy.flag(0, 1), VillageFlag::None);
        assert_eq!(policy.flag(1, 0), VillageFlag::Yellow);
        assert_eq!(policy.flag(0, 2), VillageFlag::Yellow);
        assert_eq!(policy.flag(2, 4), VillageFlag::Yellow);
        assert_eq!(policy.flag(3, 0), VillageFlag::Red);
        assert_eq!(policy.flag(0, 5), VillageFlag::Red);
    }

    #[test]
    fn inconsistent_policies_are_refused() {
        assert!(FlagPolicy::default().check().is_ok());
        let zero = FlagPolicy {
            yellow_serious: 0,
            ..FlagPolicy::default()
        };
        assert_eq!(
            zero.check().unwrap_err(),
            "yellow_serious must be at least 1"
        );
        let inverted = FlagPolicy {
            red_overdue: 1,
            ..FlagPolicy::default()
        };
        assert!(inverted.check().is_err());
    }
}
