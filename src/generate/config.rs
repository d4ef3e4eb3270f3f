//! Parameters of a generated city.

use chrono::{Days, NaiveDate};

/// Average number of villages per township in the modelled city (537 villages, 14 townships).
pub const VILLAGES_PER_TOWNSHIP: f64 = 38.0;

/// What to generate: size of the city, covered period, seed and rates of planted cases.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateConfig {
    /// Number of villages (`vl-0001`, ...).
    pub villages: u32,
    /// Number of townships (`ts-01`, ...); villages are spread over them in contiguous blocks.
    pub townships: u32,
    /// Number of days of business events, starting at `start_date`.
    pub days: u32,
    /// Seed of every random choice; the same configuration gives byte-identical output.
    pub seed: u64,
    /// First day of business events; registry events are dated before it.
    pub start_date: NaiveDate,
    /// Fraction of activities (labor jobs, seal applications, payments, purchases, cash counts,
    /// receipts, contracts, asset register entries, leases and rents, projects) that carry a
    /// planted anomaly.
    pub anomaly_rate: f64,
    /// Fraction of activities that carry a planted near miss.
    pub near_miss_rate: f64,
    /// Average number of labor jobs a village starts per week.
    pub jobs_per_village_per_week: f64,
}

impl Default for GenerateConfig {
    fn default() -> Self {
        Self {
            villages: 537,
            townships: Self::townships_for(537),
            days: 365,
            seed: 1,
            start_date: NaiveDate::from_ymd_opt(2023, 1, 1).expect("valid date"),
            anomaly_rate: 0.02,
            near_miss_rate: 0.02,
            jobs_per_village_per_week: 3.0,
        }
    }
}

/// Quarterly activities (publications, supervisory checks) are few: they carry cases at this
/// many times the configured rates, or a proof city would not plant them reliably.
const QUARTERLY_RATE_FACTOR: f64 = 5.0;

impl GenerateConfig {
    /// This configuration with the case rates of quarterly activities: five times the
    /// configured ones, capped so that most quarters stay ordinary.
    pub fn for_quarterly_cases(&self) -> GenerateConfig {
        let anomaly_rate = (self.anomaly_rate * QUARTERLY_RATE_FACTOR).min(0.45);
        GenerateConfig {
            anomaly_rate,
            near_miss_rate: (self.near_miss_rate * QUARTERLY_RATE_FACTOR).min(0.9 - anomaly_rate),
            ..self.clone()
        }
    }

    /// Default township count for a number of villages: about one per 38 villages, at least one.
    pub fn townships_for(villages: u32) -> u32 {
        ((f64::from(villages) / VILLAGES_PER_TOWNSHIP).round() as u32).max(1)
    }

    /// The default configuration resized to `villages`, with the matching township count.
    pub fn with_villages(villages: u32) -> Self {
        Self {
            villages,
            townships: Self::townships_for(villages),
            ..Self::default()
        }
    }

    /// Last day that carries business events.
    pub fn last_day(&self) -> NaiveDate {
        self.start_date + Days::new(u64::from(self.days.max(1)) - 1)
    }

    pub(crate) fn township_count(&self) -> u32 {
        self.townships.clamp(1, self.villages.max(1))
    }

    pub(crate) fn validate(&self) -> std::io::Result<()> {
        let invalid = |message: &str| {
            Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                message.to_string(),
            ))
        };
        if self.villages == 0 {
            return invalid("villages must be at least 1");
        }
        if self.days == 0 {
            return invalid("days must be at least 1");
        }
        let rate_ok = |r: f64| (0.0..=1.0).contains(&r);
        if !rate_ok(self.anomaly_rate) || !rate_ok(self.near_miss_rate) {
            return invalid("anomaly_rate and near_miss_rate must be between 0 and 1");
        }
        if self.anomaly_rate + self.near_miss_rate > 1.0 {
            return invalid("anomaly_rate + near_miss_rate must not exceed 1");
        }
        if !(self.jobs_per_village_per_week.is_finite() && self.jobs_per_village_per_week >= 0.0) {
            return invalid("jobs_per_village_per_week must be a non-negative number");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn township_default_follows_village_count() {
        assert_eq!(GenerateConfig::townships_for(537), 14);
        assert_eq!(GenerateConfig::townships_for(20), 1);
        assert_eq!(GenerateConfig::townships_for(1), 1);
        assert_eq!(GenerateConfig::default().townships, 14);
    }

    #[test]
    fn last_day_counts_the_start_day() {
        let config = GenerateConfig::default();
        assert_eq!(
            config.last_day(),
            NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()
        );
    }
}
