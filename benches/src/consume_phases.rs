//! Where `mingjing run`'s consuming loop spends its time, read from its phase histogram
//! (`mingjing_consume_phase_duration_seconds`) on /metrics.

const METRIC: &str = "mingjing_consume_phase_duration_seconds";

/// One phase's histogram: total time, rounds and the cumulative bucket counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PhaseTotals {
    pub phase: String,
    pub seconds: f64,
    pub rounds: u64,
    /// (upper bound in seconds, rounds at most that long), by rising bound.
    pub buckets: Vec<(f64, u64)>,
}

impl PhaseTotals {
    /// What happened between `earlier` and `self`.
    pub fn since(&self, earlier: Option<&PhaseTotals>) -> PhaseTotals {
        let Some(earlier) = earlier else {
            return self.clone();
        };
        let before = |bound: f64| {
            earlier
                .buckets
                .iter()
                .find(|(b, _)| *b == bound)
                .map_or(0, |(_, n)| *n)
        };
        PhaseTotals {
            phase: self.phase.clone(),
            seconds: self.seconds - earlier.seconds,
            rounds: self.rounds.saturating_sub(earlier.rounds),
            buckets: self
                .buckets
                .iter()
                .map(|&(bound, n)| (bound, n.saturating_sub(before(bound))))
                .collect(),
        }
    }

    /// The smallest bucket bound no round exceeded; None without rounds or when a round
    /// outlasted every finite bucket.
    pub fn longest_at_most(&self) -> Option<f64> {
        if self.rounds == 0 {
            return None;
        }
        self.buckets
            .iter()
            .find(|(bound, n)| bound.is_finite() && *n >= self.rounds)
            .map(|(bound, _)| *bound)
    }

    /// Rounds longer than the largest bucket bound at or below `seconds`.
    pub fn rounds_over(&self, seconds: f64) -> u64 {
        let within = self
            .buckets
            .iter()
            .filter(|(bound, _)| *bound <= seconds)
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0);
        self.rounds.saturating_sub(within)
    }
}

/// Every phase in a /metrics text, in the order the phases first appear.
pub fn consume_phases(metrics: &str) -> Vec<PhaseTotals> {
    let mut phases: Vec<PhaseTotals> = Vec::new();
    for line in metrics.lines() {
        let Some(rest) = line.strip_prefix(METRIC) else {
            continue;
        };
        let Some((series, labels, value)) = split_sample(rest) else {
            continue;
        };
        let Some(phase) = label(labels, "phase") else {
            continue;
        };
        let index = match phases.iter().position(|p| p.phase == phase) {
            Some(index) => index,
            None => {
                phases.push(PhaseTotals {
                    phase: phase.to_string(),
                    ..PhaseTotals::default()
                });
                phases.len() - 1
            }
        };
        let totals = &mut phases[index];
        match series {
            "_sum" => totals.seconds = value,
            "_count" => totals.rounds = value as u64,
            "_bucket" => {
                let bound = match label(labels, "le") {
                    Some("+Inf") => f64::INFINITY,
                    Some(text) => match text.parse() {
                        Ok(bound) => bound,
                        Err(_) => continue,
                    },
                    None => continue,
                };
                totals.buckets.push((bound, value as u64));
            }
            _ => {}
        }
    }
    phases
}

/// `_sum{phase="apply"} 1.5` → ("_sum", `phase="apply"`, 1.5).
fn split_sample(rest: &str) -> Option<(&str, &str, f64)> {
    let (series, rest) = rest.split_once('{')?;
    let (labels, value) = rest.split_once('}')?;
    Some((series, labels, value.trim().parse().ok()?))
}

fn label<'a>(labels: &'a str, name: &str) -> Option<&'a str> {
    labels.split(',').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key.trim() == name).then(|| value.trim().trim_matches('"'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const METRICS: &str = r#"# HELP mingjing_consume_phase_duration_seconds Duration of each phase
mingjing_consume_phase_duration_seconds_bucket{phase="apply",le="0.05"} 8
mingjing_consume_phase_duration_seconds_bucket{phase="apply",le="0.1"} 9
mingjing_consume_phase_duration_seconds_bucket{phase="apply",le="0.2"} 10
mingjing_consume_phase_duration_seconds_bucket{phase="apply",le="+Inf"} 10
mingjing_consume_phase_duration_seconds_sum{phase="apply"} 0.75
mingjing_consume_phase_duration_seconds_count{phase="apply"} 10
mingjing_consume_phase_duration_seconds_bucket{phase="flush",le="0.05"} 3
mingjing_consume_phase_duration_seconds_bucket{phase="flush",le="0.1"} 3
mingjing_consume_phase_duration_seconds_bucket{phase="flush",le="0.2"} 3
mingjing_consume_phase_duration_seconds_bucket{phase="flush",le="+Inf"} 4
mingjing_consume_phase_duration_seconds_sum{phase="flush"} 2.5
mingjing_consume_phase_duration_seconds_count{phase="flush"} 4
mingjing_store_operation_duration_seconds_sum{operation="upsert_alerts"} 9
"#;

    #[test]
    fn phases_are_read_with_their_time_rounds_and_longest_round() {
        let phases = consume_phases(METRICS);
        assert_eq!(phases.len(), 2, "other histograms are left out");
        let apply = &phases[0];
        assert_eq!((apply.phase.as_str(), apply.rounds), ("apply", 10));
        assert_eq!(apply.seconds, 0.75);
        assert_eq!(apply.longest_at_most(), Some(0.2));
        assert_eq!(apply.rounds_over(0.1), 1);
        assert_eq!(apply.rounds_over(0.15), 1, "counted from the bucket at 0.1");
        let flush = &phases[1];
        assert_eq!(flush.longest_at_most(), None, "one round outlasted 0.2 s");
        assert_eq!(flush.rounds_over(0.2), 1);
    }

    #[test]
    fn a_later_reading_less_an_earlier_one_is_what_happened_between() {
        let earlier = consume_phases(METRICS);
        let later = consume_phases(
            &METRICS
                .replace(r#"le="0.05"} 8"#, r#"le="0.05"} 18"#)
                .replace(r#"le="0.1"} 9"#, r#"le="0.1"} 19"#)
                .replace(r#"apply",le="0.2"} 10"#, r#"apply",le="0.2"} 20"#)
                .replace(r#"apply",le="+Inf"} 10"#, r#"apply",le="+Inf"} 20"#)
                .replace(r#"sum{phase="apply"} 0.75"#, r#"sum{phase="apply"} 1.25"#)
                .replace(r#"count{phase="apply"} 10"#, r#"count{phase="apply"} 20"#),
        );
        let between = later[0].since(earlier.iter().find(|p| p.phase == "apply"));
        assert_eq!(between.rounds, 10);
        assert_eq!(between.seconds, 0.5);
        assert_eq!(between.longest_at_most(), Some(0.05), "all ten were short");
        assert_eq!(between.rounds_over(0.05), 0);
    }
}
