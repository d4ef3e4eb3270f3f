//! [`Readiness`]: whether the instance should receive work, and why not.
//!
//! `/healthz` says the process is alive; `/readyz` says it has connected and loaded its state,
//! so an orchestrator holds traffic (and a rolling restart waits) until it is.

use std::sync::{Arc, RwLock};

/// Shared readiness, set by the engine's run loop and read by `/readyz`.
#[derive(Clone, Debug)]
pub struct Readiness {
    not_ready_because: Arc<RwLock<Option<String>>>,
}

impl Default for Readiness {
    fn default() -> Self {
        Readiness::not_ready("starting")
    }
}

impl Readiness {
    /// Not ready, for `reason`.
    pub fn not_ready(reason: &str) -> Readiness {
        Readiness {
            not_ready_because: Arc::new(RwLock::new(Some(reason.to_string()))),
        }
    }

    /// Ready from the start (a process that serves an existing store only).
    pub fn ready() -> Readiness {
        Readiness {
            not_ready_because: Arc::new(RwLock::new(None)),
        }
    }

    pub fn set_ready(&self) {
        *self.write() = None;
    }

    pub fn set_not_ready(&self, reason: &str) {
        *self.write() = Some(reason.to_string());
    }

    /// `None` when ready, otherwise why not.
    pub fn reason(&self) -> Option<String> {
        match self.not_ready_because.read() {
            Ok(reason) => reason.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Option<String>> {
        match self.not_ready_because.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}
