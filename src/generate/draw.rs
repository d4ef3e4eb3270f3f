//! Which case one business activity carries — ordinary, a planted anomaly or a near miss — drawn
//! at the configured rates, with the kinds of anomaly and near miss handed out in turn.

use rand::Rng;
use std::collections::HashMap;
use std::hash::Hash;

use super::cases::Rotation;
use super::config::GenerateConfig;
use super::context::Ctx;
use super::threshold::Threshold;

/// The case of one activity; a planted kind comes with how many times it was drawn before, so
/// that kinds with several variants use them in turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick<A, N> {
    Normal,
    Anomaly(A, u32),
    NearMiss(N, u32),
}

impl<A: Copy, N: Copy> Pick<A, N> {
    /// Counts a planted case in the summary under the threshold `anomaly` or `near_miss` names
    /// for it; an ordinary activity counts nothing.
    pub fn count(
        self,
        ctx: &mut Ctx,
        anomaly: impl Fn(A) -> Threshold,
        near_miss: impl Fn(N) -> Threshold,
    ) {
        match self {
            Pick::Normal => {}
            Pick::Anomaly(kind, _) => ctx.count_planted(anomaly(kind)),
            Pick::NearMiss(kind, _) => ctx.count_near_miss(near_miss(kind)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct CaseDraw<A: Copy + Eq + Hash, N: Copy + Eq + Hash> {
    anomaly_rate: f64,
    near_miss_rate: f64,
    anomalies: Rotation<A>,
    near_misses: Rotation<N>,
    anomaly_uses: HashMap<A, u32>,
    near_miss_uses: HashMap<N, u32>,
}

impl<A: Copy + Eq + Hash, N: Copy + Eq + Hash> CaseDraw<A, N> {
    pub fn new(config: &GenerateConfig, anomalies: &[A], near_misses: &[N]) -> Self {
        Self {
            anomaly_rate: config.anomaly_rate,
            near_miss_rate: config.near_miss_rate,
            anomalies: Rotation::new(anomalies),
            near_misses: Rotation::new(near_misses),
            anomaly_uses: HashMap::new(),
            near_miss_uses: HashMap::new(),
        }
    }

    /// Draws the case of one activity from `x`, uniform in [0, 1) (drawn by the caller from
    /// the village's stream). `fits_anomaly` and `fits_near_miss` say whether a kind can be
    /// planted now; when none fits, the activity is ordinary.
    pub fn draw(
        &mut self,
        x: f64,
        mut fits_anomaly: impl FnMut(A) -> bool,
        mut fits_near_miss: impl FnMut(N) -> bool,
    ) -> Pick<A, N> {
        if x < self.anomaly_rate {
            if let Some((kind, ())) = self.anomalies.take(|k| fits_anomaly(k).then_some(())) {
                let uses = self.anomaly_uses.entry(kind).or_insert(0);
                *uses += 1;
                return Pick::Anomaly(kind, *uses - 1);
            }
        } else if x < self.anomaly_rate + self.near_miss_rate {
            if let Some((kind, ())) = self.near_misses.take(|k| fits_near_miss(k).then_some(())) {
                let uses = self.near_miss_uses.entry(kind).or_insert(0);
                *uses += 1;
                return Pick::NearMiss(kind, *uses - 1);
            }
        }
        Pick::Normal
    }
}

/// Number of events of a Poisson distribution with mean `lambda`.
pub fn poisson(rng: &mut impl Rng, lambda: f64) -> u32 {
    let limit = (-lambda).exp();
    let mut k = 0;
    let mut p: f64 = rng.gen();
    while p > limit {
        k += 1;
        p *= rng.gen::<f64>();
    }
    k
}
