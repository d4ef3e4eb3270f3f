//! [`AppState`]: what the API serves from — the store, the threshold catalog, the clock and
//! the token lifetime — beside the metrics and readiness every instance has.

use crate::api_store::ApiStore;
use crate::catalog::Catalog;
use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::readiness::Readiness;
use mingjing_engine::values::Timestamp;
use std::sync::Arc;

/// How long a login token lives unless the state says otherwise: 12 hours.
pub const DEFAULT_TOKEN_TTL_SECONDS: i64 = 12 * 3600;

/// The offset the wall clock is written in by default: China Standard Time.
pub const DEFAULT_OFFSET_SECONDS: i32 = 8 * 3600;

/// Where "now" comes from: the wall clock in service, a fixed or moving instant in tests.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// The wall clock, written in `offset_seconds`.
pub fn wall_clock(offset_seconds: i32) -> Clock {
    Arc::new(move || Timestamp::now(offset_seconds))
}

/// What the API serves from.
#[derive(Clone)]
pub struct AppState {
    pub metrics: Arc<Metrics>,
    pub readiness: Readiness,
    /// The alert store; `None` on an instance that serves only health and metrics, where the
    /// `/api` routes answer 503.
    pub store: Option<Arc<dyn ApiStore>>,
    /// The thresholds as loaded, with their current parameters.
    pub catalog: Arc<Catalog>,
    /// Lifetime of the tokens `POST /api/login` issues.
    pub token_ttl_seconds: i64,
    /// The time of actions, token checks and overdue judgements.
    pub clock: Clock,
}

impl AppState {
    /// Health and metrics only: no store, an empty catalog.
    pub fn health_only(metrics: Arc<Metrics>, readiness: Readiness) -> AppState {
        AppState {
            metrics,
            readiness,
            store: None,
            catalog: Arc::new(Catalog::default()),
            token_ttl_seconds: DEFAULT_TOKEN_TTL_SECONDS,
            clock: wall_clock(DEFAULT_OFFSET_SECONDS),
        }
    }

    /// The whole API over `store`, with the default token lifetime and the wall clock.
    pub fn new(
        metrics: Arc<Metrics>,
        readiness: Readiness,
        store: Arc<dyn ApiStore>,
        catalog: Arc<Catalog>,
    ) -> AppState {
        AppState {
            store: Some(store),
            catalog,
            ..AppState::health_only(metrics, readiness)
        }
    }

    /// The store, or 503 on an instance without one.
    pub fn store(&self) -> Result<&dyn ApiStore, ApiError> {
        self.store.as_deref().ok_or_else(|| {
            ApiError::Unavailable(
                "this instance serves no alert store: use `mingjing serve --db URL`".into(),
            )
        })
    }

    /// Now, by the state's clock.
    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }
}
